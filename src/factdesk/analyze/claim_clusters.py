"""Claim clusters: mentions of one proposition, across wording and articles.

Two mentions are of the same claim when

* **frames match**: the same agent (entity ids, a capital standing for its
  state counts as the state), the same predicate class ("arm", "provide",
  "supply", "step up assistance" are all *supply*), and at least one shared
  participant (an entity, a word, or a generic armed-group noun such as
  "militants" against a named group), or
* **wording matches**: the content words overlap strongly (Jaccard >= 0.6)
  and the agents do not conflict.

Clusters are the connected components of that relation, so they do not depend
on the order mentions arrive in; a claim's ``key`` is its most common frame
and its ``id`` is derived from the key.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..model import Claim, ClaimMention, SourceStance, content_id
from .claim_mentions import ANALYZER

__all__ = ["cluster_claims", "frame_key", "predicate_class"]

# Predicate classes: verbs that state the same relation.
_CLASSES = {
    "supply": """arm provide supply give send deliver funnel ship fund finance equip sell
        transfer assist aid help support back furnish channel smuggle""",
    "attack": """attack strike bomb shell raid target kill shoot assault hit invade""",
    "meet": """meet talk negotiate discuss""",
    "accuse": """accuse blame charge""",
}
PREDICATE_CLASSES = {w: c for c, ws in _CLASSES.items() for w in ws.split()}
# Light verbs that take their relation from their object ("stepped up its assistance").
LIGHT_VERBS = frozenset("""step increase boost offer extend expand ramp intensify
    provide give send continue resume stop halt cut""".split())
# Nouns normalised to one word class.
_NOUN_CLASSES = {
    "ARMS": "weapon weaponry arm gun rifle missile ammunition munition",
    "AID": "aid assistance funding fund money support help supply finance",
    "GROUP": """militant insurgent fighter rebel belligerent extremist jihadist guerrilla
        gunman terrorist""",
}
NOUN_CLASSES = {w: c for c, ws in _NOUN_CLASSES.items() for w in ws.split()}
SUPPLY_NOUNS = frozenset({"ARMS", "AID"})
STOP = frozenset("""a an the of to in on at for with by from and or but that this these those
    its it his her their our your my is are was were be been being has have had do does did
    will would could should may might can must not no any some all more most other such than
    over under into about as which who whom whose what when where while last first new also
    very so up out there here yet""".split())
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
JACCARD = 0.6
MAX_POSTINGS = 400


def predicate_class(mention: ClaimMention) -> str:
    """The relation a mention states ("supply" for "arm", "provide", "step up aid")."""
    verb, _, particle = mention.predicate.partition(" ")
    if verb in PREDICATE_CLASSES:
        return PREDICATE_CLASSES[verb]
    if verb in LIGHT_VERBS and SUPPLY_NOUNS & _classes(mention):
        return "supply"
    return mention.predicate or "-"


def frame_key(mention: ClaimMention) -> str:
    """``agent|relation|patient`` for a mention, with entity ids where known."""
    agent = mention.agent_id or _norm(mention.agent) or "-"
    patient = mention.patient_id or _norm(mention.patient) or "-"
    return f"{agent}|{predicate_class(mention)}|{patient}"


def cluster_claims(mentions: Iterable[tuple[str, ClaimMention]],
                   links: Iterable[tuple[str, str]] = ()) -> tuple[Claim, ...]:
    """Cluster ``(article_id, mention)`` pairs into claims, independent of order.

    ``links`` are extra pairs of mention ids known to be of one claim (from
    :func:`~factdesk.analyze.claim_links.cross_article_links`, say).
    """
    items = sorted({m.id: (a, m) for a, m in mentions}.values(), key=lambda p: p[1].id)
    n = len(items)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    feats = [_features(m) for _, m in items]
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (agent, relation, _parts, words) in enumerate(feats):
        if agent:
            blocks[(agent, relation)].append(i)
        for word in words:
            postings[word].append(i)
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if _participants_meet(feats[i][2], feats[j][2]):
                    union(i, j)
    for word, members in postings.items():
        if len(members) > MAX_POSTINGS:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if find(i) != find(j) and _wording_meets(feats[i], feats[j]):
                    union(i, j)
    position = {m.id: i for i, (_, m) in enumerate(items)}
    for a, b in links:
        if a in position and b in position:
            union(position[a], position[b])
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    claims = [_claim([items[i] for i in members], feats, members)
              for members in groups.values()]
    return _unique_ids(claims)


def _features(mention: ClaimMention) -> tuple[str | None, str, frozenset[str], frozenset[str]]:
    agent = mention.agent_id or _norm(mention.agent)
    words = _words(mention.span.text)
    agent_words = _words(mention.agent or "")
    parts = set(words - agent_words)
    parts.discard(mention.predicate.split(" ")[0])
    parts |= {NOUN_CLASSES[w] for w in parts if w in NOUN_CLASSES}
    if mention.patient_id:
        parts.add(mention.patient_id)
        if mention.patient_id.startswith(("org:", "norp:")):
            parts.add("GROUP")
    return agent, predicate_class(mention), frozenset(parts), frozenset(words)


def _participants_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = a & b
    if shared - {"AID"}:
        return True
    return "AID" in shared and ("GROUP" in a or "GROUP" in b)


def _wording_meets(a: tuple, b: tuple) -> bool:
    if a[0] and b[0] and a[0] != b[0]:
        return False
    words_a, words_b = a[3], b[3]
    if len(words_a) < 3 or len(words_b) < 3:
        return False
    return len(words_a & words_b) / len(words_a | words_b) >= JACCARD


def _claim(members: list[tuple[str, ClaimMention]], feats: list, indices: list[int]) -> Claim:
    mentions = [m for _, m in members]
    keys = Counter(frame_key(m) for m in mentions)
    key = min(keys, key=lambda k: (-keys[k], k))
    degree = Counter()
    for x, i in enumerate(indices):
        for j in indices[x + 1:]:
            if feats[i][2] & feats[j][2]:
                degree[i] += 1
                degree[j] += 1
    ranked = sorted(zip(indices, mentions, strict=True), key=lambda p: (
        p[1].origin != "headline", -degree[p[0]], len(p[1].span.text), p[1].id))
    label = ranked[0][1].span.text
    by_source: dict[tuple[str, str], list[ClaimMention]] = defaultdict(list)
    for mention in mentions:
        who = mention.source_id or (mention.source or "unnamed").lower()
        by_source[(who, mention.stance.value)].append(mention)
    stances = []
    for (_who, _stance), group in sorted(by_source.items()):
        group.sort(key=lambda m: (m.span.start, m.id))
        first = group[0]
        stances.append(SourceStance(
            source=first.source or "unnamed", stance=first.stance,
            mention_ids=tuple(m.id for m in group), source_id=first.source_id,
            anonymous=first.anonymous, cue=first.cue_lemma))
    ordered = sorted(mentions, key=lambda m: m.id)
    return Claim(id=content_id("claim", key), key=key, label=label,
                 mention_ids=tuple(m.id for m in ordered), stances=tuple(stances),
                 article_ids=tuple(sorted({a for a, _ in members})), analyzer=ANALYZER)


def _unique_ids(claims: list[Claim]) -> tuple[Claim, ...]:
    """Distinct clusters that share a key get ids told apart by their first mention."""
    claims.sort(key=lambda c: (c.key, c.mention_ids[0]))
    seen: set[str] = set()
    out = []
    for claim in claims:
        if claim.id in seen:
            claim = Claim(id=content_id("claim", claim.key, claim.mention_ids[0]),
                          key=claim.key, label=claim.label, mention_ids=claim.mention_ids,
                          stances=claim.stances, article_ids=claim.article_ids,
                          analyzer=claim.analyzer)
        seen.add(claim.id)
        out.append(claim)
    return tuple(out)


def _classes(mention: ClaimMention) -> set[str]:
    return {NOUN_CLASSES[w] for w in _words(mention.span.text) if w in NOUN_CLASSES}


def _words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in WORD.findall(text.lower()) if w not in STOP)


def _stem(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("’s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _norm(text: str | None) -> str | None:
    if not text:
        return None
    words = sorted(_words(text))
    return " ".join(words) or None
