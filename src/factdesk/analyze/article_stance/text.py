"""Words, sentences and cue lexicons for the article-stance features.

Plain standard-library text handling, shared by training and inference so the
two always see the same tokens: lower-cased ``\\w+`` words with "n't" read as
"not", a light suffix stripper (no stemmer dependency), a sentence splitter
that also breaks at blank lines, and the small cue lexicons (refuting,
hedging, confirming, negation) the stance features count.
"""

from __future__ import annotations

import re

__all__ = ["CUE_GROUPS", "NEGATION", "STOP", "content_words", "sentences", "stem", "words"]

_WORD = re.compile(r"\w+")
_NOT = re.compile(r"n['’]t\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•])")

STOP = frozenset("""
a an the and or but if then than so of to in on at by for with from into onto
about over after before under as is are was were be been being am do does did
has have had having it its this that these those there here he she they we you
i me him her them us our your their his my mine who whom whose which what when
where why how all any some each both few more most other such only own same too
very can will just should would could may might must shall s t says said say
new up out off down again further once also via vs
""".split())

NEGATION = frozenset("""
not no never none nobody nothing neither nor without cannot nowhere
""".split())

#: Cue words by group; the features count each group near the claim and in
#: the whole body, and a few of the strongest words one by one.
CUE_GROUPS: dict[str, frozenset[str]] = {
    "refute": frozenset("""
        fake fakes faked fraud hoax hoaxes false falsely deny denies denied denial
        denying despite nope doubt doubts doubted bogus debunk debunked debunks
        debunking prank pranks prankster retract retracted retraction untrue myth
        misleading fabricated fabrication satire satirical parody joke incorrect
        wrong lie lies lied refute refuted refutes dismiss dismissed dismisses
        reject rejected rejects baseless unfounded scam photoshopped doctored
        insist insists insisted contrary however rumour rumours rubbish nonsense
        """.split()),
    "hedge": frozenset("""
        allegedly alleged reportedly reported reports report claim claims claimed
        claiming rumor rumors rumored rumoured unconfirmed unverified purportedly
        purported apparently possibly perhaps may might could appears appear
        appeared seems seem seemed suggest suggests suggested speculation
        speculate speculated according supposedly believed whether unclear
        unknown investigating viral circulating emerged surfaced likely
        """.split()),
    "confirm": frozenset("""
        confirm confirmed confirms confirming confirmation official officially
        announced announces announce verified verify true indeed proof proves
        proved evidence revealed reveals statement spokesman spokeswoman
        actually fact definitely
        """.split()),
    "negation": NEGATION,
}


def stem(word: str) -> str:
    """A light suffix stripper: plural, -ing, -ed and -ly endings."""
    n = len(word)
    if n <= 3:
        return word
    if word.endswith("ies") and n > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and n > 5:
        return word[:-3]
    if word.endswith("ed") and n > 4:
        return word[:-2]
    if word.endswith("ly") and n > 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-cased word tokens, "don't" read as "do not"."""
    return _WORD.findall(_NOT.sub(" not", text).lower())


def content_words(tokens: list[str]) -> list[str]:
    """Stemmed tokens with stop words dropped (negations are stop-word-free)."""
    return [stem(t) for t in tokens if t not in STOP]


def sentences(text: str) -> list[str]:
    """Sentences of ``text`` (non-empty, stripped); the whole text if none split."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p and _WORD.search(p)] or [text.strip()]
