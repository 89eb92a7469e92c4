"""Learned cues: verbs the rules do not know, accepted by a small trained model.

The rule finders (:mod:`.cues`, :mod:`.intent_cues`, ...) know lists of verbs.
Reported stances are also carried by verbs off those lists ("the council
**distrusts** the ferry company", "the union **signaled** that ...").
:func:`find_learned_cues` takes every verb of a paragraph that has a subject
and a complement (a clause, an infinitive, an object or a prepositional
object), is no rule cue itself (nor "be", "see", "watch": :data:`SKIP_LEMMAS`), lies
inside no rule cue's content, and
scores it with a logistic model over its features
(:func:`features`: the lemma and its attribution rate on PolNeAR's train
compartment, the complement's shape, the kind of subject, tense, negation,
...).  A verb scoring at least the model's threshold becomes a :class:`Cue`
whose content is its complement.

Flows in: one parsed paragraph (a spaCy ``Doc``) and the rule cues found in it.
Flows out: :class:`Cue` objects (``speech=False``) for the finder.

The weights are ``learned_cues.json`` next to this module, written by
``bench/train_attribution.py`` (logistic regression trained on PolNeAR's
``train`` compartment, threshold chosen on out-of-fold scores with folds
grouped by article).  Nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import ModelFormatError
from .clause_edges import strip_final, trailing_aside, trim
from .cues import Cue
from .intent_cues import BACKING_VERBS, JUDGING_VERBS, WANTING_VERBS, counts_people

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Candidate", "LearnedModel", "candidates", "features", "find_learned_cues",
           "load_model"]

MODEL_FILE = Path(__file__).with_name("learned_cues.json")
QUOTE_MARKS = frozenset("\"“”«»")
SUBJECT_DEPS = frozenset({"nsubj"})
# Complements that can hold what a source says, wants or holds.
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "attr", "acomp", "oprd",
                             "dative", "advcl"})
PERSONAL = frozenset({"i", "we", "he", "she", "they", "you"})
MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must"})
QUESTION = frozenset({"whether", "if", "who", "what", "when", "where", "why", "how", "which"})
# "be" carries no stance of its own; seeing and watching report what happened
# before the subject's eyes ("saw the ferry leave"), not what the subject holds.
# Until learned-cues.v1 the verbs on the rules' lists were skipped as well; but
# where the rules made no cue of such a verb PolNeAR often has one ("pushed the
# president's actions"), and the model, which knows the lemma, tells them apart
# (out-of-fold on train/: content F1 68.6 -> 68.8 at the same precision).  A verb
# the rules made a cue of is never a candidate, and a verb of backing, wanting or
# judging needs a subject that can hold a stance (:data:`HOLDER_VERBS`), as in
# the rules: "the pier supports the weight" is no one's position.
SKIP_LEMMAS = frozenset({"be", "see", "watch"})
HOLDER_VERBS = BACKING_VERBS | JUDGING_VERBS | WANTING_VERBS


@dataclass(frozen=True, slots=True)
class Candidate:
    """A verb that might be a cue: its subject, the first complement's label and
    the content's char range inside the doc."""

    verb: Token
    subject: Token
    shape: str
    content: tuple[int, int]
    #: "clause" (to the end of the verb's clause) or "phrase" (the first complement).
    extent: str = "clause"


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """Logistic weights by feature name, the lemma rates and the threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    lemma_rates: dict[str, float]
    prior: float
    version: str

    def score(self, feats: dict[str, float]) -> float:
        """The probability that a candidate with ``feats`` is an attribution."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.cache
