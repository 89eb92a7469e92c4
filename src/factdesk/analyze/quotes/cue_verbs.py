"""The verbs that can mark an attribution, by how they take their content, and
the dependency labels the cue finder (:mod:`.cues`) follows from them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["ADDRESSEE_VERBS", "CLAUSE_VERBS", "CUE_VERBS", "FOR_TO_VERBS", "OBJECT_VERBS",
           "SEEM_VERBS",
           "SPEECH_VERBS", "lemma_of"]

# Verbs of speaking or writing: a cue even without a content clause of their own.
SPEECH_VERBS = frozenset("""
say tell add write tweet state claim insist argue explain warn note announce declare
reply respond answer ask remark comment acknowledge admit concede confirm deny
recall report reveal testify predict promise pledge vow urge caution complain
contend assert stress emphasize emphasise observe mention joke quip
conclude counter retort boast brag muse scoff shout yell exclaim interject
describe call criticize criticise blast slam praise accuse allege suggest
propose recommend demand wonder speculate estimate concur agree
disagree reiterate reaffirm repeat inform assure remind tout bemoan lament grouse
proclaim plead scream chant cry thank apologize apologise opine recount dub label
brand term characterize characterise read quote text email post continue
bark snap sing whisper mutter gush rave thunder sneer chide scold rail fume marvel
""".split())

# Phrasal verbs of speaking: a cue when the particle is there ("pointed out").
PHRASAL = {"point": "out", "shoot": "back", "fire": "back", "go": "on", "sum": "up",
           "chime": "in", "spell": "out", "lash": "out"}

# Verbs of thinking, wanting or showing: a cue only when they govern a clause.
CLAUSE_VERBS = frozenset("""
believe think feel hope fear expect know want wish worry show find suggest
indicate reveal doubt suspect assume guess reckon realize realise
learn hear read decide conclude prove demonstrate imagine consider acknowledge
insist plan intend seem appear
""".split())

# Verbs whose object is what was said ("denied providing aid", "called it a ...").
OBJECT_VERBS = frozenset("""
deny call describe cite endorse criticize criticise praise reject dismiss
blame accuse urge defend propose predict promise announce confirm
""".split())

# Verbs that are speech only on their own ("“...,” he continued"), not with
# an infinitive or an object ("Rubio will continue to be ...", "continued the talks").
ASPECT_VERBS = frozenset({"continue"})

# Verbs whose infinitive is the stance taken ("declined to say whether ...").
INFINITIVE_VERBS = frozenset({"decline", "refuse"})

# Verbs of intending, promising and asking: their infinitive is the content
# ("vowed to fight on", "plans to run", "asked the board to wait").
INTENT_VERBS = frozenset("""
vow pledge promise hope plan agree threaten claim ask urge
""".split())

# Verbs of seeming: the whole clause is an assessment with no named source
# ("the Trump team appeared paralyzed"); the cue has no subject.
SEEM_VERBS = frozenset({"seem", "appear"})
SEEM_DEPS = ("xcomp", "acomp", "ccomp")

# Verbs whose content is the object of one preposition ("called for a ban",
# "referring to the convention", "pointed to the polls").
PREP_VERBS = {"call": "for", "refer": "to", "point": "to", "ask": "about", "worry": "about",
              "complain": "about", "speak": "about"}

# Verbs of demanding whose content is "for/on X to do Y": "called for the
# board to resign", "called on Holm to step down", "pushed for the city to pay".
FOR_TO_VERBS = {"call": ("for", "on"), "push": ("for",), "press": ("for",),
                "ask": ("for",), "plead": ("for",), "argue": ("for",)}

CONTENT_DEPS = ("ccomp",)
OBJECT_DEPS = ("dobj", "xcomp", "ccomp", "oprd")
SUBJECT_DEPS = ("nsubj",)
CLIMB_DEPS = ("xcomp", "conj", "advcl", "acl", "pcomp", "prep", "dobj", "pobj")
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "ask", "warn", "urge"})


# Lemmas the pipeline's rule lemmatizer gets wrong for a cue verb: "hopes",
# "hoped" and "hoping" all come out as "hop".
MISREAD_LEMMAS = {("hop", "hope"): "hope"}


def lemma_of(token: Token) -> str:
    """The token's lemma, lower-cased, with the known misreadings put right."""
    lemma = token.lemma_.lower()
    return MISREAD_LEMMAS.get((lemma, token.lower_[:4]), lemma)


#: Every verb that can be a cue here.
CUE_VERBS = SPEECH_VERBS | CLAUSE_VERBS | OBJECT_VERBS | INFINITIVE_VERBS | INTENT_VERBS \
    | set(PREP_VERBS) | set(FOR_TO_VERBS)
