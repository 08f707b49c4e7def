"""Coverage-guided fuzzing of the document readers (PDF, Word .docx, web page) with atheris.

    .venv/bin/python bench/fuzz_readers.py -max_total_time=300 -print_final_stats=1

bytes -> hrcli.read.documents.read_document under a file name chosen by the first byte (.pdf, .docx, .html,
.txt). Only InputError may be raised (a damaged file is the user's problem, told in one line); any other
exception is a crash. Seeds: the committed corpus PDFs and error documents, the corpus notices as .docx
(paragraphs and task table) and as web pages. Inputs and crash-* files go to bench/out/fuzz/readers/.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from _common import BENCH_OUT, PROJECT_ROOT

FUZZ_OUT = BENCH_OUT / "fuzz" / "readers"
NAMES = ("notice.pdf", "notice.docx", "notice.html", "notice.txt")


def write_seeds(folder: Path) -> None:
    """The corpus notices as every kind of document the readers take."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from hrcli.parse.notice import parse_notice
    from tests import make_documents as make

    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(make.DOCUMENTS.iterdir()):
        (folder / f"committed-{path.name}").write_bytes(bytes([0]) + path.read_bytes())
    for slug in ("sixian", "shanxi"):
        notice = parse_notice((make.CORPUS / f"{slug}.txt").read_text(encoding="utf-8"), slug)
        (folder / f"{slug}-docx").write_bytes(bytes([1]) + make.docx_paragraphs(slug))
        (folder / f"{slug}-table-docx").write_bytes(bytes([1]) + make.docx_table(slug, notice, attachment=True))
        (folder / f"{slug}-html").write_bytes(bytes([2]) + make.html_table_page(slug, notice).encode())


def main() -> None:
    import atheris

    with atheris.instrument_imports():
        import docx  # noqa: F401
        import lxml.html  # noqa: F401
        import pdfminer.high_level  # noqa: F401

        from hrcli.errors import InputError
        from hrcli.read import documents, html, pdf, tables  # noqa: F401
        from hrcli.read import docx as hrcli_docx  # noqa: F401

    def target(data: bytes) -> None:
        if not data:
            return
        with contextlib.suppress(InputError):
            documents.read_document(data[1:], NAMES[data[0] % len(NAMES)])

    seeds = FUZZ_OUT / "corpus"
    if not seeds.exists():
        write_seeds(seeds)
    atheris.Setup([sys.argv[0], *sys.argv[1:], "-max_len=300000", f"-artifact_prefix={FUZZ_OUT}/", str(seeds)], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
