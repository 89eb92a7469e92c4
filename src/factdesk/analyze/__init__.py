"""The analyze stage: who is mentioned in an article, who said what, what is
claimed with which stance, and the quantities and dates it states.

``analyze(article, settings)`` returns an :class:`~factdesk.model.Analysis`;
``analyze_many`` parses many articles in batches.  Every item carries offsets
into ``Article.text`` and the versioned analyzer that produced it.
"""

from __future__ import annotations

from .analysis import ANALYZERS, analyze, analyze_many, analyze_parsed
from .corpus.clusters import CLAIM_LINKER, ClaimLinker, article_links, cluster_claims
from .corpus.links import cross_article_links, load_encoder
from .parse.nlp import load_pipeline

__all__ = ["ANALYZERS", "CLAIM_LINKER", "ClaimLinker", "analyze", "analyze_many", "analyze_parsed",
           "article_links", "cluster_claims",
           "cross_article_links", "load_encoder", "load_pipeline"]
