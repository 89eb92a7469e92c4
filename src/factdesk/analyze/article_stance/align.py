"""Which body sentences state the claim's proposition, and what surrounds them.

A claim's *alignment* with a body sentence is the IDF-weighted share of the
claim's content words the sentence contains.  The features here describe the
best-aligned sentences and only them, so they carry over to claims never seen
in training: how well and how often the body states the claim, where, how much
of the body is about it, and whether the sentences that state it negate,
refute, hedge, confirm or attribute it (cue words in those sentences, and
negations or refuting words within a few words of the claim's own words).

:class:`SentenceIndex` is built once per body; :func:`align_row` is cheap per
claim (it touches only the sentences that share a word with the claim).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .text import CUE_GROUPS, NEGATION, REFUTE_BIGRAMS, STOP, stem

__all__ = ["ALIGN_NAMES", "SentenceIndex", "align_row"]

_GROUPS = tuple(CUE_GROUPS)
_REFUTE = CUE_GROUPS["refute"]
_SCOPE = 4          # words either side of a claim word that a negation must fall within
_ALIGNED = 0.35     # a sentence is "aligned" at this share of the claim's weight ...
_RELATIVE = 0.6     # ... or at this fraction of the best sentence's alignment

ALIGN_NAMES: tuple[str, ...] = (
    "al_best", "al_second", "al_top3", "al_best_plain", "al_n50", "al_share30",
    "al_share50", "al_first50_pos", "al_best_pos", "al_best_lead", "al_mass",
    *(f"al_{g}_{where}" for g in _GROUPS for where in ("best", "aligned", "weighted")),
    "al_neg_scope", "al_refute_scope", "al_refute_bigram", "al_question", "al_quoted",
    "al_polarity_differs", "al_claim_and_body_refute", "al_body_refutes_plain_claim",
    "al_claim_hedge_body_refute", "al_missing_max_idf", "al_missing_share",
)


@dataclass(slots=True)
class SentenceIndex:
    """A body's sentences, indexed by the stems they contain."""

    where: dict[str, list[int]]       # stem -> sentences containing it
    stems: list[list[str]]            # per sentence, per token: its stem, "" for a stop word
    tokens: list[list[str]]
    cues: np.ndarray                  # (sentences, groups) cue counts
    bigrams: np.ndarray               # (sentences,) refuting word pairs
    question: np.ndarray              # (sentences,) bool
    quoted: np.ndarray                # (sentences,) bool

    @classmethod
    def build(cls, texts: Sequence[str], tokens: Sequence[list[str]],
              cues: Sequence[Sequence[int]]) -> SentenceIndex:
        where: dict[str, list[int]] = {}
        stems = []
        for i, toks in enumerate(tokens):
            st = [stem(t) if t not in STOP else "" for t in toks]
            stems.append(st)
            for s in set(st):
                if s:
                    where.setdefault(s, []).append(i)
        bigrams = np.array([sum((a, b) in REFUTE_BIGRAMS for a, b in zip(t, t[1:]))
                            for t in tokens], dtype=np.float64)
        return cls(where=where, stems=stems, tokens=list(tokens),
                   cues=np.asarray(cues, dtype=np.float64).reshape(len(tokens), len(_GROUPS)),
                   bigrams=bigrams,
                   question=np.array(["?" in t for t in texts], dtype=bool),
                   quoted=np.array([any(q in t for q in "\"“”") for t in texts], dtype=bool))


def _near(stems: list[str], tokens: list[str], claim: Mapping[str, float],
          words: frozenset[str], span: int) -> bool:
    """Whether one of ``words`` lies within ``span`` tokens of a claim word."""
    hits = [i for i, s in enumerate(stems) if s in claim]
    if not hits:
        return False
    return any(t in words and any(abs(i - h) <= span for h in hits)
               for i, t in enumerate(tokens))


def align_row(claim: Mapping[str, float], claim_cues: Sequence[int], index: SentenceIndex,
              body_stems: set[str], max_idf: float) -> list[float]:
    """Alignment features of one claim (stem -> IDF weight) with one body."""
    n = len(index.stems)
    total = sum(claim.values())
    weighted = np.zeros(n)
    plain = np.zeros(n)
    for s, w in claim.items():
        for i in index.where.get(s, ()):
            weighted[i] += w
            plain[i] += 1.0
    if total > 0:
        weighted /= total
        plain /= len(claim)
    order = np.argsort(-weighted, kind="stable")
    best = int(order[0])
    top = np.sort(weighted)[::-1]
    b = float(top[0])
    aligned = weighted >= max(min(_ALIGNED, b), _RELATIVE * b) if b > 0 else np.zeros(n, bool)
    aligned[best] = True
    n_al = int(aligned.sum())
    above50 = np.flatnonzero(weighted >= 0.5)
    mass = float(weighted.sum())
    row = [
        b, float(top[1]) if n > 1 else 0.0, float(top[:3].mean()), float(plain[best]),
        float(np.log1p(len(above50))), float((weighted >= 0.3).mean()),
        float((weighted >= 0.5).mean()),
        float(above50[0]) / max(1, n - 1) if len(above50) else 1.5,
        best / max(1, n - 1), float(best < 3), mass / n,
    ]
    cues = index.cues
    for g in range(len(_GROUPS)):
        row += [float(cues[best, g]), float(cues[aligned, g].sum()) / n_al,
                float(weighted @ cues[:, g]) / mass if mass > 0 else 0.0]
    two = [int(i) for i in order[:2] if weighted[i] > 0]
    neg_scope = any(_near(index.stems[i], index.tokens[i], claim, NEGATION, _SCOPE) for i in two)
    ref_scope = any(_near(index.stems[i], index.tokens[i], claim, _REFUTE, 2 * _SCOPE)
                    for i in two)
    g_ref, g_neg, g_hedge = (_GROUPS.index(g) for g in ("refute", "negation", "hedge"))
    aligned_refute = float(cues[aligned, g_ref].sum() + index.bigrams[aligned].sum())
    claim_refute = claim_cues[g_ref]
    missing = [w for s, w in claim.items() if s not in body_stems]
    row += [
        float(neg_scope), float(ref_scope), float(index.bigrams[aligned].sum()),
        float(index.question[aligned].any()), float(index.quoted[aligned].any()),
        float(claim_cues[g_neg] % 2 != cues[best, g_neg] % 2),
        float(claim_refute > 0 and aligned_refute > 0),
        float(claim_refute == 0 and aligned_refute > 0),
        float(claim_cues[g_hedge] > 0 and aligned_refute > 0),
        max(missing, default=0.0) / max_idf, len(missing) / max(1, len(claim)),
    ]
    return row
