"""Where a reported clause starts and ends: a clause's character range from the
parse, without the punctuation around it or an aside the writer added after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..parse.nlp import doc_text
from .cue_verbs import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["clause_range", "strip_final", "trailing_aside", "trim"]


def clause_range(token: Token, start_at: int | None = None) -> tuple[int, int] | None:
    """Char range of the clause headed by ``token`` (from token ``start_at`` when given),
    without a trailing aside (:func:`trailing_aside`)."""
    start = token.left_edge.idx if start_at is None else token.doc[start_at].idx
    last = token.doc[trailing_aside(token)]
    end = last.idx + len(last.text)
    return trim(token.doc, start, end)


# Words that open an aside after a comma: a non-restrictive relative clause
# ("..., which ...", "..., who ...") or a contrast ("..., while ...", "..., though ...").
ASIDE_OPENERS = frozenset({"which", "who", "while", "though", "although", "whereas"})


def trailing_aside(head: Token) -> int:
    """The index of the last token of ``head``'s clause before a trailing aside
    set off by a comma after the clause's verb: "he would quarantine people,
    which ...", "all staffers sign NDAs, though she did not discuss their
    terms", "... support Trump, while emphasizing ...".  News writers add these
    as their own gloss; the reported clause ends before them."""
    doc, last = head.doc, head.right_edge.i
    if head.pos_ not in ("VERB", "AUX"):
        return last
    for i in range(head.i + 1, last):
        after = doc[i + 1]
        if doc[i].text == "," and (after.lower_ in ASIDE_OPENERS
                                  or (after.tag_ == "VBG" and after.dep_ == "advcl")):
            return i - 1
        if doc[i].dep_ == "cc" and doc[i].lower_ in ("and", "but") and _speech_conj(head, i):
            return i - 1
    return last


def _speech_conj(head: Token, cc: int) -> bool:
    """Whether the conjunction at ``cc`` joins ``head`` to a second verb of saying
    with no subject of its own: "she said taxes would rise and said that ...",
    "... but did not say who" -- the speaker's next act, not the reported clause."""
    for conj in head.children:
        if conj.dep_ == "conj" and conj.i > cc and conj.pos_ == "VERB" \
                and conj.lemma_.lower() in SPEECH_VERBS \
                and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children) \
                and all(t.dep_ in ("aux", "neg", "advmod", "punct")
                        for t in head.doc[cc + 1:conj.i]):
            return True
    return False


def trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    text = doc_text(doc)
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return (start, end) if end > start else None


def strip_final(doc: Doc, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    if rng is None:
        return None
    start, end = rng
    while end > start and doc_text(doc)[end - 1] in ".!?":
        end -= 1
    return (start, end) if end > start else None
