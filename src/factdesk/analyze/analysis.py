"""The analyze stage: ``Article -> Analysis`` (entities with aliases and roles, quotes, claim
mentions and the article's claims, facts, dates)."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator

from ..clean.language import confident_language
from ..model import Analysis, Article, Entity, EntityType
from ..settings import Settings
from .entities.aliases import Cluster, cluster_mentions
from .corpus.clusters import cluster_claims
from .claims.mentions import ANALYZER as CLAIMS_ANALYZER
from .claims.mentions import find_claim_mentions
from .claims.events import event_links
from .claims.restatements import restatements
from .claims.selection import clauses_only, select_claims
from .facts.dates import ANALYZER as DATES_ANALYZER
from .facts.dates import find_dates
from .entities.mentions import find_mentions
from .entities.index import EntityIndex
from .facts.quantities import ANALYZER as FACTS_ANALYZER
from .facts.quantities import find_facts
from .claims.headline import headline_mention
from .entities.names import CAPITALS, slug
from .parse.nlp import BATCH_SIZE, Parsed, blas_threads, in_batches, load_pipeline, parse_many
from .quotes.finder import ANALYZER as QUOTES_ANALYZER
from .quotes.finder import find_quotes
from .entities.roles import roles_of
from .speakers.resolve import SpeakerResolver

__all__ = ["ANALYZERS", "analyze", "analyze_many", "analyze_parsed", "unread_language"]

log = logging.getLogger(__name__)
_PIPELINE_LOCK = threading.Lock()

ENTITIES_ANALYZER = "entities.rules.v1"
ANALYZERS = (ENTITIES_ANALYZER, QUOTES_ANALYZER, CLAIMS_ANALYZER, DATES_ANALYZER,
             FACTS_ANALYZER)
AGENT_DEPS = ("nsubj", "nsubjpass")


def analyze(article: Article, settings: Settings) -> Analysis:
    """The :class:`Analysis` of one article: entities, quotes, claim mentions and the
    claims they make, facts and dates (one batch of :func:`analyze_many`)."""
    return next(analyze_many([article], settings))


def analyze_many(articles: Iterable[Article], settings: Settings) -> Iterator[Analysis]:
    """The :class:`Analysis` of each article (see :func:`analyze`), in input order,
    parsed in batches with ``nlp.pipe``."""
    nlp = load_pipeline(settings.spacy_model, settings.spacy_matmul)
    versions = ANALYZERS + ((f"spacy:{settings.spacy_model}",) if settings.spacy_model else ())
    for batch in in_batches(articles, BATCH_SIZE):
        skipped = {a.id: why for a in batch if (why := unread_language(a, settings))}
        parsed = iter(_analyze_batch([a for a in batch if a.id not in skipped], nlp, settings)
                      if len(skipped) < len(batch) else ())
        for article in batch:
            if article.id in skipped:
                yield Analysis(article_id=article.id, analyzers=versions,
                               skipped=skipped[article.id])
            else:
                yield next(parsed)


def unread_language(article: Article, settings: Settings) -> str:
    """Why ``article`` is not analysed when it is surely written in a language
    outside ``analyze_languages`` (see :func:`~factdesk.clean.language.confident_language`);
    "" when it is analysed."""
    wanted = {code.strip().lower() for code in settings.analyze_languages.split(",")
              if code.strip()}
    if not wanted:
        return ""
    code = confident_language(article.text)
    if code is None or code in wanted:
        return ""
    return (f"not analysed: the text is in {code}, and the model "
            f"({settings.spacy_model}) reads {', '.join(sorted(wanted))}")


def _analyze_batch(batch: list[Article], nlp, settings: Settings) -> list[Analysis]:
    """Analyses of one batch, inside a spaCy memory zone when the pipeline has them:
    the strings the batch adds to the vocabulary are freed afterwards, so a long
    run's memory does not grow with every new name and number it reads (the
    analyses hold plain strings, never spaCy objects)."""
    zone = nlp.memory_zone() if hasattr(nlp, "memory_zone") else contextlib.nullcontext()
    # spaCy pipelines are not thread-safe, and a memory zone closing in one thread
    # frees strings another thread's docs still use: one batch at a time per process.
    model = settings.spacy_model
    with _PIPELINE_LOCK, zone, blas_threads(settings.blas_threads):
        return [analyze_parsed(parsed, model=model) for parsed in parse_many(batch, nlp)]


def analyze_parsed(parsed: Parsed, model: str = "") -> Analysis:
    """The analysis of an already parsed article."""
    mentions = find_mentions(parsed)
    clusters = cluster_mentions(mentions)
    entities, entity_of = _entities(clusters, parsed.article.text)
    resolver = SpeakerResolver(parsed, mentions, entity_of, entities)
    quotes = find_quotes(parsed, resolver)
    index = EntityIndex(entities)
    claim_mentions = restatements(clauses_only(
        find_claim_mentions(parsed, quotes, index, resolver)))
    claim_mentions = _with_headline(parsed.article, claim_mentions)
    # an anaphor ("denied the charge") joins the claim of the mention it points to
    refers = [(m.id, m.refers_to) for m in claim_mentions if m.refers_to]
    # one event told in other words ("secured his cooperation" / "is cooperating")
    refers += event_links(parsed, claim_mentions, index)
    claims = cluster_claims(((parsed.article.id, m) for m in claim_mentions), refers)
    claim_mentions, claims = select_claims(claim_mentions, claims)
    dates = find_dates(parsed)
    facts = find_facts(parsed, index, dates)
    versions = ANALYZERS + ((f"spacy:{model}",) if model else ())
    return Analysis(article_id=parsed.article.id, entities=entities, quotes=quotes,
                    claim_mentions=claim_mentions, claims=claims, facts=facts, dates=dates,
                    analyzers=versions)


def _with_headline(article, mentions):
    """The headline as the outlet's claim where no mention covers it."""
    extra = headline_mention(article, mentions)
    if extra is None:
        return mentions
    return tuple(sorted((*mentions, extra), key=lambda m: (m.span.start, m.span.end, m.id)))


