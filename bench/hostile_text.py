"""Hostile text dumps for the speed and memory checks of issue 17.

Each dump is a few ordinary paragraphs around one very long line made of a
single pathological run (hyphens, dots, ``'s``, digits, a word without
spaces, quote marks, parentheses, ellipses, em dashes, ...).  The ordinary
page of the same size, :func:`ordinary_text`, is the yardstick: a hostile
dump should clean and analyse in about the time of an ordinary one.

    python bench/hostile_text.py --size 1000000 --out /tmp/hostile

writes one ``<kind>.txt`` per kind plus ``ordinary.txt``.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

__all__ = ["KINDS", "hostile_text", "ordinary_text", "xml_entity_feed"]

_PARAGRAPHS = (
    "The Kellin Port Authority has denied that the contract to run the island ferry was "
    "steered towards a company with ties to its chair, after three councillors called for "
    "an independent inquiry.",
    "Councillor Priya Anand said on Wednesday that the tender documents \"read as if they "
    "were written for one bidder\", pointing to a requirement for vessels of a length that "
    "only one operator currently runs on the route.",
    "\"If this process was fair, the authority has nothing to fear from an inquiry,\" Ms "
    "Anand told a meeting of the council's transport committee. \"Passengers deserve to "
    "know who decided this, and why.\"",
    "The authority's chief executive, Tom Haldane, rejected the claim and said the length "
    "rule followed advice from the harbour master about the new berths at Kellin Quay.",
    "A decision on whether to hold the inquiry is expected at the full council meeting "
    "next month, officials said, and the contract will not be signed before then.",
)

_HEAD = "The Harbour Courier\nNews\nPolitics\nFerry contract row deepens as councillors demand inquiry\nBy Marta Okonkwo\n"

#: The unit each hostile line repeats; the line is ``unit * n`` cut to size.
KINDS: dict[str, str] = {
    "hyphens": "-",
    "apostrophe_s": "'s",
    "dots": ".",
    "numbers": "1234567890",
    "no_spaces": "wordswithoutspaces",
    "unicode_quotes": "“”‘’",
    "ascii_quotes": "\"'",
    "parentheses": "()",
    "ellipses": "…",
    "em_dashes": "—",
    "email_like": "a@b.",
    "urls": "http://x.y/",
    "mixed_quotes": "He said “yes” and ‘no’. ",
}


def _paragraphs(count: int, seed: int = 0) -> list[str]:
    rnd = random.Random(seed)
    return [rnd.choice(_PARAGRAPHS) for _ in range(count)]


def hostile_text(kind: str, size: int) -> str:
    """A dump of ``size`` characters: ordinary paragraphs around one long line of ``kind``."""
    unit = KINDS[kind]
    head = _HEAD + "\n".join(_paragraphs(4, 1)) + "\n"
    tail = "\n" + "\n".join(_paragraphs(4, 2)) + "\n"
    length = max(0, size - len(head) - len(tail))
    return head + (unit * (length // len(unit) + 1))[:length] + tail


def ordinary_text(size: int) -> str:
    """A dump of ordinary paragraphs, at most ``size`` characters, one paragraph a line."""
    out, total, n = [_HEAD], len(_HEAD), 0
    rnd = random.Random(size)
    while True:
        # vary the lines so the dump does not read as one repeated line
        para = f"{rnd.choice(_PARAGRAPHS)[:-1]}, report {n} said."
        if total + len(para) + 1 > size:
            break
        out.append(para + "\n")
        total += len(para) + 1
        n += 1
    return "".join(out)


def xml_entity_feed(times: int = 150) -> str:
    """An RSS feed whose description expands one internal entity ``times`` times."""
    body = "&e;" * times
    return ("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e \"" + "x" * 1000 + "\">]>\n"
            "<rss><channel><title>t</title><item><title>a</title><link>http://example.org/a"
            f"</link><description>{body}</description></item></channel></rss>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (args.out / f"{kind}.txt").write_text(hostile_text(kind, args.size), encoding="utf-8")
    (args.out / "ordinary.txt").write_text(ordinary_text(args.size), encoding="utf-8")


if __name__ == "__main__":
    main()
