"""Restatements inside one article: the same proposition worded again.

An article states its contested proposition several times, in the words of
each side ("the articles were misleading and inaccurate", "calling the
reports inaccurate and deliberately misleading").  Across articles the
clusterer stays literal; inside one article the same content words in two
mentions are strong evidence of one claim.  Two mentions restate each other
when they share at least ``MIN_SHARED`` content words, at least one of them
a common word (a shared name alone is a shared topic, not a shared claim),
and the shared words are at least ``MIN_OVERLAP`` of the smaller mention's.

:func:`restatements` gives each later mention that restates an earlier one
``refers_to`` = the earlier one's id (kept when an anaphor already set it),
so the link travels with the data.  Candidates come from an inverted index
over words, so an article with hundreds of quotes costs no pairwise sweep
over unrelated mentions.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from ...model import ClaimMention

__all__ = ["MIN_OVERLAP", "MIN_SHARED", "restatements"]

MIN_SHARED = 2
MIN_OVERLAP = 0.5
#: A word in more mentions than this is the article's topic, not a claim's wording.
MAX_POSTINGS = 12
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
STOP = frozenset("""a an the of to in on at for with by from and or but that this these those
    its it his her their our your my is are was were be been being has have had do does did
    will would could should may might can must not no any some all more most other such than
    over under into about as which who whom whose what when where while also very so up out
    there here yet he she they we i you him them us me said says say told tell just only even
    now then still one two new last first""".split())


def restatements(mentions: tuple[ClaimMention, ...]) -> tuple[ClaimMention, ...]:
    """``mentions`` (text order) with ``refers_to`` set on restatements."""
    words = [_words(m.label or m.span.text) for m in mentions]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            postings[w].append(i)
    out = list(mentions)
    for j, mention in enumerate(mentions):
        if mention.refers_to is not None or len(words[j]) < MIN_SHARED:
            continue
        shared: dict[int, int] = defaultdict(int)
        common: set[int] = set()
        for w, lower in words[j].items():
            posting = postings[w]
            if len(posting) > MAX_POSTINGS:
                continue
            for i in posting:
                if i < j:
                    shared[i] += 1
                    if lower:
                        common.add(i)
        best = None
        for i, n in shared.items():
            if n < MIN_SHARED or i not in common or mentions[i].span == mention.span:
                continue
            if n >= MIN_OVERLAP * min(len(words[i]), len(words[j])):
                if best is None or (n, i) > best:
                    best = (n, i)
        if best is not None:
            target = mentions[best[1]]
            out[j] = dataclasses.replace(mention, refers_to=target.refers_to or target.id)
    return tuple(out)


def _words(text: str) -> dict[str, bool]:
    """Content words, stemmed, each with whether it is a common (lower-case) word."""
    out: dict[str, bool] = {}
    for raw in WORD.findall(text):
        low = raw.lower()
        if low in STOP:
            continue
        stem = _stem(low)
        out[stem] = out.get(stem, False) or raw.islower()
    return out


def _stem(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("’s")
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
