"""Seeded mutations of a page's bytes, for ``bench/fuzz.py``.

Each mutation takes the page's bytes and a ``random.Random`` and returns new
bytes; the same generator state gives the same result.  Text mutations decode
the bytes as UTF-8 (replacing what does not decode) and encode the result back.
"""

from __future__ import annotations

import random
from collections.abc import Callable

__all__ = ["MUTATIONS", "mutate"]

_RUN_UNITS = ("-", "'s", ".", "1234567890", "wordswithoutspaces", "“”‘’", "\"'", "()", "…",
              "—", "a@b.", "<", "&amp;", " ", "\n", "\t", "é", "字", "😀", "\u200b", "ﷺ")
_SCRIPTS = ("Привет, мир. Сказал он.", "مرحبا بالعالم، قال.", "你好，世界。他说。",
            "नमस्ते दुनिया, उसने कहा।", "שלום עולם, אמר.", "Γειά σου Κόσμε.", "😀🎉👍🏽👨‍👩‍👧",
            "ﬁﬂ ǅ Å Ω ẞ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛")
_RTL = ("\u200f", "\u202e", "\u202b", "\u2066", "\u2067", "\u2069", "\u061c")
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad")
_CONTROLS = ("\x00", "\x1b", "\r", "\x0c", "\x0b", "\x85", "\u2028", "\u2029", "\x7f", "\ufffd")
_ENCODINGS = ("utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "shift_jis", "koi8-r",
              "utf-8-sig")
_MARKUP = ("<div>", "</div>", "<p", "<a href='", "<!--", "<![CDATA[", "<script>", "</td>",
           "<table><tr><td>", "&#0;", "&#x110000;", "&#99999999;", "&nbsp", "<?xml ", "<br/",
           "<svg><foreignObject>", "<template>", "<title>", "<meta charset=\"utf-16\">")


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _at(rnd: random.Random, length: int) -> int:
    return rnd.randint(0, length)


def _insert(text: str, piece: str, rnd: random.Random) -> str:
    at = _at(rnd, len(text))
    return text[:at] + piece + text[at:]


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[:_at(rnd, len(data))]


def random_bytes(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 64)):
        at = _at(rnd, len(out))
        out[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16)))
    return bytes(out)


def flip_bytes(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(min(len(out), rnd.randint(1, 200))):
        out[rnd.randrange(len(out))] = rnd.randrange(256)
    return bytes(out)


def reencode(data: bytes, rnd: random.Random) -> bytes:
    return _text(data).encode(rnd.choice(_ENCODINGS), errors="replace")


def char_run(data: bytes, rnd: random.Random) -> bytes:
    unit = rnd.choice(_RUN_UNITS)
    size = rnd.choice((300, 1_000, 10_000, 50_000, 200_000))
    return _insert(_text(data), unit * (size // len(unit)), rnd).encode("utf-8")


def deep_nesting(data: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice((100, 1_000, 10_000, 50_000))
    tag = rnd.choice(("div", "span", "b", "blockquote", "li", "table"))
    nested = f"<{tag}>" * depth + "Deep text said the mayor." + f"</{tag}>" * rnd.choice((0, depth))
    return _insert(_text(data), nested, rnd).encode("utf-8")


def broken_markup(data: bytes, rnd: random.Random) -> bytes:
    text = _text(data)
    for _ in range(rnd.randint(1, 50)):
        if rnd.random() < 0.5 and text:
            at = rnd.randrange(len(text))
            if text[at] in "<>\"'":
                text = text[:at] + text[at + 1:]
                continue
        text = _insert(text, rnd.choice(_MARKUP), rnd)
    return text.encode("utf-8")


def _sprinkle(choices: tuple[str, ...]) -> Callable[[bytes, random.Random], bytes]:
    def mutation(data: bytes, rnd: random.Random) -> bytes:
        text = _text(data)
        for _ in range(rnd.randint(1, 200)):
            text = _insert(text, rnd.choice(choices), rnd)
        return text.encode("utf-8")
    return mutation


def zero_width_words(data: bytes, rnd: random.Random) -> bytes:
    """A zero-width character between every letter of the page (a copy-paste mangled text)."""
    mark = rnd.choice(_ZERO_WIDTH)
    return mark.join(_text(data)[:200_000]).encode("utf-8")


def long_line(data: bytes, rnd: random.Random) -> bytes:
    """The page's lines joined into one (a dump whose newlines were lost)."""
    joiner = rnd.choice((" ", "", "\t", " | "))
    return joiner.join(_text(data).splitlines()).encode("utf-8")


def repeat(data: bytes, rnd: random.Random) -> bytes:
    return data * rnd.choice((2, 3, 5))


def empty(data: bytes, rnd: random.Random) -> bytes:
    return rnd.choice((b"", b" ", b"\n\n\n", b"\x00" * 100, b"<html></html>", b"\xef\xbb\xbf"))


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": truncate,
    "random_bytes": random_bytes,
    "flip_bytes": flip_bytes,
    "reencode": reencode,
    "char_run": char_run,
    "deep_nesting": deep_nesting,
    "broken_markup": broken_markup,
    "mixed_scripts": _sprinkle(_SCRIPTS),
    "rtl_marks": _sprinkle(_RTL),
    "zero_width": _sprinkle(_ZERO_WIDTH),
    "zero_width_words": zero_width_words,
    "controls": _sprinkle(_CONTROLS),
    "long_line": long_line,
    "repeat": repeat,
    "empty": empty,
}


def mutate(name: str, data: bytes, rnd: random.Random) -> bytes:
    """``data`` after the mutation called ``name``."""
    return MUTATIONS[name](data, rnd)
