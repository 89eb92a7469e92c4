"""docs/ops.md names only what exists: each systemd unit's ExecStart parses as a
factdesk command with options it accepts, each FACTDESK_* variable is a
setting, and each `factdesk WORD` it mentions is a command."""

from __future__ import annotations

import re
import shlex

import click
import pytest

from factdesk.cli import main
from factdesk.settings import SETTINGS, Settings, load_settings

from .conftest import ROOT

OPS = ROOT / "docs" / "ops.md"
TEXT = OPS.read_text(encoding="utf-8")
EXEC_STARTS = re.findall(r"^ExecStart=(.+)$", TEXT, re.M)
NAMES = {s.name for s in SETTINGS}


def _parse(line: str) -> click.Context:
    """The factdesk command line ``line`` names, parsed (types, choices and
    ranges checked) without running it; a click error when it does not parse."""
    program, *args = shlex.split(line)
    assert program.endswith("/factdesk"), program
    parent = main.make_context("factdesk", args, obj={"settings": Settings(), "verbose": False})
    name, *rest = [*parent.protected_args, *parent.args]
    command = main.get_command(parent, name)
    assert command is not None, f"no command {name!r}"
    return command.make_context(name, rest, parent=parent)


def test_the_page_has_the_three_services():
    commands = sorted(shlex.split(line)[1] for line in EXEC_STARTS)
    assert commands == ["notify", "serve", "watch"]


@pytest.mark.parametrize("line", EXEC_STARTS, ids=lambda l: shlex.split(l)[1])
def test_each_exec_start_is_a_command_factdesk_accepts(line):
    with _parse(line) as ctx:
        assert ctx.command.name in {"serve", "notify", "watch"}
        if ctx.command.name == "notify":
            assert ctx.params["every"], "the notify service must loop (--every)"
        if ctx.command.name == "watch":
            assert not ctx.params["once"] and ctx.params["feeds"]


@pytest.mark.parametrize("line", [
    "/opt/venv/bin/factdesk serve --port 99999",
    "/opt/venv/bin/factdesk serve --log-format xml",
    "/opt/venv/bin/factdesk notify --forever",
    "/opt/venv/bin/factdesk watch --once --interval soon https://x.example/feed",
], ids=["port", "log-format", "unknown-option", "interval"])
def test_the_check_refuses_what_factdesk_would(line):
    with pytest.raises(click.UsageError):
        _parse(line)


def test_each_environment_variable_is_a_setting_with_a_valid_value():
    named = set(re.findall(r"\b(FACTDESK_[A-Z_]+)", TEXT))
    assert named
    for variable in named:
        assert variable.removeprefix("FACTDESK_").lower() in NAMES, f"{variable} is no setting"
    given = re.findall(r"^Environment=(FACTDESK_[A-Z_]+)=(\S+)$", TEXT, re.M)
    assert len(given) >= 3
    for variable, value in given:  # each value passes the setting's own checks
        load_settings(None, env={variable: value})


def test_each_factdesk_command_named_exists():
    named = set(re.findall(r"(?:`|bin/)factdesk ([a-z][a-z-]*)", TEXT))
    assert named >= {"serve", "notify", "watch", "ingest", "settings"}
    assert named <= set(main.commands), sorted(named - set(main.commands))


#: Backquoted snake_case words that are log fields, not settings.
LOG_FIELDS = {"request_id", "duration_ms"}


def test_each_setting_named_in_backquotes_exists():
    quoted = set(re.findall(r"`([a-z]+(?:_[a-z]+)+)`", TEXT)) - LOG_FIELDS
    assert quoted, "the page names settings"
    assert quoted <= NAMES, sorted(quoted - NAMES)
