"""The search box's query language, parsed into a safe FTS5 match.

What a user may type (see the help on the search page)::

    clinton email          both words (words are ANDed)
    "clinton email"        the exact phrase: the words next to each other
    clinton OR comey       either (``OR`` in capitals; ``AND`` may be written too)
    -trump  NOT trump      leave out what has the word (or "phrase", or (group))
    elect*                 words that start with "elect"
    (a OR b) c             parentheses group
    speaker:nicholson  speaker:"John Nicholson"  outlet:reuters
                           filters on the whole query (a name part is enough for speaker)

Every user term reaches FTS5 as a quoted string (``"..."`` with inner quotes
doubled), so no user text is FTS5 syntax: the only operators in the match are
the ones this module writes.  Terms without a letter or digit (``&``, ``--``)
are dropped; a query left with nothing to search for, or with exclusions only,
and a malformed one (an unbalanced quote or parenthesis, a dangling ``OR`` or
``NOT``) raise :class:`~factdesk.errors.QuerySyntaxError` naming the problem.
A ``word:`` before an unknown field name is just text.  Pure Python: no SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QuerySyntaxError

__all__ = ["FIELDS", "MAX_TERMS", "ParsedQuery", "parse_query"]

FIELDS = ("speaker", "outlet")
MAX_TERMS = 32          # terms one query may have
MAX_NAME_WORDS = 8      # words of one group an entity's names are matched against

_FIELD = re.compile(r"(speaker|outlet):", re.IGNORECASE)
_BARE_END = re.compile(r'[\s()"]')


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A parsed query: ``match``, the FTS5 expression (``None``: nothing to match,
    only field filters); ``name_groups``, words an entity's names must all
    contain, any one group sufficing (the positive words of each ``OR`` branch);
    ``speaker`` and ``outlet`` from ``speaker:``/``outlet:`` ('' when not given);
    ``name_excluded``, the words of each left-out term (an entity whose name has
    all the words of one of them is left out too)."""

    match: str | None
    name_groups: tuple[tuple[str, ...], ...] = ()
    speaker: str = ""
    outlet: str = ""
    name_excluded: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str         # word, phrase, prefix, field, or, not, and, open, close
    text: str = ""
    field: str = ""
    at: int = 0


@dataclass(frozen=True, slots=True)
class _Node:
    fts: str                  # the FTS5 expression
    groups: tuple[tuple[str, ...], ...]  # positive words, one tuple per OR branch


def _quoted_end(text: str, start: int) -> int:
    end = text.find('"', start + 1)
    if end < 0:
        raise QuerySyntaxError(f'unbalanced quote: the " at character {start + 1} has no '
                               'closing "')
    return end


