"""A claim's title and check-worthiness, from its mentions as stored.

A claim's title (``claims.label``) is what readers see wherever the claim is
listed, so it must be a whole clause stated positively: the best of its
mentions' labels (``claim_mentions.label``, written by the analyze stage).
The best label is one that does not open with a pronoun ("it is arming the
Taliban" reads as a fragment beside "Russia is arming the Taliban"), then a
headline's that reads as a whole clause (the outlet's own summary of the
claim), then a body sentence's, then a headline's that dropped its verb's
auxiliary ("Norland arming rebels"), then the most check-worthy, then one from a mention that neither points back
to nor restates another, then the longer, then the alphabetically first, so
the title depends on the set of mentions only, never on the order they
arrived in.  A mention without a label offers its words.  Nothing that looks
like an internal key (``gpe:russia|supply``) is ever a title.  A claim's
check-worthiness is the highest of its mentions'.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

__all__ = ["PRONOUNS", "best_title", "claim_title", "is_internal_key", "refresh_title"]

#: Words that, opening a label, leave the reader asking who.
PRONOUNS = frozenset("""it he she they we i you this that these those its his her their our
    them him one""".split())
_KEY = re.compile(r"^[\w~]+:\S*$|\|")


def is_internal_key(text: str) -> bool:
    """Whether ``text`` looks like a frame key rather than words for a reader."""
    return bool(_KEY.search(text.strip()))


def _opens_with_pronoun(text: str) -> bool:
    first = re.match(r"[A-Za-z']+", text.strip())
    return bool(first) and first.group(0).lower() in PRONOUNS


#: Auxiliaries and copulas: a headline label with one reads as a whole clause
#: ("Russia is arming Taliban fighters"), one without has dropped its verb's
#: auxiliary ("Norland arming rebels").
_FINITE = frozenset("""is are was were has have had will would can could did does do may
    might must shall should""".split())


def _finite(text: str) -> bool:
    return any(w in _FINITE for w in re.findall(r"[a-z']+", text.lower()))


def best_title(candidates: Iterable[tuple[str | None, str | None, float | None, str | None,
                                         str | None]]) -> tuple[str | None, float | None]:
    """The title and check-worthiness of a claim from ``(label, text, check_worthiness,
    refers_to, origin)`` per mention; no title when no mention offers readable words."""
    ranked = []
    worthiness: float | None = None
    for label, text, score, refers_to, origin in candidates:
        if score is not None:
            worthiness = score if worthiness is None else max(worthiness, score)
        words = " ".join((label or "").split())
        labelled = bool(words) and not is_internal_key(words)
        if not labelled:
            words = " ".join((text or "").split())
            if not words or is_internal_key(words):
                continue
        headline = 1 if origin != "headline" else (0 if _finite(words) else 2)
        ranked.append(((not labelled, _opens_with_pronoun(words), headline,
                        -(score or 0.0), refers_to is not None, -len(words), words), words))
    if not ranked:
        return None, worthiness
    return min(ranked)[1], worthiness


def refresh_title(conn: sqlite3.Connection, claim_id: str) -> None:
    """Set a stored claim's title and check-worthiness from its member mentions."""
    rows = conn.execute(
        "SELECT m.label, m.text, m.check_worthiness, m.refers_to, m.origin "
        "FROM claim_members cm "
        "JOIN claim_mentions m ON m.article_id = cm.article_id AND m.id = cm.mention_id "
        "WHERE cm.claim_id = ?", (claim_id,)).fetchall()
    title, worthiness = best_title(rows)
    if title is not None:
        conn.execute("UPDATE claims SET label = ?, check_worthiness = ? WHERE id = ? "
                     "AND (label IS NOT ? OR check_worthiness IS NOT ?)",
                     (title, worthiness, claim_id, title, worthiness))
    else:
        conn.execute("UPDATE claims SET check_worthiness = ? WHERE id = ?",
                     (worthiness, claim_id))


def claim_title(conn: sqlite3.Connection, claim_id: str) -> str | None:
    """The stored title of the claim ``claim_id`` (not resolved through
    ``claim_aliases``), or None for an unknown id."""
    row = conn.execute("SELECT label FROM claims WHERE id = ?", (claim_id,)).fetchone()
    return row[0] if row else None
