"""Speaker commitment: where the speaker stands on a clause embedded under a
predicate ("I don't think [the bridge will open]", "did she realise [it was
late]?", "if he admits [he lied] ...").

:func:`speaker_stance` reads the frame around a clause-embedding predicate —
the stance words above it, its own negation, a modal, a question, a
conditional antecedent, the subject's person, the complementiser — and folds
it with :func:`~factdesk.analyze.claims.stance_cues.compose` into the
:class:`~factdesk.model.Stance` the *speaker* (the author of the sentence)
takes towards the clause as written.  What :mod:`~factdesk.analyze.claims.stance_cues` alone gives is
:data:`AS_IS`; the rules below can each be switched on for measurement, and
:data:`EXTENDED` (the default) leaves out those that lower the correlation
on CommitmentBank DEV (``modal``, ``lexicon``, ``doubt``, ``reported``); it
keeps ``conditional`` and ``whether`` for the label they give, though they do
not raise it there (``bench/commitment.py`` has every ablation):

* ``factive`` — factive and veridical predicates ("know", "realise",
  "notice", "admit") keep the speaker committed under negation, modals,
  questions and conditionals ("she didn't notice the door was open");
* ``moore`` — except the speaker's own present ignorance: "I don't know
  that ..." is a hedge, not a commitment;
* ``whether`` — a clause opened by "if"/"whether" is left open (questions);
* ``conditional`` — a non-factive predicate in an "if" clause is conditional;
* ``question`` — a non-factive predicate in a question puts the clause in
  doubt ("do you think ...?"); a negative question leans towards it: hedged;
* ``modal`` — a non-factive predicate under a modal ("might say") is hedged;
* ``lexicon`` — predicates stance_cues lacks ("suppose", "imagine", "mean",
  "pretend", ...) and any other predicate read as a plain assertion;
* ``doubt`` — a negated belief ("I don't think ...") puts the clause in doubt
  (questions) instead of denying it;
* ``reported`` — the attitude of someone other than the speaker (a third
  person's "didn't believe") commits the speaker less: ``denies`` becomes
  ``questions``, ``believes`` and ``asserts`` become ``hedged``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Stance
from .stance_cues import Link, compose, link_kind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["AS_IS", "EXTENDED", "FACTIVE", "RULES", "Frame", "Rules", "embedded_clause",
           "read_frame", "speaker_stance", "stance_of"]

VERBAL = ("VERB", "AUX")
CLAUSE_DEPS = ("ccomp", "xcomp", "advcl", "acomp", "dobj", "conj", "parataxis", "oprd")
MODALS = frozenset({"may", "might", "could", "can", "would", "should", "must", "will", "shall",
                    "'d", "ca", "wo", "perhaps", "maybe", "probably", "possibly"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
FIRST_PERSON = frozenset({"i", "we"})
CONDITIONAL_MARKS = frozenset({"if", "unless"})
OPEN_MARKS = frozenset({"if", "whether"})

#: Factive and veridical predicates: the speaker takes the clause as true
#: whatever operator sits on the predicate (Kiparsky & Kiparsky 1970; Karttunen 1971).
FACTIVE = frozenset("""know realize realise notice see forget remember regret discover learn
    understand recognize recognise admit acknowledge reveal accept aware""".split())

#: Predicates stance_cues lacks, with the kind they get under the ``lexicon`` rule.
EXTRA_KINDS = {
    **dict.fromkeys("suppose imagine decide convince bet foresee".split(), "believe"),
    **dict.fromkeys("mean swear guarantee specify".split(), "assert"),
    "hear": "hedge",
    "pretend": "deny",
}

RULES = ("factive", "moore", "whether", "conditional", "question", "modal", "lexicon", "doubt",
         "reported")


@dataclass(frozen=True, slots=True)
class Rules:
    """Which of this module's rules are on (all off: stance_cues as it is).

    ``factive`` and ``extra`` are the word lists the ``factive`` and
    ``lexicon`` rules use; a benchmark narrows them to measure one word.
    """

    on: frozenset[str] = frozenset()
    factive: frozenset[str] = FACTIVE
    extra: tuple[tuple[str, str], ...] = tuple(sorted(EXTRA_KINDS.items()))
    default_assert: bool = True

    def __post_init__(self) -> None:
        unknown = self.on - set(RULES)
        if unknown:
            raise ValueError(f"unknown commitment rules {sorted(unknown)}; known: {RULES}")

    def kind(self, lemma: str) -> str | None:
        """The stance kind of a predicate under these rules."""
        lemma = lemma.lower()
        if "factive" in self.on and lemma in self.factive:
            return "factive"
        kind = link_kind(lemma)
        if kind is None and "lexicon" in self.on:
            return dict(self.extra).get(lemma, "assert" if self.default_assert else None)
        return kind


AS_IS = Rules()
#: The default, chosen on CommitmentBank DEV (an in-sample choice;
#: ``bench/commitment.py`` scores choosing rules with folds grouped by verb).
EXTENDED = Rules(frozenset({"factive", "moore", "whether", "conditional", "question"}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Frame:
    """What the parse says around one clause-embedding predicate."""

    predicate: str
    chain: tuple[tuple[str, bool], ...]   # stance-word candidates above it, outermost first
    negated: bool
    modal: str | None
    question: bool
    conditional: bool
    first_person: bool
    present: bool
    open_clause: bool                     # the clause opens with "if"/"whether"


def embedded_clause(predicate: Token) -> Token | None:
    """The head of the clause a predicate embeds ("think [that] X ...": X's verb)."""
    for dep in CLAUSE_DEPS:
        for child in predicate.children:
            if child.dep_ == dep and child.i > predicate.i and (
                    child.pos_ in VERBAL or any(c.dep_ in ("nsubj", "nsubjpass")
                                                for c in child.children)):
                return child
    return None


def read_frame(predicate: Token, sentence: Span | None = None,
               clause: Token | None = None) -> Frame:
    """The operators on ``predicate`` inside ``sentence`` (default: its sentence)."""
    sentence = sentence if sentence is not None else predicate.sent
    clause = clause if clause is not None else embedded_clause(predicate)
    chain = []
    node = predicate
    while node.head.i != node.i and sentence.start <= node.head.i < sentence.end:
        node = node.head
        if node.pos_ in VERBAL:
            chain.append((node.lemma_.lower(), _negated(node)))
    auxes = [c for c in predicate.children if c.dep_ in ("aux", "auxpass", "advmod")]
    modal = next((c.lower_ for c in auxes if c.lower_ in MODALS), None)
    subject = next((c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    tense = [predicate, *(c for c in predicate.children if c.dep_ in ("aux", "auxpass"))]
    opener = [c.lower_ for c in clause.children if c.dep_ == "mark"] if clause is not None else []
    return Frame(
        predicate=predicate.lemma_.lower(), chain=tuple(reversed(chain)),
        negated=_negated(predicate), modal=modal, question=_question(predicate, sentence),
        conditional=_conditional(predicate, sentence),
        first_person=subject is not None and subject.lower_ in FIRST_PERSON,
        present=any(t.tag_ in ("VBP", "VBZ") for t in tense),
        open_clause=any(m in OPEN_MARKS for m in opener))


def speaker_stance(predicate: Token, sentence: Span | None = None, clause: Token | None = None,
                   *, rules: Rules = EXTENDED) -> Stance | None:
    """The stance the speaker of ``sentence`` takes towards the clause
    ``predicate`` embeds, read as written (its own negation is content);
    ``None`` when the rules have no stance word for the predicate."""
    return stance_of(read_frame(predicate, sentence, clause), rules)


def stance_of(frame: Frame, rules: Rules = EXTENDED) -> Stance | None:
    """Fold a :class:`Frame` into a stance under ``rules``."""
    on = rules.on
    if "whether" in on and frame.open_clause:
        return Stance.QUESTIONS
    kind = rules.kind(frame.predicate)
    links = [Link(lemma, k, neg) for lemma, neg in frame.chain
             if (k := rules.kind(lemma)) is not None and k != "factive"]
    if kind == "factive":
        if "moore" in on and frame.negated and frame.first_person and frame.present:
            return Stance.HEDGED
        return compose(links)
    if kind is None:  # stance_cues has no word for it: no link reaches the clause
        return None
    links.append(Link(frame.predicate, kind, frame.negated))
    return _framed(compose(links), frame, kind, on)


def _framed(stance: Stance, frame: Frame, kind: str, on: frozenset[str]) -> Stance:
    """The composed stance of a non-factive predicate as its frame changes it: a
    conditional, a question or a modal; a negated belief (``doubt``); another
    person's attitude (``reported``)."""
    if "conditional" in on and frame.conditional:
        stance = Stance.CONDITIONAL
    elif "question" in on and frame.question:
        stance = Stance.HEDGED if frame.negated else Stance.QUESTIONS
    elif "modal" in on and frame.modal and stance in (Stance.ASSERTS, Stance.BELIEVES):
        stance = Stance.HEDGED
    if "doubt" in on and kind == "believe" and frame.negated and stance is Stance.DENIES:
        stance = Stance.QUESTIONS
    if "reported" in on and not frame.first_person:
        stance = {Stance.DENIES: Stance.QUESTIONS, Stance.BELIEVES: Stance.HEDGED,
                  Stance.ASSERTS: Stance.HEDGED}.get(stance, stance)
    return stance


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in token.children):
        return True
    return any(c.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in c.children)
               for c in token.children)


def _question(predicate: Token, sentence: Span) -> bool:
    """A question: the sentence ends in "?" or its main verb's auxiliary comes
    before the subject ("did she know ...")."""
    last = [t for t in sentence if not t.is_space]
    if last and (last[-1].text == "?" or (len(last) > 1 and last[-2].text == "?")):
        return True
    root = predicate
    while root.head.i != root.i and sentence.start <= root.head.i < sentence.end:
        root = root.head
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    aux = next((c for c in root.children if c.dep_ == "aux"), None)
    return (subject is not None and aux is not None and aux.i < subject.i
            and aux.i == root.left_edge.i)


def _conditional(predicate: Token, sentence: Span) -> bool:
    """The predicate sits in an "if"/"unless" clause ("if she admitted ...")."""
    node = predicate  # the parser may make the "if" clause the root: look at every mark
    while sentence.start <= node.i < sentence.end:
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False
