"""hrcli/signals.py: whether a writer still runs, and the one sweeper of what killed writers leave."""

from __future__ import annotations

import os
import time

from hrcli.signals import process_alive, sweep_leftovers

DEAD = 2**22 + 1  # above Linux's largest pid_max: no process has this id


def aged(path, seconds: float):
    """The path (made as an empty file if missing), last written `seconds` ago."""
    if not path.exists():
        path.touch()
    os.utime(path, (time.time() - seconds, time.time() - seconds), follow_symlinks=False)
    return path


def test_process_alive_for_this_process_and_not_for_an_id_no_process_has():
    assert process_alive(os.getpid()) and not process_alive(DEAD)


def test_sweep_leftovers_removes_the_dead_writers_and_the_very_old_ones_only(tmp_path):
    def writer_of(name: str) -> int | None:
        return int(name.split("-")[1]) if name.startswith("left-") else None

    dead_folder = tmp_path / f"left-{DEAD}-a"
    dead_folder.mkdir()
    (dead_folder / "rows.npy").write_bytes(b"x")
    aged(dead_folder, 120)
    dead_young = aged(tmp_path / f"left-{DEAD}-b", 0)
    running = aged(tmp_path / f"left-{os.getpid()}-c", 3600)
    ancient = aged(tmp_path / f"left-{os.getpid()}-d", 3 * 86400)
    other = aged(tmp_path / "kept.csv", 3 * 86400)
    sweep_leftovers(tmp_path, writer_of, young=60, old=86400)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([dead_young.name, running.name, other.name])
    assert not ancient.exists() and not dead_folder.exists()
    sweep_leftovers(tmp_path, writer_of, young=0, old=86400)  # no minimum age: a dead writer's leftover goes at once
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([running.name, other.name])
    sweep_leftovers(tmp_path / "missing", writer_of, young=0, old=0)  # a folder that is gone: nothing to do
