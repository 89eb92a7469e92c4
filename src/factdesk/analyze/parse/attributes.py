"""A faster, exact stand-in for a pipeline's ``attribute_ruler`` and rule lemmatizer.

In ``en_core_web_sm`` these two rule components cost about an eighth of the
whole pipeline's time: the ruler runs spaCy's general ``Matcher`` over every
token for 179 one- and two-token patterns, and the lemmatizer walks every
token in Python.  Neither feeds the components after them (only ``ner``,
which reads none of their output), so :class:`FastAttributes` runs after the
rest of the pipeline, on a whole batch of docs at once:

* each of the ruler's own patterns is evaluated with numpy over the batch's
  TAG/LOWER/DEP/IS_SPACE columns, and its attributes are applied in pattern
  order (later patterns win, as in the ruler);
* lemmas come from the lemmatizer's own ``rule_lemmatize`` for each distinct
  ``(word, POS, morphology)``, behind a small cache, only for tokens the ruler left
  without one (the lemmatizer's ``overwrite=False``).  It runs on a private copy
  of the lemmatizer whose word indexes are sets: the rules ask ``form in index``
  of every candidate form, which on the stock lists (57,528 nouns) is a linear
  scan each time.

It is used only when the pipeline's components are the stock ``attribute_ruler``
and ``lemmatizer`` (rule mode, no overwrite) placed before ``ner`` with
nothing else in between; the result is checked token for token against the
stock components in ``tests/analyze/test_attributes.py``.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["FastAttributes", "fast_attributes"]

log = logging.getLogger(__name__)

REPLACED = ("attribute_ruler", "lemmatizer")
LEMMA_CACHE = 20_000  # bounded: a long run meets new words forever


@dataclass(frozen=True, slots=True)
class _Test:
    """One token's condition: ``column`` compared by ``op`` with ``values``."""

    column: int
    op: str  # eq | in | not_in | regex | bool
    values: Any


@dataclass(frozen=True, slots=True)
class _Rule:
    tokens: tuple[tuple[_Test, ...], ...]
    index: int
    dense: tuple[tuple[int, int], ...]  # (output column, hash): POS, MORPH
    lemma: int | None
    tag: int | None
    dep: str | None


COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")


