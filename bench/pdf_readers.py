"""Which PDF library reads the corpus PDFs (tests/data/documents/*.pdf) best: same tasks as the .txt, and time.

    .venv/bin/pip install pdfplumber pypdf && .venv/bin/python bench/pdf_readers.py

hrcli's reader is pdfminer.six with the page geometry (hrcli/read/pdf.py); pdfplumber and pypdf are read
with their plain text extraction and the same parser.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

from hrcli.parse.notice import parse_notice

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ["linfen", "shanxi", "qinghai", "sixian", "nanchang"]


def hrcli_pdfminer(data: bytes) -> str:
    from hrcli.read.pdf import pdf_text

    return pdf_text(data, "x.pdf")


def pdfplumber_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def tasks(text: str, slug: str) -> list:
    try:
        notice = parse_notice(text, slug)
    except Exception:
        return []
    return [(t.number, t.title, [d.name for d in t.departments], t.lead) for t in notice.tasks]


def main() -> None:
    print("reader\tnotice\tseconds\ttasks\tsame tasks as .txt\tsame tasks")
    for reader in (hrcli_pdfminer, pdfplumber_text, pypdf_text):
        for slug in REGIONS:
            expected = tasks((ROOT / "corpus" / f"{slug}.txt").read_text(encoding="utf-8"), slug)
            data = (ROOT / "tests" / "data" / "documents" / f"{slug}.pdf").read_bytes()
            start = time.perf_counter()
            text = reader(data)
            elapsed = time.perf_counter() - start
            got = tasks(text, slug)
            same = sum(1 for a, b in zip(expected, got) if a == b)
            print(f"{reader.__name__}\t{slug}\t{elapsed:.2f}\t{len(got)}/{len(expected)}\t{got == expected}\t{same}")


if __name__ == "__main__":
    main()
