"""Writers of report files: Word (python-docx), PDF (Typst), Excel (openpyxl) and the
PNG charts they embed (matplotlib). Each takes plain report data and returns bytes."""

# The media type each output format is served as, by the workspace pages and the API.
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
