"""Logs on stderr, as text for people or as JSON lines for a log collector.

``--log-format json`` (or the ``log_format`` setting) writes one JSON object a
line::

    {"time": "2026-12-04T14:03:07.412+00:00", "level": "INFO",
     "logger": "factdesk.access", "message": "GET /search 200 12.3ms",
     "request_id": "9f0c...", "method": "GET", "path": "/search", "status": 200,
     "duration_ms": 12.3, "client": "203.0.113.7"}

``time`` is ISO 8601 with the local offset; any ``extra={...}`` a log call
passes becomes keys of its own (the access log's request fields, the
notifier's and watcher's cycle counts); an exception adds ``exception``, its
formatted traceback.  Text is ``TIME LEVEL LOGGER: MESSAGE``.

Only the shell configures logging (:func:`configure_logging`); library code
logs through ``logging.getLogger(__name__)``.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import datetime

import click

from ..settings import setting_named

__all__ = ["JsonFormatter", "configure_logging", "log_format_option"]

#: The attributes every LogRecord has; anything else on a record came from ``extra``
#: (but for uvicorn's ``color_message``, its message again with terminal colours).
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "taskName", "color_message"}
_TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and the extras."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created).astimezone().isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key not in data:
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            data["exception"] = record.exc_text
        return json.dumps(data, ensure_ascii=False, default=str)


def configure_logging(fmt: str, *, level: int = logging.WARNING) -> Callable[[], None]:
    """Send every log record at ``level`` or above to stderr in ``fmt``
    (``text`` or ``json``) instead of the root logger's handlers until then;
    returns the function that puts those handlers and the level back."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(_TEXT))
    root = logging.getLogger()
    before, before_level = list(root.handlers), root.level
    root.handlers = [handler]
    root.setLevel(level)

    def restore() -> None:
        handler.flush()
        root.handlers = before
        root.setLevel(before_level)

    return restore


def log_format_option(*, service: bool):
    """``--log-format text|json`` for a command (default: the ``log_format``
    setting).  A ``service`` (serve, notify, watch) logs at INFO, so each request
    or cycle is on record; other commands log warnings, or INFO with ``-v``."""
    setting = setting_named("log_format")

    def apply(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        verbose = bool(ctx.obj and ctx.obj.get("verbose"))
        fmt = value or ctx.obj["settings"].log_format
        ctx.call_on_close(configure_logging(
            fmt, level=logging.INFO if verbose or service else logging.WARNING))

    return click.option("--log-format", type=click.Choice(setting.choices), default=None,
                        expose_value=False, callback=apply,
                        help="How logs on stderr are written: text, or json (one object a "
                             "line). Default: the log_format setting.")
