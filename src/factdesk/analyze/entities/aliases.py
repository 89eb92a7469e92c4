"""Alias clusters: which mentions name the same entity within one article.

People group by surname: a full name starts a cluster and a later full name
joins it when the given names agree ("Jim" and "James" do); a bare surname or a
titled surname ("Mr Mattis") joins the most recent person of that surname whose
gender the title does not contradict ("Mrs. Clinton" never joins "Bill
Clinton").  Other entities group by a normal key, with country short forms
("US", "U.S.") and acronyms ("CIA" for "Central Intelligence Agency") folded in.

Once every mention is placed, wherever they stand in the text:

* an organisation (or a place no gazetteer knows) named exactly as a person
  of the article, by surname or full name, is that person when the name points
  to one person only (the tagger's "Trump" as an organisation in a headline,
  before the body names Donald Trump);
* a given name alone ("Hillary") is the one person of the article with that
  given name, unless it is also someone's surname.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...model import EntityType
from .mentions import Mention
from .names import CAPITALS, COUNTRY_FORMS, NICKNAMES, normal_key
from ..speakers.pronouns import FEMALE_NAMES, FEMALE_TITLES, MALE_NAMES, MALE_TITLES
from .titles import HONORIFICS

__all__ = ["Cluster", "cluster_mentions"]

PLACE_TYPES = (EntityType.GPE, EntityType.LOC)


@dataclass(slots=True)
class Cluster:
    """A growing group of mentions (internal; becomes an Entity)."""

    key: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def type(self) -> EntityType:
        if any(m.label is EntityType.PERSON and m.title for m in self.mentions):
            return EntityType.PERSON
        full = [m.name.split() for m in self.mentions
                if m.label is EntityType.PERSON and len(m.name.split()) >= 2]
        if full and all(m.label is EntityType.PERSON or m.name in full[0]
                        for m in self.mentions):
            # "Jorge Ramos" (a person) and the bare surname "Ramos", tagged as an
            # organisation: the full name decides.
            return EntityType.PERSON
        counts = Counter(m.label for m in self.mentions)
        return max(counts, key=lambda k: (counts[k], k is EntityType.PERSON))

    @property
    def name(self) -> str:
        names = [m.name for m in self.mentions]
        if self.key in _CANONICAL_KEYS:
            return COUNTRY_FORMS[self.key]
        if self.type is EntityType.PERSON:
            full = [n for n in names if len(n.split()) >= 2] or names
            return max(full, key=lambda n: (_formal(n), len(n.split()), names.count(n), -names.index(n)))
        longest = max(names, key=lambda n: (len(n.split()) > 1 and not n.isupper(), names.count(n), len(n)))
        return longest


_CANONICAL_KEYS = frozenset(COUNTRY_FORMS)


def _formal(name: str) -> bool:
    first = normal_key(name).split()[0]
    return first not in NICKNAMES or NICKNAMES[first] == first


def cluster_mentions(mentions: list[Mention]) -> list[Cluster]:
    """Group ``mentions`` (in text order) into clusters, in order of first mention."""
    clusters: list[Cluster] = []
    by_key: dict[str, Cluster] = {}
    people: list[Cluster] = []
    for mention in mentions:
        if mention.label is EntityType.PERSON or mention.title:
            cluster = _person_cluster(mention, people)
            if cluster is None:
                cluster = Cluster(key="person:" + normal_key(mention.name))
                people.append(cluster)
                clusters.append(cluster)
            cluster.mentions.append(mention)
            continue
        key = _key(mention)
        cluster = by_key.get(key) or _acronym_match(mention, by_key)
        if cluster is None:
            # A bare surname tagged as an organisation or place ("Mattis") may be a person.
            cluster = _person_cluster(mention, people, surname_only=True)
        if cluster is None:
            cluster = Cluster(key=key)
            by_key[key] = cluster
            clusters.append(cluster)
        cluster.mentions.append(mention)
    return _merge_into_people(clusters)


def _merge_into_people(clusters: list[Cluster]) -> list[Cluster]:
    """Fold clusters that only repeat a person's surname, full name or given
    name into that person (see the module docstring)."""
    types = {id(c): c.type for c in clusters}
    people = [c for c in clusters if types[id(c)] is EntityType.PERSON]
    surnames: dict[str, list[Cluster]] = {}
    givens: dict[str, list[Cluster]] = {}
    names: dict[str, Cluster] = {}
    for cluster in people:
        words = normal_key(cluster.name).split()
        surnames.setdefault(words[-1], []).append(cluster)
        if len(words) >= 2:
            givens.setdefault(_formal_given(words[0]), []).append(cluster)
            for mention in cluster.mentions:
                names.setdefault(normal_key(mention.name), cluster)
    out: list[Cluster] = []
    for cluster in clusters:
        target = None
        keys = {normal_key(m.name) for m in cluster.mentions}
        if len(keys) == 1:
            (key,) = keys
            if types[id(cluster)] is EntityType.PERSON:
                if " " not in key and not [c for c in surnames.get(key, ()) if c is not cluster]:
                    target = _only(givens.get(_formal_given(key), []))
            elif _may_be_person(cluster, types[id(cluster)]):
                target = names.get(key) if " " in key else _only(surnames.get(key, []))
        if target is not None and target is not cluster:
            target.mentions.extend(cluster.mentions)
            target.mentions.sort(key=lambda m: m.span.start)
        else:
            out.append(cluster)
    return out


def _only(clusters: list[Cluster]) -> Cluster | None:
    return clusters[0] if len(clusters) == 1 else None


def _formal_given(word: str) -> str:
    word = word.rstrip(".")
    return NICKNAMES.get(word, word)


def _may_be_person(cluster: Cluster, kind: EntityType) -> bool:
    """An organisation, or a place that is no known country or capital."""
    if kind in PLACE_TYPES:
        name = cluster.name
        return normal_key(name) not in COUNTRY_FORMS and name not in CAPITALS
    return kind in (EntityType.ORG, EntityType.NORP, EntityType.FAC)


def _key(mention: Mention) -> str:
    key = normal_key(mention.name)
    if key in COUNTRY_FORMS:
        return normal_key(COUNTRY_FORMS[key])
    return key


def _acronym_match(mention: Mention, by_key: dict[str, Cluster]) -> Cluster | None:
    name = mention.name.replace(".", "")
    if not (name.isupper() and 2 <= len(name) <= 6):
        initials_of = "".join(w[0] for w in mention.name.split() if w[:1].isupper())
        for key, cluster in by_key.items():
            if key.replace(".", "").upper() == initials_of and len(initials_of) >= 2 \
                    and len(mention.name.split()) >= 2:
                return cluster
        return None
    for cluster in by_key.values():
        for other in cluster.mentions:
            words = [w for w in other.name.split() if w[:1].isupper()]
            if len(words) >= 2 and "".join(w[0] for w in words) == name:
                return cluster
    return None


def _person_cluster(mention: Mention, people: list[Cluster],
                    surname_only: bool = False) -> Cluster | None:
    """The person ``mention`` names: the most recent that fits, or, for a titled
    bare surname, the one already named with that title ("President Clinton"
    is "President Bill Clinton", not "Secretary Hillary Clinton" named since)."""
    words = normal_key(mention.name).split()
    if not words:
        return None
    title = _title_key(mention.title) if len(words) == 1 else frozenset()
    gender = _title_gender(mention.title)
    first = None
    for cluster in reversed(people):
        if not _fits(words, gender, cluster, surname_only):
            continue
        if not title or any(_title_key(m.title) == title for m in cluster.mentions):
            return cluster
        first = first or cluster
    return first


def _fits(words: list[str], gender: str | None, cluster: Cluster, surname_only: bool) -> bool:
    surname = words[-1]
    given = words[0] if len(words) >= 2 else None
    if surname_only and given is not None:
        return False
    if gender is not None and _given_gender(cluster) not in (None, gender):
        # "Mrs. Clinton" does not join "Bill Clinton".
        return False
    if given is not None and any(_given_clash(given, other, surname)
                                 for other in cluster.mentions):
        # "Ivanka Trump" does not join the cluster of "Donald Trump" through
        # a bare "Trump" in it.
        return False
    for other in cluster.mentions:
        other_words = normal_key(other.name).split()
        if not other_words or other_words[-1] != surname:
            continue
        other_given = other_words[0] if len(other_words) >= 2 else None
        if given is None or other_given is None or _same_given(given, other_given):
            return True
    return False


def _title_key(title: str | None) -> frozenset[str]:
    """A title's words that are no honorific ("President", "Gen."), lower-cased."""
    words = {w.lower().rstrip(".") for w in (title or "").split()}
    return frozenset(words - HONORIFICS)


def _given_clash(given: str, other: Mention, surname: str) -> bool:
    words = normal_key(other.name).split()
    return len(words) >= 2 and words[-1] == surname and not _same_given(given, words[0])


def _same_given(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b or NICKNAMES.get(a, a) == NICKNAMES.get(b, b):
        return True
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _title_gender(title: str | None) -> str | None:
    if not title:
        return None
    words = {w.lower().rstrip(".") for w in (title or "").split()}
    if words & MALE_TITLES:
        return "male"
    if words & FEMALE_TITLES:
        return "female"
    return None


def _given_gender(cluster: Cluster) -> str | None:
    """The gender the cluster's given names (or titles) point to, if one."""
    found = set()
    for mention in cluster.mentions:
        words = normal_key(mention.name).split()
        if len(words) >= 2 and words[0] in MALE_NAMES:
            found.add("male")
        elif len(words) >= 2 and words[0] in FEMALE_NAMES:
            found.add("female")
        title = _title_gender(mention.title)
        if title:
            found.add(title)
    return found.pop() if len(found) == 1 else None
