"""Agreement between a pronoun and the entity it may stand for.

* "he"/"she" refer to people only, and only to one whose gender does not
  clash: the gender comes from the person's titles ("Mr", "Ms", "Mrs",
  "Sir", "Dame"), from a common given name ("Olga", "Peter"), or from an
  earlier pronoun the text already resolved to them (:class:`Genders`);
* "it", "they" and "we" refer to organisations, places and groups (never
  to one person; a plural description such as "analysts" is handled by the
  resolver).

Titles that say nothing about gender ("Sen.", "Gen.", "Dr") leave it open,
and so does a name on neither list: open agreement accepts either pronoun.
"""

from __future__ import annotations

from enum import StrEnum

from ...model import Entity, EntityType

__all__ = ["Gender", "Genders", "agrees", "gender_of_pronoun", "types_for"]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us"})
AGENT_TYPES = (EntityType.ORG, EntityType.GPE, EntityType.NORP)


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother",
                         "congressman", "councilman", "chairman", "spokesman"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister",
                           "congresswoman", "councilwoman", "chairwoman", "spokeswoman"})

# Common given names, written for this module; a name on neither list says nothing.
MALE_NAMES = frozenset("""
aaron adam alan albert alex alexander andrew anthony antonio arthur barack ben benjamin
bernard bernie bill bob brian bruce carl carlos charles chris christopher chuck colin craig
dan daniel david dennis donald doug douglas ed edward eric frank fred gary george gerald
graham greg harry henry hugh ian jack jacob james jason jeb jeff jeffrey jeremy jerry jim joe
john jonathan jorge jose joseph juan keith ken kevin larry lee luis marco mark martin matthew
michael mike mitch mitt neil nicholas oliver oskar patrick paul peter philip ralph richard rick
rob robert roger ron ronald rudy ryan sam samuel scott sean simon stephen steve steven ted
thomas tim timothy tom tony vladimir walter william ivo
""".split())
FEMALE_NAMES = frozenset("""
alice amanda amy angela ann anna anne barbara betty carly carol caroline catherine chelsea
christine claire deborah debbie diane donna elizabeth ellen emily emma helen hillary huma ivanka
jane janet jennifer jessica jill joan julia julie karen kate katherine kathleen kelly kellyanne
laura lena linda lisa lucy margaret maria marie marta mary megyn melania michelle nancy nicola
nikki olga patricia paula rachel rebecca ruth sally sandra sarah sharon sophie susan theresa
valerie victoria wendy
""".split())


def gender_of_pronoun(pronoun: str) -> Gender | None:
    if pronoun in ("he", "him"):
        return Gender.MALE
    if pronoun in ("she", "her"):
        return Gender.FEMALE
    return None


def types_for(pronoun: str) -> tuple[EntityType, ...]:
    """The entity types a pronoun can stand for."""
    if pronoun in PERSON_PRONOUNS:
        return (EntityType.PERSON,)
    return AGENT_TYPES


class Genders:
    """What the text says about each person's gender: titles and given names
    first, then the pronouns already resolved to them (in text order)."""

    def __init__(self) -> None:
        self._seen: dict[str, Gender] = {}

    def of(self, entity: Entity) -> Gender | None:
        return _own_gender(entity) or self._seen.get(entity.id)

    def record(self, entity_id: str | None, pronoun: str) -> None:
        """Remember that ``pronoun`` was resolved to ``entity_id``."""
        gender = gender_of_pronoun(pronoun)
        if entity_id is not None and gender is not None:
            self._seen.setdefault(entity_id, gender)

    def agrees(self, entity: Entity, pronoun: str) -> bool:
        return agrees(entity, pronoun, self.of(entity))


def agrees(entity: Entity, pronoun: str, gender: Gender | None = None) -> bool:
    """Whether ``pronoun`` can stand for ``entity`` (type and gender)."""
    if entity.kind not in types_for(pronoun):
        return False
    wanted = gender_of_pronoun(pronoun)
    if wanted is None:
        return True
    known = gender or _own_gender(entity)
    return known is None or known is wanted


def _own_gender(entity: Entity) -> Gender | None:
    """The gender the entity's titles and given name point to; None when they
    say nothing or disagree (two people merged under one surname)."""
    if entity.kind is not EntityType.PERSON:
        return None
    found: set[Gender] = set()
    for form in (*entity.aliases, entity.name):
        words = form.split()
        if len(words) < 2:
            continue
        first = words[0].lower().rstrip(".")
        if first in MALE_TITLES or first in MALE_NAMES:
            found.add(Gender.MALE)
        elif first in FEMALE_TITLES or first in FEMALE_NAMES:
            found.add(Gender.FEMALE)
    return found.pop() if len(found) == 1 else None
