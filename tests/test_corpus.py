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


def test_a_commands_warnings_come_from_the_listing_it_used_even_in_a_folder_just_changed(tmp_path, monkeypatch):
    """In the second after a file was added a listing is not kept for the next files() (the change could share the
    folder's time stamp), but the warnings a command prints after building the index name the files it listed:
    the folder is listed once for both (an update at 10,000 notices: 0.07 s)."""
    from hrcli.corpus import Corpus

    (tmp_path / "notice.txt").write_text("某市2022年深化医改重点工作任务\n", encoding="utf-8")
    (tmp_path / "notice.md").write_text("某市2022年深化医改重点工作任务\n", encoding="utf-8")
    corpus = Corpus(current_settings(corpus=tmp_path))
    listings = []
    real = Corpus._list_folder
    monkeypatch.setattr(Corpus, "_list_folder", lambda self: listings.append(1) or real(self))
    assert [source.slug for source in corpus.files()] == ["notice", "notice-2"]
    assert len(corpus.folder_warnings) == 1 and len(listings) == 1
    corpus.files()
    assert len(listings) == 2  # files() lists a folder changed within the second again
    (tmp_path / "other.txt").write_text("某市2022年深化医改重点工作任务\n", encoding="utf-8")
    os.utime(tmp_path, ns=(time.time_ns() + 5_000_000_000,) * 2)  # a change the stamp shows
    assert corpus.folder_warnings and len(listings) == 3


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
