"""Cues: the words that mark an attribution ("said", "told", "according to").

:func:`find_cues` reads one parsed paragraph and returns every cue with the
head of its source (the subject), its addressee and its content clause, all
from the dependency parse.  Speech verbs are cues on their own (they can
introduce a direct quote); verbs of thinking and showing only when they govern
a clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .clause_edges import clause_range, strip_final, trailing_aside, trim
from .speech_fallbacks import loose_subject, plain_complement
from .cue_verbs import (
    ADDRESSEE_VERBS,
    ASPECT_VERBS,
    CLAUSE_VERBS,
    CLIMB_DEPS,
    CONTENT_DEPS,
    CUE_VERBS,
    FOR_TO_VERBS,
    INFINITIVE_VERBS,
    INTENT_VERBS,
    OBJECT_DEPS,
    OBJECT_VERBS,
    PHRASAL,
    PREP_VERBS,
    SEEM_DEPS,
    SEEM_VERBS,
    SPEECH_VERBS,
    SUBJECT_DEPS,
    lemma_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Cue", "beside_phrase", "find_cues", "subject_of"]

@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """A cue in one doc: char offsets are inside the doc, not yet the article."""

    start: int
    end: int
    lemma: str
    verb: Token
    subject: Token | None
    addressee: Token | None
    content: tuple[int, int] | None
    speech: bool
    #: An attribution even without a source ("it was reported that ...").
    sourceless: bool = False


def find_cues(doc: Doc) -> list[Cue]:
    """Every cue of ``doc``, in text order."""
    out: list[Cue] = []
    for token in doc:
        lower = token.lower_
        if lower == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            cue = _according_to(doc, token)
        elif token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SEEM_VERBS:
            cue = _seem_cue(token)
        elif token.pos_ in ("VERB", "AUX") and lemma_of(token) in CUE_VERBS:
            cue = _verb_cue(token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in PHRASAL and any(
                c.dep_ == "prt" and c.lower_ == PHRASAL[token.lemma_.lower()]
                for c in token.children):
            cue = _verb_cue(token, speech=True)
        else:
            cue = None
        if cue is not None:
            out.append(cue)
    return out


def _seem_cue(verb: Token) -> Cue | None:
    """"X seemed to reflect sadness": the clause with its subject, no source."""
    if not any(c.dep_ in SEEM_DEPS for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "expl")), None)
    if subject is None:
        return None
    if subject.dep_ == "expl" or subject.lower_ == "it":
        # "It appears that ...": the content is the "that" clause.
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        content = clause_range(clause) if clause is not None else None
    else:
        start, end = subject.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
        content = strip_final(verb.doc, trim(verb.doc, start, end))
    if content is None:
        return None
    return Cue(start=verb.idx, end=verb.idx + len(verb.text), lemma=verb.lemma_.lower(),
               verb=verb, subject=None, addressee=None, content=content, speech=False)


def _verb_cue(verb: Token, speech: bool = False) -> Cue | None:
    lemma = lemma_of(verb)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) and lemma != "quote":
        return None
    if lemma in ASPECT_VERBS and any(c.dep_ in ("xcomp", "dobj") for c in verb.children):
        return None
    content = _content_of(verb, lemma)
    speech = speech or lemma in SPEECH_VERBS
    if content is None and speech:
        content = plain_complement(verb, lemma)
    if content is None and not speech:
        return None
    if _open_question_denied(verb):
        return None
    stray = None if any(c.dep_ in SUBJECT_DEPS for c in verb.children) \
        else _stray_apposed_speaker(verb)
    if stray is not None:
        subject, content = stray
    else:
        subject = _reporter_of_participle(verb) or subject_of(verb) or loose_subject(verb)
    return Cue(start=verb.idx, end=verb.idx + len(verb.text), lemma=lemma, verb=verb,
               subject=subject, addressee=_addressee_of(verb, lemma), content=content,
               speech=speech)


def _addressee_of(verb: Token, lemma: str) -> Token | None:
    """Who was told: the object of a verb of telling, else the object of "to"."""
    addressee = None
    if lemma in ADDRESSEE_VERBS:
        addressee = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    if addressee is None:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                addressee = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return addressee


def _stray_apposed_speaker(verb: Token) -> tuple[Token, tuple[int, int] | None] | None:
    """"X hid the reports from inspectors, the union's secretary, Maren Holt,
    said": the parser hangs the speaker on the clause before as an apposition
    (or a loose noun) and leaves "said" without a subject, as a clausal
    complement's head or a conjunct of that clause.  The noun chain between the
    commas just before "said" is the speaker, the clause before it the content."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != "," or lemma_of(verb) not in SPEECH_VERBS:
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    if clause is None and verb.dep_ == "conj" and verb.head.i < verb.i \
            and verb.head.pos_ in ("VERB", "AUX"):
        clause = verb.head
    speaker = doc[verb.i - 2]
    if clause is None or speaker.dep_ != "appos" or speaker.pos_ not in ("PROPN", "NOUN"):
        return None
    # climb to the noun the name is apposed to while that noun opens a
    # comma-delimited chunk itself ("the union's secretary, Maren Holt")
    while speaker.dep_ == "appos" and speaker.head.i < speaker.i \
            and speaker.head.pos_ in ("PROPN", "NOUN") and speaker.head.left_edge.i > 0 \
            and doc[speaker.head.left_edge.i - 1].text == ",":
        speaker = speaker.head
    first = speaker.left_edge
    if first.i <= clause.left_edge.i or doc[first.i - 1].text != ",":
        return None
    return speaker, trim(doc, clause.left_edge.idx, first.idx)


