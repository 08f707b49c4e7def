"""Coverage-guided fuzzing of the notice parser and the aligner's scores with atheris (libFuzzer for Python).

    make fuzz                                             # both targets, FUZZ_SECONDS (1200) each
    .venv/bin/python bench/fuzz_parse.py parse -max_total_time=600
    .venv/bin/python bench/fuzz_parse.py score -runs=20000

atheris is a tool, not a dependency of hrcli (`make fuzz` installs it into .venv). Arguments after
the target go to libFuzzer (`-help=1` lists them). Targets:

  parse  bytes -> decode_notice -> parse_notice -> enrich. Only InputError (ParseError is one) may
         be raised; every task span lies in the text and every note inside its task; the notice
         survives the parse cache's JSON round trip unchanged.
  score  bytes -> notice as above -> a Matcher over it and a real notice (chosen by the first byte).
         Every score lies in [0, 1]; score_matrix(b, a) is the transpose of score_matrix(a, b);
         align_tasks runs through.

The inputs start from seeds (the corpus notices in UTF-8, GB18030 and UTF-16, each task of them
alone, and the inputs earlier campaigns found) and a dictionary of numbering labels, notes and
debris. The growing input corpus and any crash-* file go to bench/out/fuzz/TARGET/.
"""

from __future__ import annotations

import codecs
import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path

from _common import BENCH_OUT, PROJECT_ROOT, REAL_CORPUS, use_project_python

FUZZ_OUT = BENCH_OUT / "fuzz"
TARGETS = ("parse", "score")
# Longest input in bytes: a whole corpus notice (12-18 KB) for the parser; a few tasks for the
# scores, which cost a dense matrix product per pair of notices.
MAX_LEN = {"parse": 16384, "score": 4096}
# Pieces of notices for libFuzzer to splice in: numbering labels, notes, debris, markup.
TOKENS = [
    "一、", "二、", "十、", "(一)", "(二)", "(十一)", "（一）", "（二）", "1.", "2、", "10.", "(1)", "（2）", "第一部分",
    "负责", "牵头", "参与", "配合", "按职责分工负责", "责任单位:", "牵头单位:", "下同", "不再列出",
    "排在第一位的部门为牵头部门", "以下各项均需各县市区人民政府负责", "(市卫健委负责)", "（省医保局、省财政厅按职责分工负责）",
    "2022年底前完成", "2022年12月6日", "年", "月", "日", "抄送:", "附件", "印发", "办公室", "人民政府", "〔2022〕48号",
    "分享到:", "您当前所在位置:", "[bookmark: _GoBack]", "工作总结", "进展情况", "深化医药卫生体制改革", "重点工作任务",
    "。", "，", "；", "：", "、", "《", "》", "%", "\u3000", "\r\n", "\n\n", "\u2028", "\ufeff", "\u200b", "\xa0",
    "<p>", "</p>", "<br>", "<div>", "<html>", "<!DOCTYPE html>", "<script>", "</script>", "&nbsp;", "&#12290;", "&lt;",
    "衛健委", "負責", "醫療", "DRG", "30%", "≥", "不低于", "达到",
]


