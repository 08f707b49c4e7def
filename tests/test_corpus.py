"""The corpus folder: its listing follows the files as they come and go."""

from __future__ import annotations

import os
import time

from .conftest import current_settings


def test_the_listing_follows_files_added_and_removed(tmp_path):
    from hrcli.corpus import Corpus

    notice = (tmp_path.parent / "n.txt")
    notice.write_text("某市2022年深化医改重点工作任务\n一、重点任务\n1.推进医保支付方式改革。(市医保局负责)\n", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(notice.read_bytes())
    old = time.time() - 60
    os.utime(tmp_path, (old, old))  # changed a minute ago: the listing is kept until the folder changes
    corpus = Corpus(current_settings(corpus=tmp_path))
    assert corpus.slugs() == ["a"] and corpus.files() == corpus.files()
    (tmp_path / "b.txt").write_bytes(notice.read_bytes())
    assert corpus.slugs() == ["a", "b"]  # just changed: listed again, and again until a second has passed
    (tmp_path / "a.txt").unlink()
    assert corpus.slugs() == ["b"]
    os.utime(tmp_path, (old, old))
    assert corpus.slugs() == ["b"]
    (tmp_path / "c.txt").write_bytes(notice.read_bytes())
    assert corpus.slugs() == ["b", "c"]
