"""Article stance: does a body ``agree`` with, ``disagree`` with, ``discuss``, or is it
``unrelated`` to a claim (such as a headline)?

    model = ArticleStanceModel.load()            # the bundled fnc-stance-v1 weights
    stance = model.predict(claim, body)          # ArticleStance(label, probabilities, model)
    stances = model.predict_many([(claim, body), ...])

Features (:mod:`.features`) are overlap, TF-IDF/LSA similarity and cue words
near the claim-matching sentences; the classifier (:mod:`.trees`) is
gradient-boosted trees trained on FNC-1 by ``bench/train_stance.py``.
"""

from __future__ import annotations

from .classifier import (
    BUNDLED_WEIGHTS,
    LABELS,
    ArticleStance,
    ArticleStanceModel,
)

__all__ = ["BUNDLED_WEIGHTS", "LABELS", "ArticleStance", "ArticleStanceModel"]