class FastAttributes:
    """The attribute ruler's patterns and the rule lemmatizer, applied per batch."""

    def __init__(self, nlp: Language) -> None:
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG

        self.nlp = nlp
        self.lemmatizer = _with_set_indexes(nlp.get_pipe("lemmatizer"))
        self.read = [TAG, LOWER, DEP, IS_SPACE]
        self.dense_attrs = [POS, MORPH]
        self.LEMMA = LEMMA
        strings, morphology = nlp.vocab.strings, nlp.vocab.morphology
        rules = []
        for entry in nlp.get_pipe("attribute_ruler").patterns:
            attrs = entry["attrs"]
            dense = []
            if "POS" in attrs:
                dense.append((0, strings.add(attrs["POS"])))
            if "MORPH" in attrs:
                dense.append((1, morphology.add(attrs["MORPH"])))
            for pattern in entry["patterns"]:
                tokens = tuple(tuple(self._test(key, value) for key, value in spec.items())
                               for spec in pattern)
                rules.append(_Rule(
                    tokens=tokens, index=entry.get("index", 0), dense=tuple(dense),
                    lemma=strings.add(attrs["LEMMA"]) if "LEMMA" in attrs else None,
                    tag=strings.add(attrs["TAG"]) if "TAG" in attrs else None,
                    dep=attrs.get("DEP")))
            unknown = set(attrs) - {"POS", "MORPH", "LEMMA", "TAG", "DEP"}
            if unknown:
                raise ValueError(f"attribute_ruler sets {sorted(unknown)}")
        self.rules = tuple(rules)
        self._lemmas: dict[tuple[int, int, int], str] = {}

    def _test(self, key: str, value: Any) -> _Test:
        if key not in COLUMNS:
            raise ValueError(f"attribute_ruler pattern uses {key}")
        column = COLUMNS.index(key)
        strings = self.nlp.vocab.strings
        if key == "IS_SPACE":
            return _Test(column, "bool", int(bool(value)))
        if isinstance(value, str):
            return _Test(column, "eq", strings.add(value) if value else 0)
        if isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN"):
                hashes = np.array([strings.add(v) if v else 0 for v in arg], dtype=np.uint64)
                return _Test(column, op.lower(), hashes)
            if op == "REGEX":
                return _Test(column, "regex", re.compile(arg))
        raise ValueError(f"attribute_ruler pattern value {value!r} not supported")

    # -- applying ----------------------------------------------------------

    def __call__(self, docs: Sequence[Doc]) -> None:
        docs = [doc for doc in docs if len(doc)]
        if not docs:
            return
        table = np.concatenate([doc.to_array(self.read) for doc in docs]).astype(np.uint64)
        dense = np.concatenate([doc.to_array(self.dense_attrs) for doc in docs]
                               ).astype(np.uint64)
        lengths = [len(doc) for doc in docs]
        ends = np.cumsum(lengths)
        last = np.zeros(len(table), dtype=bool)
        last[ends - 1] = True
        lemma = np.concatenate([doc.to_array([self.LEMMA]) for doc in docs]).astype(np.uint64)
        sparse_tag: dict[int, int] = {}
        sparse_dep: dict[int, str] = {}
        regex_cache: dict[int, np.ndarray] = {}
        for rule in self.rules:
            hits = self._matches(rule, table, last, regex_cache)
            if not len(hits):
                continue
            where = hits + rule.index
            for column, value in rule.dense:
                dense[where, column] = value
            if rule.lemma is not None:
                lemma[where] = rule.lemma
            for position in where.tolist():
                if rule.tag is not None:
                    sparse_tag[position] = rule.tag
                if rule.dep is not None:
                    sparse_dep[position] = rule.dep
        self._write(docs, ends, dense, lemma, sparse_tag, sparse_dep)

    def _matches(self, rule: _Rule, table: np.ndarray, last: np.ndarray,
                 regex_cache: dict) -> np.ndarray:
        n = len(table)
        masks = []
        for tests in rule.tokens:
            mask = np.ones(n, dtype=bool)
            for test in tests:
                mask &= self._mask(test, table[:, test.column], regex_cache)
            masks.append(mask)
        if len(masks) == 1:
            return np.flatnonzero(masks[0])
        span = len(masks)
        ok = np.ones(n - span + 1, dtype=bool) if n >= span else np.zeros(0, dtype=bool)
        for k, mask in enumerate(masks):
            ok &= mask[k:n - span + 1 + k]
            if k < span - 1:  # a match never runs over the end of a doc
                ok &= ~last[k:n - span + 1 + k]
        return np.flatnonzero(ok)

    def _mask(self, test: _Test, column: np.ndarray, regex_cache: dict) -> np.ndarray:
        if test.op in ("eq", "bool"):
            return column == test.values
        if test.op == "in":
            return np.isin(column, test.values)
        if test.op == "not_in":
            return ~np.isin(column, test.values)
        key = id(test)
        if key not in regex_cache:
            strings = self.nlp.vocab.strings
            values = np.unique(column)
            good = [v for v in values.tolist() if v and test.values.search(strings[v])]
            regex_cache[key] = np.isin(column, np.array(good, dtype=np.uint64))
        return regex_cache[key]

    def _write(self, docs: Sequence[Doc], ends: np.ndarray, dense: np.ndarray,
               lemma: np.ndarray, tags: dict[int, int], deps: dict[int, str]) -> None:
        from spacy.attrs import LEMMA, MORPH, POS

        strings = self.nlp.vocab.strings
        start = 0
        for doc, end in zip(docs, ends.tolist(), strict=True):
            doc.from_array([POS, MORPH], dense[start:end])
            for position in [p for p in tags if start <= p < end]:
                doc[position - start].tag = tags[position]
            for position in [p for p in deps if start <= p < end]:
                doc[position - start].dep_ = deps[position]
            missing = np.flatnonzero(lemma[start:end] == 0)
            if len(missing):
                values = lemma[start:end].copy()
                keys = doc.to_array(["ORTH", "POS", "MORPH"])
                for i in missing.tolist():
                    key = (int(keys[i, 0]), int(keys[i, 1]), int(keys[i, 2]))
                    text = self._lemmas.get(key)
                    if text is None:
                        text = self.lemmatizer.rule_lemmatize(doc[i])[0]
                        if len(self._lemmas) >= LEMMA_CACHE:
                            self._lemmas.clear()
                            self.lemmatizer.cache.clear()
                        self._lemmas[key] = text
                    values[i] = strings.add(text)
                doc.from_array([LEMMA], values)
            else:
                doc.from_array([LEMMA], lemma[start:end])
            start = end


def _with_set_indexes(lemmatizer: Any) -> Any:
    """A shallow copy of a rule ``lemmatizer`` whose ``lemma_index`` lists are
    frozensets (the rules only test membership in them); the pipeline's own
    lemmatizer and its tables are left as they are."""
    from spacy.lookups import Lookups

    fast = copy.copy(lemmatizer)
    fast.cache = {}
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            copied = lookups.add_table(name)
            for key, words in table.items():
                copied[key] = frozenset(words)
        else:
            lookups.set_table(name, table)
    fast.lookups = lookups
    return fast


@functools.lru_cache(maxsize=4)
def fast_attributes(nlp: Language) -> FastAttributes | None:
    """A :class:`FastAttributes` for ``nlp`` when its rule components are the stock
    ones in the stock place, else ``None`` (the pipeline then runs them itself)."""
    names = nlp.pipe_names
    if not all(name in names for name in REPLACED):
        return None
    meta = {name: nlp.get_pipe_meta(name).factory for name in names}
    if meta["attribute_ruler"] != "attribute_ruler" or meta["lemmatizer"] != "lemmatizer":
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return None
    after = names[names.index("attribute_ruler"):]
    if after[:2] != list(REPLACED) or any(meta[n] != "ner" for n in after[2:]):
        return None
    try:
        return FastAttributes(nlp)
    except ValueError as exc:
        log.info("stock attribute ruler kept: %s", exc)
        return None
