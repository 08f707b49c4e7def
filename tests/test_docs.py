"""Every command has help, and the README documents every command and the JSON keys."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
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


# ---- the Troubleshooting section names every message hrcli can print ----------------------------------------------
HRCLI = Path(__file__).resolve().parent.parent / "hrcli"
ERRORS = {"HrcliError", "UsageError", "UnknownRegionError", "InputError", "ParseError", "ConfigError", "OutputError"}
PLACEHOLDER = "\0"


def _template(node: ast.AST) -> str | None:
    """A message as written in the code, each {…} replaced by PLACEHOLDER; None when not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.sub(r"\{[^{}]*\}", PLACEHOLDER, node.value)  # str.format templates (STRAY_TRADITIONAL_WARNING)
    if isinstance(node, ast.JoinedStr):
        text = "".join(part.value if isinstance(part, ast.Constant) else PLACEHOLDER for part in node.values)
        return re.sub(f"{PLACEHOLDER}+", PLACEHOLDER, text)  # {names}{more}: one stretch of variable text
    return None


def _messages(tree: ast.AST) -> Iterator[ast.AST]:
    """The message argument of every error raised and warning given, and the *_WARNING constants."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
            if (name in ERRORS or name == "warn" or (name == "error" and receiver == "loaded")
                    or (name == "append" and receiver.endswith("warnings"))):
                yield node.args[0]
        elif isinstance(node, ast.FunctionDef) and node.name.endswith("_warnings"):
            yield from (child for child in ast.walk(node) if isinstance(child, ast.JoinedStr))
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("_WARNING") for t in node.targets):
            yield node.value


def message_templates() -> list[tuple[str, str]]:
    """(where, template) of every literal message in hrcli/ with enough fixed text to look for."""
    found = []
    for path in sorted(HRCLI.rglob("*.py")):
        for node in _messages(ast.parse(path.read_text(encoding="utf-8"))):
            template = _template(node)
            if template is not None and len(re.findall(r"\w", template.replace(PLACEHOLDER, ""))) >= 6:
                found.append((f"{path.relative_to(HRCLI)}:{node.lineno}", template))
    return found


def troubleshooting_spans() -> list[str]:
    """The `code spans` of the README's Troubleshooting section."""
    section = README.split("\n## Troubleshooting\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`([^`\n]+)`", section)


def test_the_message_finder_finds_the_messages():
    templates = [template for _, template in message_templates()]
    assert len(templates) > 60
    assert f"{PLACEHOLDER} is empty" in templates
    assert f"cannot write {PLACEHOLDER}: {PLACEHOLDER} is a file, not a folder" in templates
    assert "no responsibility notes found: departments are empty" in templates


@pytest.mark.parametrize("where,template", message_templates())
def test_every_message_is_in_the_troubleshooting_section(where, template):
    pattern = re.compile(r"[^`]+?".join(re.escape(part) for part in template.split(PLACEHOLDER)))
    assert any(pattern.search(span) for span in troubleshooting_spans()), f"{where}: {template!r}"