def _bare(text: str, i: int) -> tuple[_Tok, int]:
    """The bare token starting at ``i`` (a field, an operator, a word or a prefix)."""
    field = _FIELD.match(text, i)
    if field:
        j = field.end()
        if j < len(text) and text[j] == '"':
            end = _quoted_end(text, j)
            return _Tok("field", text[j + 1:end], field.group(1).lower(), i), end + 1
        m = _BARE_END.search(text, j)
        end = m.start() if m else len(text)
        if end > j:
            return _Tok("field", text[j:end], field.group(1).lower(), i), end
        raise QuerySyntaxError(f"{field.group(0)} needs a value, e.g. {field.group(0)}name")
    m = _BARE_END.search(text, i)
    end = m.start() if m else len(text)
    word = text[i:end]
    if word in ("OR", "NOT", "AND"):
        return _Tok(word.lower(), word, at=i), end
    if word.endswith("*"):
        return _Tok("prefix", word.rstrip("*"), at=i), end
    return _Tok("word", word, at=i), end


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            toks.append(_Tok("open" if ch == "(" else "close", ch, at=i))
            i += 1
        elif ch == '"':
            end = _quoted_end(text, i)
            toks.append(_Tok("phrase", text[i + 1:end], at=i))
            i = end + 1
        elif ch == "-" and i + 1 < len(text) and not text[i + 1].isspace() \
                and (i == 0 or text[i - 1].isspace() or text[i - 1] == "("):
            toks.append(_Tok("not", "-", at=i))
            i += 1
        else:
            tok, i = _bare(text, i)
            toks.append(tok)
    return toks


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary+; unary := (NOT|-) primary
    | primary; primary := term | ( or ) | field (top level only)."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks, self.i, self.depth = toks, 0, 0
        self.fields: dict[str, str] = {}
        self.terms = 0
        self.excluded: list[tuple[str, ...]] = []

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def ends_group(self) -> bool:
        tok = self.peek()
        return tok is None or tok.kind in ("or", "close")

    def parse_or(self) -> _Node | None:
        branches = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.i += 1
            if self.ends_group() or branches[-1] == "empty":
                raise QuerySyntaxError("OR needs something to search for on both sides")
            branches.append(self.parse_and())
        if branches[0] == "empty":
            tok = self.peek()
            if tok is not None and tok.kind == "close":
                raise QuerySyntaxError(f"unbalanced parenthesis: the ) at character "
                                       f"{tok.at + 1} closes nothing")
            raise QuerySyntaxError("OR needs something to search for on both sides")
        nodes = [b for b in branches if isinstance(b, _Node)]
        if len(branches) > 1 and self.depth == 0 and self.fields:
            raise QuerySyntaxError("speaker: and outlet: apply to the whole query; they "
                                   "cannot be one side of an OR")
        if not nodes:
            return None
        if len(nodes) == 1:
            return nodes[0]
        return _Node(" OR ".join(f"({n.fts})" for n in nodes),
                     tuple(g for n in nodes for g in n.groups))

    def parse_and(self) -> _Node | None | str:
        """The AND of a run of terms; "empty" when the run has no token at all."""
        keep: list[_Node] = []
        drop: list[_Node] = []
        start = self.i
        while not self.ends_group():
            tok = self.peek()
            if tok.kind == "and":
                self.i += 1
                continue
            negated = tok.kind == "not"
            if negated:
                self.i += 1
                if self.ends_group() or self.peek().kind in ("not", "and"):
                    raise QuerySyntaxError(f"{tok.text} needs a word after it to leave out")
            node = self.parse_primary(negated)
            if node is not None:
                (drop if negated else keep).append(node)
        if self.i == start:
            return "empty"
        if drop and not keep:
            left_out = " ".join(n.fts for n in drop)
            raise QuerySyntaxError(f"nothing to search for: the query only leaves out "
                                   f"{left_out}; add a word to look for")
        if not keep:
            return None
        self.excluded += [g[:MAX_NAME_WORDS] for n in drop for g in n.groups]
        fts = keep[0].fts if len(keep) == 1 else " AND ".join(f"({n.fts})" for n in keep)
        if drop:
            fts = f"({fts}) NOT ({' OR '.join(f'({n.fts})' for n in drop)})"
        return _Node(fts, (tuple(w for n in keep for g in n.groups for w in g),))

    def parse_primary(self, negated: bool) -> _Node | None:
        tok = self.toks[self.i]
        self.i += 1
        if tok.kind == "open":
            after = self.peek()
            if after is not None and after.kind == "close":
                raise QuerySyntaxError(f"empty parentheses at character {tok.at + 1}: put "
                                       "words inside, or drop them")
            self.depth += 1
            node = self.parse_or()
            if self.peek() is None:
                raise QuerySyntaxError(f"unbalanced parenthesis: the ( at character "
                                       f"{tok.at + 1} is never closed")
            self.i += 1
            self.depth -= 1
            return node
        if tok.kind == "field":
            return self.field(tok, negated)
        return self.term(tok)

    def field(self, tok: _Tok, negated: bool) -> None:
        if negated or self.depth:
            raise QuerySyntaxError(f"{tok.field}: applies to the whole query; it cannot be "
                                   "left out or put inside parentheses")
        value = tok.text.strip()
        if not value:
            raise QuerySyntaxError(f"{tok.field}: needs a value")
        if self.fields.get(tok.field, value) != value:
            raise QuerySyntaxError(f"{tok.field}: given twice ({self.fields[tok.field]!r} "
                                   f"and {value!r}); give one")
        self.fields[tok.field] = value
        return None

    def term(self, tok: _Tok) -> _Node | None:
        words = re.findall(r"\w+", tok.text)
        if not words:
            return None  # punctuation alone: nothing FTS5 could match
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QuerySyntaxError(f"too many terms: a query may have {MAX_TERMS}")
        text = tok.text if tok.kind == "phrase" else " ".join(words)
        fts = _fts_string(text) + ("*" if tok.kind == "prefix" else "")
        return _Node(fts, (tuple(words),))


def parse_query(text: str) -> ParsedQuery:
    """Parse a search box query; a blank one is ``ParsedQuery(None)`` (match anything)."""
    toks = _tokens(text)
    if not toks:
        return ParsedQuery(None)
    parser = _Parser(toks)
    node = parser.parse_or()
    if parser.peek() is not None:  # only a ")" stops the top level early
        raise QuerySyntaxError(f"unbalanced parenthesis: the ) at character "
                               f"{parser.peek().at + 1} closes nothing")
    if node is None and not parser.fields:
        raise QuerySyntaxError(f"{text.strip()!r} has no words to search for")
    groups = tuple(g[:MAX_NAME_WORDS] for g in node.groups) if node else ()
    return ParsedQuery(node.fts if node else None, groups,
                       parser.fields.get("speaker", ""), parser.fields.get("outlet", ""),
                       tuple(dict.fromkeys(parser.excluded)))