def write_dictionary(path: Path) -> None:
    """TOKENS in libFuzzer's dictionary format, as UTF-8 bytes (non-ASCII written \\xNN)."""
    lines = []
    for token in TOKENS:
        escaped = "".join(chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02X}" for b in token.encode("utf-8"))
        lines.append(f'"{escaped}"')
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def write_seeds(folder: Path) -> None:
    """The corpus notices in three encodings, each of their tasks alone, and the inputs found before."""
    from hrcli.parse.notice import parse_notice

    sys.path.insert(0, str(PROJECT_ROOT))
    from tests.test_properties import FOUND

    seeds: list[bytes] = [text.encode("utf-8") for text in FOUND]
    for path in sorted(REAL_CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        seeds += [text.encode("utf-8"), text.encode("gb18030"), codecs.BOM_UTF16_LE + text.encode("utf-16-le")]
        seeds += [text[task.span[0]:task.span[1]].encode("utf-8") for task in parse_notice(text, path.stem).tasks]
    folder.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(seeds):
        (folder / f"seed-{number:04d}").write_bytes(seed)


def notice_of(data: bytes, region: str = "fuzz"):
    """The enriched notice of the bytes, or None when they are refused with an InputError; checked on the way."""
    from hrcli.analyse.enrich import enrich
    from hrcli.errors import InputError
    from hrcli.parse.notice import parse_notice
    from hrcli.read.textio import decode_notice
    from hrcli.schema import Notice
    from hrcli.settings import Settings

    try:
        text, _encoding = decode_notice(data, region)
        notice = parse_notice(text, region)
    except InputError:
        return None
    for task in notice.tasks:
        start, end = task.span
        assert 0 <= start < end <= len(text), (task.label, task.span, len(text))
        if task.note_span:
            assert start <= task.note_span[0] < task.note_span[1] <= end, (task.label, task.span, task.note_span)
    enrich(notice, Settings())  # the configs shipped with hrcli, no cache
    stored = json.loads(json.dumps(notice.to_dict(), ensure_ascii=False))  # what the parse cache keeps
    assert Notice.from_dict(stored).to_dict() == notice.to_dict()
    return notice


def fuzz_parse(data: bytes) -> None:
    notice_of(data)


REAL: list = []  # the corpus notices, parsed once


def fuzz_score(data: bytes) -> None:
    from hrcli.align.matcher import Matcher, align_tasks
    from hrcli.analyse.topics import load_topics
    from hrcli.config import load_matching

    notice = notice_of(data[1:])
    if notice is None or not data:
        return
    real = REAL[data[0] % len(REAL)]
    matcher = Matcher(load_matching(), load_topics(), [notice, real])
    forward = matcher.score_matrix(notice.tasks, real.tasks)
    itself = matcher.score_matrix(notice.tasks, notice.tasks)
    for scores, backward in ((forward, matcher.score_matrix(real.tasks, notice.tasks)), (itself, itself)):
        for i, line in enumerate(scores):
            for j, score in enumerate(line):
                assert 0.0 <= score <= 1.0, (i, j, score)
                assert abs(score - backward[j][i]) <= 1e-6, (i, j, score, backward[j][i])
    align_tasks([notice, real], matcher)


def main() -> None:
    use_project_python()
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer options]")
    target, options = sys.argv[1], sys.argv[2:]
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed: .venv/bin/python -m pip install atheris (or run `make fuzz`)")
    out = FUZZ_OUT / target
    # A private cache and the project's configs: the campaign neither reads nor fills the user's cache.
    os.environ["HRCLI_CACHE_DIR"] = str(FUZZ_OUT / "cache")
    for name in ("HRCLI_NO_CACHE", "HRCLI_CORPUS", "HRCLI_CONFIG_DIR"):
        os.environ.pop(name, None)
    with atheris.instrument_imports(include=["hrcli"]):  # every module, also those imported lazily
        import hrcli

        for module in pkgutil.walk_packages(hrcli.__path__, prefix="hrcli."):
            if module.name not in ("hrcli.__main__", "hrcli.cli", "hrcli.boundary"):  # __main__ would run the command line
                importlib.import_module(module.name)
    inputs = out / "inputs"
    if not inputs.is_dir():
        write_seeds(inputs)
    write_dictionary(FUZZ_OUT / "tokens.dict")
    REAL.extend(notice_of(path.read_bytes(), path.stem) for path in sorted(REAL_CORPUS.glob("*.txt")))
    argv = [sys.argv[0], f"-max_len={MAX_LEN[target]}", f"-dict={FUZZ_OUT / 'tokens.dict'}", f"-artifact_prefix={out}/", *options, str(inputs)]
    atheris.Setup(argv, fuzz_parse if target == "parse" else fuzz_score)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
