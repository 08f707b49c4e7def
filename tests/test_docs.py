"""Every command has help, and the README documents every command and the JSON keys."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from hrcli.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli, command):
    result = cli([command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 3
    assert typer.main.get_command(app).commands[command].help


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    assert f"hrcli {command}" in README


def test_readme_documents_the_notice_json_keys(notices):
    notice = notices["linfen"].to_dict()
    for key in [*notice, *notice["tasks"][0], *notice["sections"][0], *notice["tasks"][0]["departments"][0]]:
        assert f"`{key}`" in README, key


def test_readme_documents_exit_codes():
    from hrcli.errors import ExitStatus

    for status in ExitStatus:
        assert f"| {int(status)} |" in README, status