def load_model(path: Path = MODEL_FILE) -> LearnedModel:
    """The shipped model (read once)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return LearnedModel(weights=raw["weights"], bias=raw["bias"],
                            threshold=raw["threshold"], lemma_rates=raw["lemma_rates"],
                            prior=raw["prior"], version=raw["version"])
    except (OSError, ValueError, KeyError) as exc:
        raise ModelFormatError(f"learned cue model {path} unreadable: {exc}") from exc


def candidates(doc: Doc, rule_cues: list[Cue]) -> list[Candidate]:
    """Every verb of ``doc`` with a subject and a complement that no rule cue
    claims: not a rule cue's own word, not inside a rule cue's content, not in a
    sentence with quotation marks (those belong to the quote rules)."""
    taken = {c.verb.i for c in rule_cues}
    contents = [c.content for c in rule_cues if c.content is not None]
    out = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.i in taken or verb.lemma_.lower() in SKIP_LEMMAS:
            continue
        if any(lo <= verb.idx < hi for lo, hi in contents):
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.i > verb.i:
            continue
        if any(ch in QUOTE_MARKS for ch in verb.sent.text):
            continue
        if verb.lemma_.lower() in HOLDER_VERBS and not counts_people(subject):
            # "the pier supports the weight": backing, wanting and judging need a
            # subject that can hold a stance, as the rules of intent_cues ask.
            continue
        found = _complement(verb)
        if found is None:
            continue
        shape, content, phrase = found
        out.append(Candidate(verb=verb, subject=subject, shape=shape, content=content))
        if phrase is not None and phrase != content:
            out.append(Candidate(verb=verb, subject=subject, shape=shape, content=phrase,
                                 extent="phrase"))
    return out


def _complement(verb: Token) -> tuple[str, tuple[int, int], tuple[int, int] | None] | None:
    """The label of the verb's first complement after it, the char range from
    it to the end of the verb's clause (without a trailing aside) and the char
    range of that complement alone."""
    doc = verb.doc
    after = [c for c in verb.rights if c.dep_ in COMPLEMENT_DEPS]
    if not after:
        return None
    first = after[0]
    last = doc[trailing_aside(verb)]
    if last.i < first.i:
        return None
    rng = strip_final(doc, trim(doc, first.left_edge.idx, last.idx + len(last.text)))
    edge = first.right_edge
    phrase = strip_final(doc, trim(doc, first.left_edge.idx, edge.idx + len(edge.text)))
    return (first.dep_, rng, phrase) if rng is not None else None


def _subject_kind(subject: Token) -> str:
    lower = subject.lower_
    if subject.pos_ == "PRON":
        return "personal" if lower in PERSONAL else "other-pronoun"
    ent = subject.ent_type_
    if ent in ("PERSON", "ORG", "NORP", "GPE"):
        return ent.lower()
    return "propn" if subject.pos_ == "PROPN" else "noun"


def features(c: Candidate, model: LearnedModel | None = None,
             lemma_rates: dict[str, float] | None = None, prior: float = 0.0) -> dict[str, float]:
    """The features of a candidate: indicator names with value 1.0, and
    ``lemma_rate``, the lemma's attribution rate (from ``model`` or the given
    out-of-fold table; ``prior`` for an unseen lemma)."""
    verb, doc = c.verb, c.verb.doc
    lemma = verb.lemma_.lower()
    if model is not None:
        lemma_rates, prior = model.lemma_rates, model.prior
    rate = (lemma_rates or {}).get(lemma, prior)
    subject = _subject_kind(c.subject)
    span = doc.char_span(c.content[0], c.content[1], alignment_mode="expand")
    n = len(span or ())
    length = "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 \
        else "21+"
    opener = span[0].lower_ if n else ""
    opening = "that" if opener == "that" else "question" if opener in QUESTION \
        else "to" if opener == "to" else "other"
    children = {ch.dep_ for ch in verb.children}
    modal = any(ch.dep_ == "aux" and ch.lower_ in MODALS for ch in verb.children)
    feats = {
        f"lemma={lemma}": 1.0,
        "lemma_rate": rate,
        f"shape={c.shape}": 1.0,
        f"subject={subject}": 1.0,
        f"shape*subject={c.shape}*{subject}": 1.0,
        f"lemma*shape={lemma}*{c.shape}": 1.0,
        f"tag={verb.tag_}": 1.0,
        f"dep={verb.dep_}": 1.0,
        f"length={length}": 1.0,
        f"opening={opening}": 1.0,
        f"rate*shape={c.shape}": rate,
        f"extent={c.extent}": 1.0,
        f"extent*shape={c.extent}*{c.shape}": 1.0,
        f"extent*length={c.extent}*{length}": 1.0,
    }
    first_child = next(ch for ch in verb.rights if ch.dep_ == c.shape)
    if c.shape == "prep":
        feats[f"prep={first_child.lower_}"] = 1.0
        feats[f"lemma*prep={lemma}*{first_child.lower_}"] = 1.0
    elif c.shape in ("dobj", "attr", "oprd"):
        feats[f"object={first_child.lemma_.lower()}"] = 1.0
    if verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "relcl"):
        feats[f"head={verb.head.lemma_.lower()}"] = 1.0
    if "neg" in children:
        feats["negated"] = 1.0
    if modal:
        feats["modal"] = 1.0
    if verb.i == verb.sent.root.i:
        feats["root"] = 1.0
    return feats


def find_learned_cues(doc: Doc, rule_cues: list[Cue],
                      model: LearnedModel | None = None) -> list[Cue]:
    """The candidates the model accepts, as cues (of a verb's two extents the one
    scoring higher); one inside another accepted cue's content is left out (the
    outer one reports it)."""
    model = model or load_model()
    best: dict[int, tuple[float, Candidate]] = {}
    for c in candidates(doc, rule_cues):
        score = model.score(features(c, model))
        if score >= model.threshold and score > best.get(c.verb.i, (-1.0, c))[0]:
            best[c.verb.i] = (score, c)
    kept = [c for _, c in sorted(best.values(), key=lambda sc: sc[1].verb.i)]
    out = []
    for c in kept:
        if any(o is not c and o.content[0] <= c.verb.idx < o.content[1] for o in kept):
            continue
        verb = c.verb
        out.append(Cue(start=verb.idx, end=verb.idx + len(verb.text), lemma=verb.lemma_.lower(),
                       verb=verb, subject=c.subject, addressee=None, content=c.content,
                       speech=False))
    return out