def _entities(clusters: list[Cluster], text: str) -> tuple[tuple[Entity, ...], dict]:
    drafts = []
    for cluster in clusters:
        kind = cluster.type
        name = cluster.name
        roles: list[str] = []
        if kind is EntityType.PERSON:
            for mention in cluster.mentions:
                roles.extend(r for r in roles_of(mention, text) if r not in roles)
        surfaces: list[str] = []
        for mention in cluster.mentions:
            for form in (mention.name, mention.span.text):
                if form != name and form not in surfaces:
                    surfaces.append(form)
        drafts.append((cluster, kind, name, surfaces, roles))
    ids = {name: f"{kind.value.lower()}:{slug(name)}" for _, kind, name, _, _ in drafts}
    metonyms: dict[str, str] = {}
    for cluster, kind, name, _, _ in drafts:
        country = CAPITALS.get(name)
        if kind is EntityType.GPE and country and any(
                m.head.dep_ in AGENT_DEPS for m in cluster.mentions):
            metonyms[name] = country
    entities: list[Entity] = []
    entity_of: dict[int, Entity] = {}
    for cluster, kind, name, surfaces, roles in drafts:
        aliases = list(surfaces)
        aliases += [capital for capital, country in metonyms.items()
                    if country == name and capital not in aliases]
        country = metonyms.get(name)
        entity = Entity(
            id=ids[name], name=name, kind=kind, aliases=tuple(aliases), roles=tuple(roles),
            mentions=tuple(m.span for m in cluster.mentions),
            metonym_of=(ids.get(country) or f"gpe:{slug(country)}") if country else None)
        entities.append(entity)
        for mention in cluster.mentions:
            entity_of[mention.span.start] = entity
    return tuple(entities), entity_of