OPEN_QUESTION = frozenset({"whether", "if", "who", "what", "when", "where", "why", "how", "which"})


def _open_question_denied(verb: Token) -> bool:
    """"The council has not said whether it will close the harbour": a negated
    verb over an open question reports that nothing was said."""
    if not any(c.dep_ == "neg" for c in verb.children):
        return False
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if clause is None:
        return False
    first = clause.left_edge
    return first.lower_ in OPEN_QUESTION or any(
        c.dep_ == "mark" and c.lower_ in OPEN_QUESTION for c in clause.children)


def _reporter_of_participle(verb: Token) -> Token | None:
    """Who says a participle or conjunct hung on a clause that is not the
    reporter's own: "X argued that a database would help, saying ..." and "X
    said the plan would cost money, and called it ..." are said by X, not by the
    reported clause's subject; "X said ... after the senator won, remarking
    ..." by X, not by the subject of the "after" clause (an "as" or "while"
    clause keeps its own: "X asks as a guard walks in, saying ...")."""
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    participle = verb.tag_ == "VBG" and verb.dep_ == "advcl"
    if not participle and verb.dep_ != "conj":
        return None
    clause = verb.head
    if participle and clause.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ not in ("as", "while") for c in clause.children):
        main = clause.head
        if main.i < clause.i and main.lemma_.lower() in SPEECH_VERBS:
            return subject_of(main)
        return None
    if clause.dep_ != "ccomp" or clause.lemma_.lower() in SPEECH_VERBS \
            or clause.head.lemma_.lower() not in SPEECH_VERBS | CLAUSE_VERBS:
        return None
    return subject_of(clause.head)


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, climbing through "went on to say", "and said" or
    "..., saying"; for "X, who said" the noun the clause hangs on."""
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            # Of two subjects ("His assessment: “...,” he said") the nearer one.
            return min(subjects, key=lambda c: abs(c.i - current.i))
        if current.dep_ == "relcl":
            return current.head
        if current.dep_ in CLIMB_DEPS and current.head is not current:
            current = current.head
            continue
        break
    return None


def _content_of(verb: Token, lemma: str) -> tuple[int, int] | None:
    """The char range of what the cue ``verb`` reports, from the first rule that
    applies: the object of its preposition ("warned of ..."); its infinitive
    ("promised to ...", "vowed to fight", "asked the board to wait"); its
    object or content clause; else the clause around it (:func:`_clause_around`)."""
    own_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    if lemma in FOR_TO_VERBS:
        demanded = _for_to(verb, FOR_TO_VERBS[lemma])
        if demanded is not None:
            return demanded
    if lemma in PREP_VERBS:
        obj = _prep_object(verb, PREP_VERBS[lemma])
        if obj is not None:
            return clause_range(obj)
    if lemma in INFINITIVE_VERBS:
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        return clause_range(clause) if clause is not None else None
    if lemma in INTENT_VERBS and own_subject:
        # "Holm vowed to fight on", "asked the board to wait": the infinitive,
        # with the object before it.
        clause = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if clause is not None:
            obj = next((c for c in verb.children
                        if c.dep_ in ("dobj", "dative") and verb.i < c.i < clause.i), None)
            return _with_complements(verb, obj) if obj is not None else clause_range(clause)
    return _object_content(verb, lemma, own_subject)


def _object_content(verb: Token, lemma: str, own_subject: bool) -> tuple[int, int] | None:
    """The object (with its complements) of a verb of doing things to an object, or
    the content clause of any other; else the clause around the verb."""
    # "..., citing low growth": a participle's object is what it cites.
    participle = verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj")
    # "Aides say the more delegates he takes ...", "he did not mention Rubio":
    # a verb of saying whose object the parser made of what was said.
    said = lemma in SPEECH_VERBS and lemma not in ADDRESSEE_VERBS \
        and not any(c.dep_ == "ccomp" for c in verb.children)
    objects = (lemma in OBJECT_VERBS or said) and (own_subject or participle)
    deps = OBJECT_DEPS if objects else CONTENT_DEPS
    child = next((c for c in verb.children if c.dep_ in deps), None)
    if child is not None:
        return _with_complements(verb, child) if objects else clause_range(child)
    return _clause_around(verb, lemma)


def _for_to(verb: Token, preps: tuple[str, ...]) -> tuple[int, int] | None:
    """"called for the board to resign" / "called on Holm to step down": who is
    to do what, from after the preposition to the end of the infinitive."""
    clause = next((c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.i > verb.i
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    if clause is None:
        return None
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in preps), None)
    if mark is not None and mark.i + 1 < clause.i:
        first = verb.doc[mark.i + 1]
    else:
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in preps
                     and verb.i < c.i < clause.i), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if obj is None:
            return None
        first = obj.left_edge
    last = verb.doc[trailing_aside(clause)]
    return trim(verb.doc, first.idx, last.idx + len(last.text))


def _prep_object(verb: Token, prep_word: str) -> Token | None:
    """The object of the first ``prep_word`` under ``verb`` that has one."""
    for prep in verb.children:
        if prep.dep_ in ("prep", "prt") and prep.lower_ == prep_word:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _clause_around(verb: Token, lemma: str) -> tuple[int, int] | None:
    """For a cue set in what it reports: the clause before it ("“We will win,” he
    said"), the sentence around it ("The plan, Holm said, will ..."), or the
    main clause after an "as" clause ("As Holm said, the pier ...")."""
    doc, head = verb.doc, verb.head
    speech_or_clause = lemma in SPEECH_VERBS | CLAUSE_VERBS
    if verb.dep_ in ("parataxis", "ccomp") and head is not verb and head.i < verb.i \
            and speech_or_clause and _after_comma(verb):
        # "“We will win,” he said" / "..., the records show": the clause
        # before heads the cue.
        return trim(doc, head.left_edge.idx, verb.left_edge.idx)
    if verb.dep_ == "parataxis" and head.i > verb.i and lemma in SPEECH_VERBS \
            and verb.left_edge.text in (",", "\u2014", "--"):
        # "The plan, Holm said, will cost millions": the whole sentence around it.
        return strip_final(doc, trim(doc, head.left_edge.idx,
                                     head.right_edge.idx + len(head.right_edge.text)))
    if verb.dep_ == "advcl" and head.i > verb.i and speech_or_clause \
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        # "As Holm said, the pier is too short": the main clause after it.
        after, last = verb.right_edge.i + 1, head.right_edge
        if after < len(doc):
            return strip_final(doc, trim(doc, doc[after].idx, last.idx + len(last.text)))
    return None


# What follows a verb's object and still belongs to what was said or done to it
# ("blamed China for taking jobs", "called him a fraud", "described it as ...").
OBJECT_TAIL_DEPS = ("prep", "oprd", "xcomp", "ccomp", "dobj", "acomp")


def _with_complements(verb: Token, first: Token) -> tuple[int, int] | None:
    """The object ``first`` and the complements after it, up to the last one."""
    last = first
    for child in verb.children:
        if child.i > last.i and child.dep_ in OBJECT_TAIL_DEPS:
            last = child
    if last is first:
        return clause_range(first)
    end = last.right_edge
    return trim(verb.doc, first.left_edge.idx, end.idx + len(end.text))


def _after_comma(verb: Token) -> bool:
    """"..., he said" / "...,” said Smith": the cue clause follows a comma or mark."""
    first = verb.left_edge
    if first.i == 0:
        return False
    prev = verb.doc[first.i - 1]
    return prev.text in (",", "\u201d", '"', "''", "\u2014", "--") or prev.is_quote


def _according_to(doc: Doc, according: Token) -> Cue | None:
    to = doc[according.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    content = beside_phrase(doc, according.sent, according.idx,
                            source.right_edge.idx + len(source.right_edge.text))
    return Cue(start=according.idx, end=to.idx + len(to.text), lemma="according to",
               verb=according, subject=source, addressee=None, content=content, speech=True)


def beside_phrase(doc: Doc, sent: Span, start: int, end: int) -> tuple[int, int] | None:
    """What a sentence-level cue phrase at ``start:end`` ("according to X", "in her
    view") attributes: the longer part of its sentence, after it or before it."""
    before = trim(doc, sent.start_char, start)
    after = strip_final(doc, trim(doc, end, sent.end_char))
    if before is None or (after and after[1] - after[0] > before[1] - before[0]):
        return after
    return strip_final(doc, before)
