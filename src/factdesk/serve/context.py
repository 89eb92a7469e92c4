"""What the app's handlers share, and the Jinja2 environment they render with.

Autoescaping is on for every template and nothing user- or article-supplied
is ever marked safe; ``finalize`` shows bidirectional control characters as
visible ``[U+202E]`` marks so that pasted text cannot reorder the page.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..ingest import Fetcher
from ..settings import Settings
from ..store import Store
from .cache import ViewCache
from .timeline import STANCE_LABELS

__all__ = ["ServeContext", "make_templates"]

HERE = Path(__file__).parent
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible_controls(value: Any) -> Any:
    """Show bidi controls as ``[U+202E]`` so they cannot reorder the page (Trojan Source)."""
    if isinstance(value, str) and not isinstance(value, Markup) and _BIDI.search(value):
        return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)
    return value


def make_templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=_visible_controls,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["STANCE_LABELS"] = STANCE_LABELS
    return env


@dataclass(slots=True, kw_only=True)
class ServeContext:
    """What the handlers share: the store, settings, templates, fetcher, write lock."""

    store: Store
    settings: Settings
    templates: Environment
    fetcher: Fetcher | None = None
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    views: ViewCache = field(default_factory=ViewCache)

    def html(self, name: str, **values: Any) -> str:
        return self.templates.get_template(name).render(**values)

    def render(self, request: Request, name: str, status: int = 200, **values: Any) -> Response:
        return HTMLResponse(self.html(name, request=request, **values), status_code=status)


