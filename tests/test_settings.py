"""One Settings per run: where the configs, corpus and cache come from, a fake terminal, and the Python API."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from hrcli import cli
from hrcli.config import DEFAULT_CONFIG_DIR, DEMO_CORPUS_DIR
from hrcli.settings import Settings, cache_folder, configs_folder, corpus_folder
from hrcli.terminal import Terminal

from .conftest import CORPUS, ROOT


def run_main(args, environ, terminal=None):
    """cli.main in-process with a given environment and terminal; (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    with CliRunner().isolation() as streams:
        code = cli.main(list(args), environ=environ, terminal=terminal)
        sys.stdout.flush()
        sys.stderr.flush()
        return code, streams[0].getvalue().decode(), streams[1].getvalue().decode()


def test_corpus_folder_option_then_environment_then_local_then_demo(tmp_path):
    assert corpus_folder("given", {"HRCLI_CORPUS": "env"}, tmp_path).name == "given"
    assert corpus_folder(None, {"HRCLI_CORPUS": "env"}, tmp_path).name == "env"
    assert corpus_folder(None, {}, tmp_path) == DEMO_CORPUS_DIR
    (tmp_path / "corpus").mkdir()
    assert corpus_folder(None, {}, tmp_path) == tmp_path / "corpus"


def test_configs_folder_option_then_environment_then_beside_the_corpus_then_defaults(tmp_path):
    corpus = tmp_path / "project" / "corpus"
    corpus.mkdir(parents=True)
    assert configs_folder("opt", {"HRCLI_CONFIG_DIR": "env"}, corpus).name == "opt"
    assert configs_folder(None, {"HRCLI_CONFIG_DIR": "env"}, corpus).name == "env"
    assert configs_folder(None, {}, corpus) == DEFAULT_CONFIG_DIR
    shutil.copytree(ROOT / "configs", tmp_path / "project" / "configs")
    assert configs_folder(None, {}, corpus) == (tmp_path / "project" / "configs").resolve()


def test_cache_folder_ignores_a_relative_xdg_cache_home(tmp_path):
    assert cache_folder({"HRCLI_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path / "hrcli"
    assert cache_folder({"XDG_CACHE_HOME": "relative/cache", "HOME": "/h"}) == Path("/h/.cache/hrcli")


def test_no_cache_option_and_variable_turn_the_cache_off(tmp_path):
    assert Settings.from_environment({"HRCLI_CACHE_DIR": str(tmp_path)}, cwd=tmp_path).cache.directory == tmp_path
    assert Settings.from_environment({"HRCLI_CACHE_DIR": str(tmp_path)}, no_cache=True, cwd=tmp_path).cache.directory is None
    assert Settings.from_environment({"HRCLI_NO_CACHE": "1"}, cwd=tmp_path).cache.directory is None


def test_main_draws_a_table_for_a_fake_terminal_and_tsv_for_a_pipe(tmp_path):
    environ = {"HRCLI_CACHE_DIR": str(tmp_path), "HRCLI_CORPUS": str(CORPUS)}
    code, table, _ = run_main(["list"], environ, Terminal(is_tty=True, color=False, width=100))
    assert code == 0
    assert "┃" in table or "│" in table
    assert max(len(line) for line in table.splitlines()) <= 100
    code, tsv, _ = run_main(["list"], environ)
    assert code == 0 and tsv.splitlines()[0].split("\t")[:3] == ["region", "name", "level"]


def test_main_reads_the_environment_it_is_given_not_the_process_one(tmp_path, monkeypatch):
    monkeypatch.setenv("HRCLI_CORPUS", str(tmp_path / "nowhere"))  # the process environment, to be ignored
    code, out, err = run_main(["list"], {"HRCLI_CACHE_DIR": str(tmp_path), "HRCLI_CORPUS": str(CORPUS)})
    assert code == 0 and "linfen" in out, err


def test_a_changed_config_takes_effect_in_the_same_process(tmp_path):
    configs = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", configs)
    environ = {"HRCLI_CACHE_DIR": str(tmp_path / "cache"), "HRCLI_CORPUS": str(CORPUS), "HRCLI_CONFIG_DIR": str(configs)}
    code, before, _ = run_main(["compare", "linfen", "qinghai", "--format", "json"], environ)
    assert code == 0 and '"status": "matched"' in before
    text = (configs / "matching.yaml").read_text(encoding="utf-8")
    (configs / "matching.yaml").write_text(text.replace("threshold:", "threshold: 0.99\nold_threshold:", 1), encoding="utf-8")
    code, after, err = run_main(["compare", "linfen", "qinghai", "--format", "json"], environ)
    assert code == 0, err
    assert '"status": "matched"' not in after  # nothing scores 0.99: the new threshold was read


def test_the_configs_fingerprint_is_read_once_per_run_and_afresh_by_the_next(tmp_path, monkeypatch):
    import hrcli.settings

    configs = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", configs)
    reads = []
    real = hrcli.settings.fingerprint
    monkeypatch.setattr(hrcli.settings, "fingerprint", lambda *names, directory: reads.append(names) or real(*names, directory=directory))
    run = Settings(config_dir=configs)
    first = run.fingerprint("matching.yaml", "topics.yaml")
    assert run.fingerprint("matching.yaml", "topics.yaml") == first and run.fingerprint("topics.yaml") != first
    assert reads == [("matching.yaml", "topics.yaml"), ("topics.yaml",)]
    with open(configs / "matching.yaml", "a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    assert Settings(config_dir=configs).fingerprint("matching.yaml", "topics.yaml") != first


def test_the_python_api_loads_and_compares_without_the_cli():
    import hrcli

    notice = hrcli.load_notice("linfen")
    assert notice.region == "linfen" and len(notice.tasks) == 18
    alignment = hrcli.compare(notice, CORPUS / "qinghai.txt")
    assert alignment.regions == ["linfen", "qinghai"]
    assert any(row.status == "matched" for row in alignment.rows)
    assert isinstance(hrcli.Settings(), Settings)


def test_the_python_api_needs_no_environment(monkeypatch):
    import hrcli

    monkeypatch.setenv("HRCLI_CORPUS", "/nonexistent")
    monkeypatch.setenv("HRCLI_CONFIG_DIR", "/nonexistent")
    assert len(hrcli.load_notice("qinghai").tasks) == 24


def test_the_demo_corpus_uses_the_shipped_regions_and_a_plain_folder_none(tmp_path):
    demo = Settings()
    assert demo.is_demo_corpus and demo.regions().entries["linfen"].name == "临汾市"
    plain = Settings(corpus_dir=tmp_path)
    assert plain.regions().entries == {}


def test_unknown_attributes_of_the_package_are_errors():
    import hrcli

    with pytest.raises(AttributeError):
        hrcli.no_such_thing  # noqa: B018
