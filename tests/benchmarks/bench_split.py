"""Benchmark: split a generated 40-page concluding-observations text (~120 paragraphs).

    .venv/bin/python tests/benchmarks/bench_split.py

The text is generated here (headings every few paragraphs, lettered sub-paragraphs, a page
header, page number and job number every ~3 paragraphs, paragraphs broken over the page).
Prints the size, what was found and the best of five runs; the target is 1 second or less.
No database, no Django.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from recommendations.reviews.splitter import split  # noqa: E402

SENTENCE = (
    "The Committee notes the information provided by the delegation on the measures taken "
    "in this area, including legislative amendments, policies and programmes, and the "
    "allocation of resources to the institutions responsible for their implementation. "
)


def generate(paragraphs: int = 120, pages: int = 40) -> str:
    lines = []
    per_page = max(1, paragraphs // pages)
    page = 1
    for n in range(1, paragraphs + 1):
        if n % 6 == 1:
            lines.append(f"Heading number {n // 6 + 1} of the generated text")
        if n % 3 == 0:
            lines.append(f"{n}. The Committee recommends that the State party:")
            for letter in "abcdef":
                lines.append(f"({letter}) {SENTENCE.strip()[:-1]};")
        else:
            words = (SENTENCE * 4).split()
            body = f"{n}. " + " ".join(words)
            # Wrap at about 90 characters, as a PDF's text does when pasted.
            line = ""
            for word in body.split():
                if len(line) + len(word) > 90:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}".strip()
            lines.append(line)
        if n % per_page == 0:
            # The page break falls inside the next paragraph's first line: keep it simple and
            # put the furniture between two lines of this paragraph's text.
            lines[-2:-1] = [lines[-2], "", "CEDAW/C/TST/CO/7", "", f"{page}/{pages}", "GE.26-00001"]
            page += 1
    return "\n".join(lines) + "\n"


def main() -> None:
    text = generate()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        result = split(text)
        best = min(best, time.perf_counter() - start)
    kinds: dict[str, int] = {}
    for paragraph in result.paragraphs:
        kinds[paragraph.kind] = kinds.get(paragraph.kind, 0) + 1
    print(f"text: {len(text):,} characters, {text.count(chr(10)):,} lines, 40 pages")
    print(f"paragraphs: {len(result.paragraphs)}, items: {len(result.items)}, kinds: {kinds}")
    print(f"split: {best * 1000:.1f} ms (best of 5; target <= 1000 ms)")


if __name__ == "__main__":
    main()
