"""``to_dict`` / ``from_dict``: the one serialisation pair (JSON output, the API,
batch shard files)."""

from __future__ import annotations

import dataclasses
import functools
import types
from datetime import datetime
from enum import StrEnum
from typing import Any, Union, get_args, get_origin, get_type_hints

from .analysis import (Analysis, Claim, ClaimMention, DateMention, Entity, Fact, Quote,
                       SourceStance)
from .page import (Article, Caption, Dateline, Page, PageHints, Rejection, RelatedLink, Removed,
                   Span)

__all__ = ["from_dict", "to_dict"]

_CLASSES: dict[str, type] = {
    cls.__name__: cls for cls in (Span, PageHints, Page, Caption, Dateline, RelatedLink, Removed, Article, Rejection,
                                Entity, Quote, ClaimMention, SourceStance, Claim, DateMention,
                                Fact, Analysis)
}


def to_dict(obj: Any) -> Any:
    """A JSON-ready structure for a model object (recursively).

    Bytes are left out (``data`` of a :class:`Page` becomes its length), datetimes
    become ISO 8601 strings, enums their values.
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {"type": type(obj).__name__}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, bytes):
                out[f.name + "_length"] = len(value)
                continue
            out[f.name] = to_dict(value)
        return out
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, (tuple, list)):
        return [to_dict(v) for v in obj]
    return obj


def from_dict(data: dict[str, Any]) -> Any:
    """Rebuild a model object written by :func:`to_dict`."""
    cls = _CLASSES[data["type"]]
    kwargs = {}
    for name, hint in _fields(cls):
        if name in data:
            kwargs[name] = _revive(hint, data[name])
    return cls(**kwargs)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, resolved type) of each field; resolving hints is slow, so once per class."""
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _revive(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return _revive(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        (item, *_rest) = get_args(hint)
        return tuple(_revive(item, v) for v in value)
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return from_dict(value)
        if issubclass(hint, StrEnum):
            return hint(value)
        if hint is datetime:
            return datetime.fromisoformat(value)
    return value

