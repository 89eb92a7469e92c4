"""Feature rows for one (claim, article body) pair.

A :class:`FeatureSpace` holds what was learned, unsupervised, from the
training texts: the vocabulary of stemmed content words, their inverse
document frequencies and an LSA projection (a truncated SVD of the TF-IDF
matrix).  :meth:`FeatureSpace.rows` turns pairs into feature rows:

* overlap of the claim's words, word bigrams and character 4-grams with the
  body, its lead and the first sentence (plain and IDF-weighted);
* TF-IDF and LSA cosine of the claim with the body and with its best-matching
  sentences, and where in the body those sentences are;
* refuting, hedging, confirming and negation cues counted in the claim, in
  the sentences that match the claim (and their neighbours), in the lead and
  in the whole body; the polarity (negation parity) of claim and best
  sentence; the presence of each cue word in the body and near the claim.

Bodies and claims are prepared once per distinct text, so a batch where one
body meets many claims (as in FNC-1) costs little more than its bodies.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .text import CUE_GROUPS, content_words, sentences, words

__all__ = ["CUE_WORDS", "FEATURE_NAMES", "FeatureSpace", "prepare_tokens"]

_GROUPS = tuple(CUE_GROUPS)
#: The cue words counted one by one (sorted, so the feature order is fixed).
CUE_WORDS: tuple[str, ...] = tuple(sorted(set().union(*CUE_GROUPS.values())))
_CUE_INDEX = {w: i for i, w in enumerate(CUE_WORDS)}
_TOP = 3  # best-matching sentences that make up "near the claim"
_LEAD = 3  # sentences in the lead

_BASE_NAMES = (
    "claim_words", "claim_question", "claim_quote", "body_words", "body_sentences",
    "share_body", "share_body_idf", "jaccard", "share_lead", "share_first", "share_best",
    "bigram_share", "char4_share", "claim_density",
    "cos_body", "cos_best", "cos_top3", "cos_lead", "best_position", "matching_sentences",
    "lsa_body", "lsa_best", "lsa_top3", "lsa_lead",
    "claim_negation_odd", "best_negation_odd", "top_negation_odd", "polarity_agrees",
)
_CUE_NAMES = tuple(f"{g}_{where}" for g in _GROUPS
                   for where in ("claim", "near", "window", "lead", "body", "body_rate"))
FEATURE_NAMES: tuple[str, ...] = (
    _BASE_NAMES + _CUE_NAMES
    + tuple(f"body_has_{w}" for w in CUE_WORDS)
    + tuple(f"near_has_{w}" for w in CUE_WORDS)
)


def prepare_tokens(text: str) -> list[str]:
    """The stemmed content words the vocabulary is built from."""
    return content_words(words(text))


def _cue_counts(tokens: Iterable[str]) -> list[int]:
    counts = [0] * len(_GROUPS)
    for t in tokens:
        for i, g in enumerate(_GROUPS):
            if t in CUE_GROUPS[g]:
                counts[i] += 1
    return counts


def _char_grams(text: str, n: int = 4) -> set[str]:
    s = " ".join(words(text))
    return {s[i:i + n] for i in range(max(0, len(s) - n + 1))}


def _cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(i, 0.0) for i, w in a.items())


@dataclass(slots=True)
class _Text:
    """One claim, body or sentence, prepared."""

    tokens: list[str]          # raw lower-cased words
    content: list[str]         # stemmed content words
    vector: dict[int, float]   # l2-normalised TF-IDF
    cues: list[int]            # counts per cue group


@dataclass(slots=True)
class _Body:
    whole: _Text
    sents: list[_Text]
    word_set: set[str]
    counts: Counter
    bigrams: set[tuple[str, str]]
    chars: set[str]
    lsa: np.ndarray            # l2-normalised LSA vector of the body
    sent_lsa: np.ndarray       # one normalised LSA row per sentence
    lead_set: set[str]
    first_set: set[str]
    lead_vector: dict[int, float]
    lead_lsa: np.ndarray
    lead_cues: list[int]
    cue_words: set[str]


@dataclass(slots=True)
class _Claim:
    text: _Text
    word_set: set[str]
    bigrams: set[tuple[str, str]]
    chars: set[str]
    lsa: np.ndarray
    question: bool
    quote: bool


class FeatureSpace:
    """Vocabulary, IDF and LSA projection; turns (claim, body) pairs into rows."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, components: np.ndarray):
        self.vocabulary = tuple(vocabulary)
        self.index = {w: i for i, w in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.idf_list = self.idf.tolist()
        self.default_idf = float(self.idf.max()) if len(self.idf) else 1.0
        # (vocabulary, k): a word's row is its LSA direction.
        self.components = np.ascontiguousarray(np.asarray(components, dtype=np.float32).T)

    def _vector(self, content: Sequence[str]) -> dict[int, float]:
        counts = Counter(self.index[w] for w in content if w in self.index)
        vec = {i: (1.0 + math.log(c)) * self.idf_list[i] for i, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {i: v / norm for i, v in vec.items()}

    def _lsa(self, vectors: Sequence[dict[int, float]]) -> np.ndarray:
        out = np.zeros((len(vectors), self.components.shape[1]), dtype=np.float64)
        for row, vec in enumerate(vectors):
            if vec:
                idx = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
                w = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
                out[row] = w @ self.components[idx]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)

    def _text(self, text: str) -> _Text:
        tokens = words(text)
        content = content_words(tokens)
        return _Text(tokens, content, self._vector(content), _cue_counts(tokens))

    def idf_of(self, word: str) -> float:
        i = self.index.get(word)
        return self.idf_list[i] if i is not None else self.default_idf

    def prepare_body(self, body: str) -> _Body:
        whole = self._text(body)
        sents = [self._text(s) for s in sentences(body)]
        lead_content = [w for s in sents[:_LEAD] for w in s.content]
        lead_tokens = [w for s in sents[:_LEAD] for w in s.tokens]
        lead_vector = self._vector(lead_content)
        lsa = self._lsa([whole.vector, lead_vector, *(s.vector for s in sents)])
        c = whole.content
        return _Body(whole=whole, sents=sents, word_set=set(c), counts=Counter(c),
                     bigrams=set(zip(c, c[1:])), chars=_char_grams(body), lsa=lsa[0],
                     sent_lsa=lsa[2:], lead_set=set(lead_content),
                     first_set=set(sents[0].content) if sents else set(),
                     lead_vector=lead_vector, lead_lsa=lsa[1],
                     lead_cues=_cue_counts(lead_tokens),
                     cue_words={t for t in whole.tokens if t in _CUE_INDEX})

    def prepare_claim(self, claim: str) -> _Claim:
        t = self._text(claim)
        c = t.content
        return _Claim(text=t, word_set=set(c), bigrams=set(zip(c, c[1:])),
                      chars=_char_grams(claim), lsa=self._lsa([t.vector])[0],
                      question="?" in claim, quote=any(q in claim for q in "'\"‘’“”"))

    def row(self, claim: _Claim, body: _Body) -> list[float]:
        """The feature row of one prepared pair, in :data:`FEATURE_NAMES` order: word
        overlap, similarity and negation parity (``_BASE_NAMES``), cue counts per
        group, then which cue words the body and the claim's window hold."""
        sims = [_cosine(claim.text.vector, s.vector) for s in body.sents]
        order = sorted(range(len(sims)), key=lambda i: -sims[i])
        top = order[:_TOP]
        best = top[0] if top else 0
        window = sorted({j for i in top for j in (i - 1, i, i + 1) if 0 <= j < len(sims)})
        near_cues = _cue_counts([t for i in top for t in body.sents[i].tokens])
        window_tokens = [t for i in window for t in body.sents[i].tokens]
        n_body = len(body.whole.tokens) or 1
        row = [
            len(claim.text.tokens), float(claim.question), float(claim.quote),
            math.log1p(n_body), math.log1p(len(body.sents)),
            *self._overlap(claim, body, best),
            *_similarity(claim, body, sims, top, best),
            *_negation_parity(claim, body, best, near_cues),
        ]
        window_cues = _cue_counts(window_tokens)
        for g in range(len(_GROUPS)):
            row += [claim.text.cues[g], near_cues[g], window_cues[g], body.lead_cues[g],
                    math.log1p(body.whole.cues[g]), 100.0 * body.whole.cues[g] / n_body]
        return row + _cue_words_in(body.cue_words) + _cue_words_in(window_tokens)

    def _overlap(self, claim: _Claim, body: _Body, best: int) -> list[float]:
        """``share_body`` to ``claim_density``: the claim's words found in the body."""
        cw, bw = claim.word_set, body.word_set
        n_claim = len(cw) or 1
        shared = cw & bw
        idf_total = sum(self.idf_of(w) for w in cw) or 1.0
        best_set = set(body.sents[best].content) if body.sents else set()
        return [
            len(shared) / n_claim,
            sum(self.idf_of(w) for w in shared) / idf_total,
            len(shared) / (len(cw | bw) or 1),
            len(cw & body.lead_set) / n_claim,
            len(cw & body.first_set) / n_claim,
            len(cw & best_set) / n_claim,
            len(claim.bigrams & body.bigrams) / (len(claim.bigrams) or 1),
            len(claim.chars & body.chars) / (len(claim.chars) or 1),
            sum(body.counts[w] for w in cw) / (len(body.whole.tokens) or 1),
        ]

    def rows(self, pairs: Iterable[tuple[str, str]]) -> np.ndarray:
        """Feature rows of (claim, body) pairs; each distinct text is prepared once."""
        bodies: dict[str, _Body] = {}
        claims: dict[str, _Claim] = {}
        out = []
        for claim, body in pairs:
            b = bodies.get(body)
            if b is None:
                b = bodies[body] = self.prepare_body(body)
            c = claims.get(claim)
            if c is None:
                c = claims[claim] = self.prepare_claim(claim)
            out.append(self.row(c, b))
        return np.asarray(out, dtype=np.float64).reshape(len(out), len(FEATURE_NAMES))


def _similarity(claim: _Claim, body: _Body, sims: list[float], top: list[int],
                best: int) -> list[float]:
    """``cos_body`` to ``lsa_lead``: cosine and LSA similarity to the body, its
    best sentences and its lead."""
    lsa_sims = body.sent_lsa @ claim.lsa if len(body.sent_lsa) else np.zeros(1)
    return [
        _cosine(claim.text.vector, body.whole.vector),
        sims[best] if sims else 0.0,
        sum(sims[i] for i in top) / _TOP,
        _cosine(claim.text.vector, body.lead_vector),
        best / max(1, len(sims) - 1),
        sum(1 for s in sims if s > 0.2) / (len(sims) or 1),
        float(body.lsa @ claim.lsa),
        float(lsa_sims.max()),
        float(np.sort(lsa_sims)[-_TOP:].mean()),
        float(body.lead_lsa @ claim.lsa),
    ]


def _negation_parity(claim: _Claim, body: _Body, best: int, near_cues: list[int]) -> list[float]:
    """``claim_negation_odd`` to ``polarity_agrees``: odd numbers of negations."""
    neg = _GROUPS.index("negation")
    claim_odd = claim.text.cues[neg] % 2
    best_odd = body.sents[best].cues[neg] % 2 if body.sents else 0
    return [float(claim_odd), float(best_odd), float(near_cues[neg] % 2),
            float(claim_odd == best_odd)]


def _cue_words_in(tokens: Iterable[str]) -> list[float]:
    """1.0 for each of :data:`CUE_WORDS` among ``tokens``, else 0.0."""
    present = [0.0] * len(CUE_WORDS)
    for t in tokens:
        i = _CUE_INDEX.get(t)
        if i is not None:
            present[i] = 1.0
    return present
