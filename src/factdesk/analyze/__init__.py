"""The analyze stage: who is mentioned in an article, and who said what.

``analyze(article, settings)`` returns an :class:`~factdesk.model.Analysis`;
``analyze_many`` parses many articles in batches.  Every item carries offsets
into ``Article.text`` and the versioned analyzer that produced it.
"""

from __future__ import annotations

from .analysis import ANALYZERS, analyze, analyze_many, analyze_parsed
from .nlp import load_pipeline

__all__ = ["ANALYZERS", "analyze", "analyze_many", "analyze_parsed", "load_pipeline"]
