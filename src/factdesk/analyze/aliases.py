"""Alias clusters: which mentions name the same entity within one article.

People group by surname: a full name starts a cluster and a later full name
joins it when the given names agree ("Jim" and "James" do); a bare surname or a
titled surname ("Mr Mattis") joins the most recent person of that surname.
Other entities group by a normal key, with country short forms ("US", "U.S.")
and acronyms ("CIA" for "Central Intelligence Agency") folded in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import EntityType
from .entities import Mention
from .names import COUNTRY_FORMS, NICKNAMES, normal_key

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
    return clusters


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
    words = normal_key(mention.name).split()
    if not words:
        return None
    surname = words[-1]
    given = words[0] if len(words) >= 2 else None
    for cluster in reversed(people):
        if given is not None and any(_given_clash(given, other, surname)
                                     for other in cluster.mentions):
            # "Ivanka Trump" does not join the cluster of "Donald Trump" through
            # a bare "Trump" in it.
            continue
        for other in cluster.mentions:
            other_words = normal_key(other.name).split()
            if not other_words or other_words[-1] != surname:
                continue
            if surname_only and given is not None:
                continue
            other_given = other_words[0] if len(other_words) >= 2 else None
            if given is None or other_given is None or _same_given(given, other_given):
                return cluster
    return None


def _given_clash(given: str, other: Mention, surname: str) -> bool:
    words = normal_key(other.name).split()
    return len(words) >= 2 and words[-1] == surname and not _same_given(given, words[0])


def _same_given(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b or NICKNAMES.get(a, a) == NICKNAMES.get(b, b):
        return True
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
