"""``to_dict`` / ``from_dict``: the one serialisation pair (JSON output, the API,
batch shard files)."""

from __future__ import annotations

import dataclasses
import functools
import types
from datetime import datetime
from enum import StrEnum
from collections.abc import Callable
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


#: Values ``to_dict`` returns as they are (exact types: an enum is a ``str`` subclass).
_LEAVES = frozenset({str, int, float, bool, type(None)})


def to_dict(obj: Any) -> Any:
    """A JSON-ready structure for a model object (recursively).

    Bytes are left out (``data`` of a :class:`Page` becomes its length), datetimes
    become ISO 8601 strings, enums their values.
    """
    kind = type(obj)
    if kind in _LEAVES:
        return obj
    names = _field_names(kind)
    if names is not None:
        out: dict[str, Any] = {"type": kind.__name__}
        for name in names:
            value = getattr(obj, name)
            if isinstance(value, bytes):
                out[name + "_length"] = len(value)
                continue
            out[name] = to_dict(value)
        return out
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, (tuple, list)):
        return [to_dict(v) for v in obj]
    return obj


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, once per type; ``None`` for other types."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def from_dict(data: dict[str, Any]) -> Any:
    """Rebuild a model object written by :func:`to_dict`."""
    cls = _CLASSES[data["type"]]
    kwargs = {}
    for name, revive in _fields(cls):
        if name in data:
            kwargs[name] = revive(data[name])
    return cls(**kwargs)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """(name, reviver) of each field; resolving hints is slow, so once per class."""
    hints = get_type_hints(cls)
    return tuple((f.name, _reviver(hints[f.name])) for f in dataclasses.fields(cls))


def _same(value: Any) -> Any:
    return value


@functools.cache
def _reviver(hint: Any) -> Callable[[Any], Any]:
    """What turns a JSON value back into a value of type ``hint`` (``None`` stays
    ``None``), worked out once per hint."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return _reviver(args[0]) if len(args) == 1 else _same
    if origin is tuple:
        item = _reviver(get_args(hint)[0])
        return lambda value: None if value is None else tuple(item(v) for v in value)
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return lambda value: None if value is None else from_dict(value)
        if issubclass(hint, StrEnum):
            return lambda value: None if value is None else hint(value)
        if hint is datetime:
            return lambda value: None if value is None else datetime.fromisoformat(value)
    return _same
