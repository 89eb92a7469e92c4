"""Claim clusters: mentions of one proposition, across wording and articles.

Two mentions are of the same claim when

* **frames match**: the same agent (entity ids, a capital standing for its
  state counts as the state), the same predicate class ("arm", "provide",
  "supply", "step up assistance" are all *supply*), and at least one shared
  participant (an entity, a word, or a generic armed-group noun such as
  "militants" against a named group), or
* **wording matches**: the content words overlap strongly (Jaccard >= 0.6)
  and the agents do not conflict (an agent borrowed from the speaker, as in
  "I would call for calm", never conflicts: outlets resolve speakers
  differently), or
* **meaning matches across articles**: an article's lead (headline,
  standfirst) and a mention of another article that discusses it
  (:mod:`~factdesk.analyze.corpus.matching`, given the articles' key terms).

Clusters are the connected components of that relation, so they do not depend
on the order mentions arrive in; a claim's ``key`` is its most common frame
and its ``id`` is derived from the key.

Candidate pairs come from *link keys*, so no pair of mentions is ever compared
unless it can link: a frame key per ``(agent, relation, participant)``, and
for wording a key per pair of words drawn from a fixed-order prefix of each
mention's words (if two sets have Jaccard >= t, their two first shared words
lie inside both prefixes).  :class:`ClaimLinker` bundles features, keys, the
link test and claim building, so the store can cluster a whole corpus from
link keys kept on disk (memory bounded by the largest key group and claim),
and :func:`cluster_claims` does the same in memory: both give the same claims
(given the articles' own claims as :func:`article_links`, which the store
keeps as article keys).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations

from ...components import DisjointSets
from ...model import Claim, ClaimMention, SourceStance, content_id
from .pair_model import MatchModel
from .matching import (MatchParams, Matchable, article_context, match_keys,
                          match_words, matches)
from ..claims.mentions import ANALYZER
from .frames import (NOUN_CLASSES, content_words, frame_key, predicate_class,
                     proposition_agent)
from .stories import StoryGrouper

__all__ = ["CLAIM_LINKER", "ClaimLinker", "article_links", "cluster_claims", "frame_key",
           "predicate_class", "proposition_agent"]

#: Relations too light to carry a claim on a shared plain word ("Trump is ...",
#: "X wants ..."): their frame keys need a shared entity or noun class.
LIGHT_RELATIONS = frozenset({"be", "have", "want", "get", "make", "do", "go", "take", "-", ""})
JACCARD = 0.6
#: Above this size a claim's label is ranked by shared-participant counts
#: instead of pairwise overlaps (same result on small claims, linear on big ones).
PAIRWISE_LABEL_LIMIT = 200

Features = tuple[str | None, str, frozenset[str], frozenset[str], Matchable]
SEP = "\x1f"
#: Marks an agent borrowed from the speaker in the features (see ``proposition_agent``).
BORROWED = "~"


class ClaimLinker:
    """Features, link keys, the link test and claim building for claim mentions.

    Features travel as one string (``encode``/``decode``) so a store can keep
    them beside each mention.  Keys start with their kind: ``f`` (same agent,
    relation and a participant: every member links), ``i`` (one article's own
    claim, as its analysis clustered it, with in-article links such as "denied
    the charge" -> the charge: every member links; see :meth:`article_key`),
    ``a`` (same agent and
    relation sharing only "aid": members link through one naming an armed
    group), ``w`` (a word pair: members link when their wording meets) and
    ``m`` (a pair of rare words: members of different articles link when the
    pairwise model of :mod:`~factdesk.analyze.corpus.matching` says they state one claim).
    """

    analyzer = ANALYZER

    def __init__(self, params: MatchParams | MatchModel | None = None) -> None:
        # the learned pairwise model by default; hand thresholds (MatchParams) on request
        self.params = MatchModel.load() if params is None else params
        self.stories = StoryGrouper()  # the store groups articles into stories with it

    def features(self, mention: ClaimMention, article_id: str = "",
                 context: frozenset[str] = frozenset()) -> Features:
        """A mention's features; ``context`` is its article's :meth:`context`."""
        return _features(mention, article_id, context)

    def context(self, text: str) -> frozenset[str]:
        """The key terms of an article's text, that cross-article matching reads."""
        return article_context(text)

    def encode(self, feats: Features) -> str:
        agent, relation, parts, words, match = feats
        return SEP.join((agent or "", relation, " ".join(sorted(parts)),
                         " ".join(sorted(words)), match.article, " ".join(sorted(match.words)),
                         " ".join(sorted(match.context)), "lead" if match.lead else ""))

    def decode(self, text: str) -> Features:
        agent, relation, parts, words, article, mwords, context, lead = text.split(SEP)
        return (agent or None, relation, frozenset(parts.split()), frozenset(words.split()),
                Matchable(article=article, words=frozenset(mwords.split()),
                          context=frozenset(context.split()), lead=bool(lead)))

    def keys(self, feats: Features) -> list[str]:
        agent, relation, parts, words, match = feats
        agent = agent.removeprefix(BORROWED) if agent else agent
        keys = []
        if agent:
            for part in sorted(parts):
                strong = ":" in part or (part.isupper() and part != "GROUP")
                if relation in LIGHT_RELATIONS and not strong:
                    continue  # one shared common word under a light verb chains stories
                kind = "a" if part == "AID" else "f" if strong else "p"
                keys.append(f"{kind}{SEP}{agent}{SEP}{relation}{SEP}{part}")
        if len(words) >= 3:
            ordered = sorted(words)
            prefix = len(ordered) - math.ceil(JACCARD * len(ordered) - 1e-9) + 2
            keys += [f"w{SEP}{a}{SEP}{b}" for a, b in combinations(ordered[:prefix], 2)]
        if match.context:  # matching across articles reads the article's key terms
            keys += [f"m{SEP}{pair}" for pair in match_keys(match.words)]
        return keys

    def article_key(self, article_id: str, mention_ids: Sequence[str]) -> str:
        """The key of one article's own claim of ``mention_ids`` (two or more):
        every mention its analysis put in one claim shares it, so the corpus
        clusters keep the article's links (anaphors, one event, restatements)."""
        return f"i{SEP}{article_id}{SEP}{min(mention_ids)}"

    def link_group(self, key: str, members: Sequence[int],
                   feats: Callable[[int], Features],
                   joined: Callable[[int, int], bool]) -> Iterable[tuple[int, int]]:
        """Pairs of ``members`` (node numbers sharing ``key``) that link: for the
        pairwise kinds, enough of them to join every group the links join."""
        kind = key[0]
        if kind in ("f", "i"):
            first = members[0]
            return [(first, other) for other in members[1:]]
        if kind == "a":
            armed = [m for m in members if "GROUP" in feats(m)[2]]
            if not armed:
                return []
            return [(armed[0], other) for other in members if other != armed[0]]
        if kind == "m":
            return self._matched(key, members, feats, joined)
        return _spanning(members, joined, lambda i, j: self.links(key, feats(i), feats(j)))

    def links(self, key: str, a: Features, b: Features) -> bool:
        """Whether two members of the group of ``key`` link: the pairwise test whose
        connected components :meth:`link_group`'s pairs join (a property of the two
        mentions only), so the store can tell which old claims a new mention reaches."""
        kind = key[0]
        if kind in ("f", "i"):
            return True
        if kind == "a":  # through a member naming an armed group
            return "GROUP" in a[2] or "GROUP" in b[2]
        if kind == "m":
            if not (a[4].lead or b[4].lead) or _agents_conflict(a, b):
                return False
            if isinstance(self.params, MatchModel):
                return self.params.links(a, b)
            return matches(a[4], b[4], self.params)
        if kind == "p":  # a plain shared word: enough inside one article, two across
            return a[4].article == b[4].article or len(a[2] & b[2]) >= 2
        return _wording_meets(a, b)

    def _matched(self, key: str, members: Sequence[int], feats: Callable[[int], Features],
                 joined: Callable[[int, int], bool]) -> list[tuple[int, int]]:
        """Model links in a key group: each lead mention against every other member
        (two body mentions are never compared, so a big group costs leads x members)."""
        leads = [i for i in members if feats(i)[4].lead]
        pairs = []
        for i in leads:
            fi = feats(i)
            for j in members:
                if j == i or (j < i and feats(j)[4].lead):
                    continue  # each pair of leads once
                fj = feats(j)
                if not joined(i, j) and self.links(key, fi, fj):
                    pairs.append((min(i, j), max(i, j)))
        return pairs

    def build(self, members: Sequence[tuple[str, ClaimMention, Features]]) -> Claim:
        """The claim made of one connected component ``(article_id, mention, features)``."""
        return _claim(members)

    def unique_ids(self, claims: list[Claim]) -> tuple[Claim, ...]:
        return _unique_ids(claims)


CLAIM_LINKER = ClaimLinker()


def cluster_claims(mentions: Iterable[tuple[str, ClaimMention]],
                   links: Iterable[tuple[str, str]] = (), *,
                   contexts: Mapping[str, frozenset[str]] | None = None,
                   linker: ClaimLinker | None = None) -> tuple[Claim, ...]:
    """Cluster ``(article_id, mention)`` pairs into claims, independent of order.

    ``links`` are extra pairs of mention ids known to be of one claim (from
    :func:`~factdesk.analyze.corpus.links.cross_article_links`, say);
    ``contexts`` the articles' key terms (:meth:`ClaimLinker.context`), without
    which mentions are not matched across articles beyond the rules.
    """
    linker = linker or CLAIM_LINKER
    contexts = contexts or {}
    items = sorted({m.id: (a, m) for a, m in mentions}.values(), key=lambda p: p[1].id)
    n = len(items)
    sets = DisjointSets(n)

    feats = [linker.features(m, a, contexts.get(a, frozenset())) for a, m in items]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for key in linker.keys(f):
            groups[key].append(i)
    for key in sorted(groups):
        members = groups[key]
        if len(members) > 1:
            for i, j in linker.link_group(key, members, feats.__getitem__, sets.same):
                sets.union(i, j)
    position = {m.id: i for i, (_, m) in enumerate(items)}
    for a, b in links:
        if a in position and b in position:
            sets.union(position[a], position[b])
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        components[sets.find(i)].append(i)
    claims = [linker.build([(*items[i], feats[i]) for i in members])
              for members in components.values()]
    return _unique_ids(claims)


def article_links(groups: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    """Pairs of mention ids joining each group (the ``mention_ids`` of the
    articles' own claims, as their analyses clustered them): the ``links``
    that make :func:`cluster_claims` keep what each article linked inside
    itself, as the store does with article keys (:meth:`ClaimLinker.article_key`)."""
    pairs = []
    for group in groups:
        ids = sorted(group)
        pairs += [(ids[0], other) for other in ids[1:]]
    return pairs


def _spanning(members: Sequence[int], joined: Callable[[int, int], bool],
              meets: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of ``members`` (``i`` first) that meet, enough to join every
    group that all meeting pairs would join: at most one pair per group a member
    joins, not every pair.

    Each member is tried against the groups of the members before it, one
    member of a group after another until one meets it (or is already
    ``joined`` to it).  A key shared by many mentions that all meet (a page
    repeating one claim a thousand times) costs one test per mention, where
    listing every meeting pair cost a million: analysing a 256 KB page of
    repeated paragraphs spent 1.35 s here, growing fourfold as the page doubled
    (found by bench/fuzz.py).  Members that meet nothing still cost a test per
    pair, as before.
    """
    groups: list[list[int]] = []
    pairs = []
    for j in members:
        merged = [j]
        for group in list(groups):
            for i in group:
                linked = joined(i, j)
                if not linked and meets(i, j):
                    pairs.append((i, j))
                    linked = True
                if linked:
                    merged += group
                    groups.remove(group)
                    break
        groups.append(merged)
    return pairs


def _features(mention: ClaimMention, article_id: str, context: frozenset[str]) -> Features:
    agent, borrowed = proposition_agent(mention)
    # an anaphor ("denied the charge") carries its antecedent's label: its words
    # link it to that claim in the store too, which keeps no refers_to edges
    words = content_words(mention.label if mention.origin == "anaphor" and mention.label
                   else mention.span.text)
    agent_words = content_words(mention.agent or "")
    parts = set(words - agent_words)
    parts.discard(mention.predicate.split(" ")[0])
    parts |= {NOUN_CLASSES[w] for w in parts if w in NOUN_CLASSES}
    if mention.patient_id:
        parts.add(mention.patient_id)
        if mention.patient_id.startswith(("org:", "norp:")):
            parts.add("GROUP")
    match = Matchable(article=article_id, words=match_words(mention.span.text), context=context,
                      lead=mention.origin in ("headline", "standfirst"))
    if agent and borrowed:
        agent = BORROWED + agent
    return agent, predicate_class(mention), frozenset(parts), frozenset(words), match


def _agents_conflict(a: Features, b: Features) -> bool:
    """Two stated agents that differ (a borrowed one, ``~``-marked, never conflicts)."""
    x, y = a[0], b[0]
    return bool(x and y and x != y and not x.startswith(BORROWED) and not y.startswith(BORROWED))


def _wording_meets(a: Features, b: Features) -> bool:
    if _agents_conflict(a, b):
        return False
    words_a, words_b = a[3], b[3]
    if len(words_a) < 3 or len(words_b) < 3:
        return False
    return len(words_a & words_b) / len(words_a | words_b) >= JACCARD


def _degrees(parts: list[frozenset[str]]) -> list[int]:
    """How central each member is: pairwise overlaps, or part counts on big claims."""
    n = len(parts)
    degree = [0] * n
    if n <= PAIRWISE_LABEL_LIMIT:
        for i in range(n):
            for j in range(i + 1, n):
                if parts[i] & parts[j]:
                    degree[i] += 1
                    degree[j] += 1
        return degree
    counts = Counter(p for ps in parts for p in ps)
    return [sum(counts[p] - 1 for p in ps) for ps in parts]


def _claim(members: Sequence[tuple[str, ClaimMention, Features]]) -> Claim:
    members = sorted(members, key=lambda m: m[1].id)
    mentions = [m for _, m, _ in members]
    keys = Counter(frame_key(m) for m in mentions)
    key = min(keys, key=lambda k: (-keys[k], k))
    degree = _degrees([f[2] for _, _, f in members])
    ranked = sorted(range(len(mentions)), key=lambda i: (
        mentions[i].refers_to is not None, mentions[i].origin != "headline", -degree[i],
        len(mentions[i].span.text), mentions[i].id))
    label = mentions[ranked[0]].label or mentions[ranked[0]].span.text
    by_source: dict[tuple[str, str], list[ClaimMention]] = defaultdict(list)
    # a source named without an id in one mention ("Ostravia denies" in a
    # headline) is the same source as a mention of that name with one
    ids = {(m.source or "").lower(): m.source_id for m in mentions if m.source_id}
    for mention in mentions:
        name = (mention.source or "unnamed").lower()
        who = mention.source_id or ids.get(name) or name
        by_source[(who, mention.stance.value)].append(mention)
    stances = []
    for (_who, _stance), group in sorted(by_source.items()):
        group.sort(key=lambda m: (m.source_id is None, m.span.start, m.id))
        first = group[0]
        stances.append(SourceStance(
            source=first.source or "unnamed", stance=first.stance,
            mention_ids=tuple(m.id for m in group), source_id=first.source_id,
            anonymous=first.anonymous, cue=first.cue_lemma))
    return Claim(id=content_id("claim", key), key=key, label=label,
                 mention_ids=tuple(m.id for m in mentions), stances=tuple(stances),
                 article_ids=tuple(sorted({a for a, _, _ in members})), analyzer=ANALYZER)


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
