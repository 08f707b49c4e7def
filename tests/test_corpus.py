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


def test_a_listed_file_knows_its_folder_and_name_as_the_absolute_path_spells_them(tmp_path, monkeypatch):
    """An index update stats each listed file by name in its folder and joins the two: the same absolute path
    os.path.abspath gives, however the corpus folder was spelt, and the same suffixes os.path.splitext finds."""
    from hrcli.corpus import Corpus, _split_suffix

    folder = tmp_path / "notices"
    folder.mkdir()
    names = ["a.txt", "B.TXT", "c.d.pdf", ".txt", "..md", "e..html", "noext", "f.", "g.docx.bak"]
    for name in names:
        (folder / name).write_text("某市2022年深化医改重点工作任务\n", encoding="utf-8")
    (folder / "sub.txt").mkdir()  # a folder is not a notice
    assert [_split_suffix(name) for name in names] == [
        (os.path.splitext(name)[0], os.path.splitext(name)[1].lower()) for name in names]
    monkeypatch.chdir(tmp_path)
    for spelling in ("notices", "./notices/", "notices/../notices", str(folder)):
        sources = Corpus(current_settings(corpus=spelling)).files()
        assert sorted(source.slug for source in sources) == ["B", "a", "c.d", "e."]
        for source in sources:
            prefix, name = source.listed
            assert prefix + name == os.path.abspath(source.path) == str(folder / name)
