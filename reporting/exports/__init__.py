"""Writers of report files: Word (python-docx), PDF (WeasyPrint), Excel (openpyxl) and the
PNG charts they embed (matplotlib). Each takes plain report data and returns bytes."""
