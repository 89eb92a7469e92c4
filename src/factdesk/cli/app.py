"""The command group, the options every command shares, and the process boundary.

Every command module adds its commands to :func:`main`; :func:`guarded` turns
errors into one-line messages (a traceback with ``-v``).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import FactdeskError
from ..ingest.source_lists import looks_like_source_list, read_source_list
from ..settings import SETTINGS, Setting, load_settings, parse_setting, setting_named
from ..store import Store

__all__ = ["db_option", "guarded", "input_file_option", "main", "open_store", "setting_option",
           "settings_of", "sources_given", "stderr_console", "stdout_console"]


def settings_of(ctx: click.Context):
    """The settings resolved for this invocation."""
    return ctx.obj["settings"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="factdesk",
                      message="%(prog)s %(version)s")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (default: ./factdesk.toml when it exists).")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override one setting; repeatable.  See `factdesk settings`.")
@click.option("-v", "--verbose", is_flag=True, help="Log progress details to stderr.")
@click.pass_context
def main(ctx: click.Context, config: str | None, overrides: tuple[str, ...], verbose: bool) -> None:
    """factdesk: parse the facts out of the messaging in news pages.

    \b
    Example:
      factdesk clean examples/ --format text
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    values = {}
    for item in overrides:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--set")
        values[name.strip()] = value
    if config is not None and not Path(config).is_file():
        raise click.BadParameter(f"{config}: no such settings file", param_hint="--config")
    try:
        settings = load_settings(config or "factdesk.toml", env=os.environ, overrides=values)
    except FactdeskError as exc:
        raise click.UsageError(str(exc)) from exc
    ctx.obj = {"settings": settings, "verbose": verbose}


@main.command(name="settings")
@click.pass_context
def settings_command(ctx: click.Context) -> None:
    """Show every setting, its resolved value and what it does.

    Settings come from defaults < factdesk.toml < FACTDESK_* environment
    variables < --set NAME=VALUE.

    \b
    Example:
      factdesk --set min_body_chars=200 settings
    """
    resolved = settings_of(ctx).to_dict()
    for setting in SETTINGS:
        click.echo(f"{setting.name} = {resolved[setting.name]!r}")
        click.echo(f"    {setting.help}")


class _SettingValue(click.ParamType):
    """A value for one setting, read and checked as the settings file and
    environment are, so a bad value gets the same message from each."""

    def __init__(self, setting: Setting) -> None:
        self.setting = setting
        self.name = {bool: "boolean", int: "integer", float: "float"}.get(
            type(setting.default), "text")

    def convert(self, value, param, ctx):
        return _parse(self, value, param, ctx)


class _SettingChoice(click.Choice):
    """The setting's choices (listed in help and completed by the shell),
    checked by the setting's own rule."""

    def __init__(self, setting: Setting) -> None:
        super().__init__(setting.choices)
        self.setting = setting

    def convert(self, value, param, ctx):
        return _parse(self, value, param, ctx)


def _parse(kind: _SettingValue | _SettingChoice, value, param, ctx):
    where = f"option {param.opts[0]}" if param is not None else "command-line options"
    try:
        return parse_setting(kind.setting.name, value, where)
    except FactdeskError as exc:
        kind.fail(str(exc), param, ctx)


def setting_option(name: str, *decls: str, help: str):
    """An option overriding setting ``name`` for one command (``None`` when not
    given): its type, choices and checks are the setting's own."""
    setting = setting_named(name)
    kind = _SettingChoice(setting) if setting.choices else _SettingValue(setting)
    return click.option(*decls, type=kind, default=None, help=help)


def db_option(command):
    return click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
                        help="SQLite database (default: the db_path setting, factdesk.db).")(
        command)


def open_store(ctx: click.Context, db: str | None, *, readonly: bool = False,
               must_exist: bool = False) -> Store:
    """The database of ``--db`` (or the db_path setting).  Commands that only
    work on a corpus (``readonly``, or ``must_exist``) refuse a missing file
    rather than create an empty database under a mistyped name."""
    path = db or settings_of(ctx).db_path
    if (readonly or must_exist) and not Path(path).exists():
        raise click.ClickException(f"{path}: no database yet; run factdesk ingest first")
    try:
        return Store(path, readonly=readonly)
    except FactdeskError as exc:
        raise click.ClickException(str(exc)) from exc


def input_file_option(command):
    """``--input-file FILE``: more sources, one a line (``#`` comments; - is stdin)."""
    return click.option("--input-file", "input_file", type=click.File("r", encoding="utf-8"),
                        default=None, metavar="FILE",
                        help="Read more sources from FILE, one a line (# starts a comment; "
                             "- is standard input).")(command)


def sources_given(sources: tuple[str, ...], input_file) -> tuple[str, ...]:
    """The sources named as arguments and in ``--input-file``; a usage error
    when there are none, or when a file given as a page is a list of URLs."""
    for source in sources:
        if source != "-" and looks_like_source_list(source):
            raise click.UsageError(f"{source} is a list of URLs, not a page; "
                                   f"read it with --input-file {source}")
    listed = read_source_list(input_file) if input_file is not None else ()
    if not sources and not listed:
        hint = f"{input_file.name} names no source" if input_file is not None else \
            "give at least one SOURCE (or --input-file FILE)"
        raise click.UsageError(hint)
    return (*sources, *listed)


def guarded(ctx: click.Context, work):
    """Run ``work`` at the process boundary: one-line errors, traceback with -v."""
    try:
        return work()
    except FactdeskError as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:  # the process boundary
        if ctx.obj.get("verbose"):
            raise
        raise click.ClickException(f"internal error: {type(exc).__name__}: {exc} "
                                   "(run with -v for the traceback)") from exc


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, no_color="NO_COLOR" in os.environ)


def stdout_console():
    from rich.console import Console

    return Console(no_color="NO_COLOR" in os.environ)
