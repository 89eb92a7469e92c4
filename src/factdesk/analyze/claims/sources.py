"""Who puts a claim forward: the source of a claim mention.

A source is a resolved speaker (a quote's), the owner of a claim noun ("US
suggestions"), the subject of a stance verb, or the outlet itself; an unnamed
one keeps its description and is marked anonymous when the description says
so ("officials", "a senior aide").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Article, Span
from ..entities.index import EntityIndex

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..parse.nlp import Unit

__all__ = ["ANALYZER", "ANONYMOUS", "Source", "anonymous", "canonical_id", "negated_cue",
           "token_source"]

ANALYZER = "claims.rules.v3"  # v3: evidence nouns carry their clause; v2: headlinese propositions
ANONYMOUS = re.compile(
    r"\b(anonymous|unnamed|unidentified|officials?|sources?|analysts?|experts?|observers?|"
    r"diplomats?|critics?|residents?|people|spokesm[ae]n|spokeswom[ae]n|spokespersons?|"
    r"witnesses|insiders?|aides?)\b", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A claim mention's source: name, entity id, the mention at the cue."""

    name: str | None
    entity_id: str | None
    span: Span | None
    anonymous: bool


def token_source(article: Article, unit: Unit, token: Token, index: EntityIndex) -> Source:
    start = token.left_edge.idx + unit.offset
    end = token.right_edge.idx + len(token.right_edge.text) + unit.offset
    span = Span(start=start, end=end, text=article.text[start:end])
    entity = index.at(token.idx + unit.offset, token.idx + unit.offset + len(token.text))
    if entity is not None:
        return Source(name=entity.name, entity_id=entity.id, span=span, anonymous=False)
    return Source(name=span.text, entity_id=None, span=span, anonymous=anonymous(span.text))


def canonical_id(entity_id: str | None, index: EntityIndex) -> str | None:
    if entity_id is None:
        return None
    entity = index.by_id.get(entity_id)
    return entity.id if entity is not None else entity_id


def anonymous(description: str | None) -> bool:
    return description is None or bool(ANONYMOUS.search(description))


def negated_cue(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "n't") for c in token.children)
