"""Label dump lines as body or not by aligning them to a gold article body.

Training-only: ``bench/train_textdump.py`` builds the line model's training
data with it (and ``bench/extraction.py --cv`` through that script); the
package never runs it, so it lives here, beside the trainer, not under
``src/``.  The gold body and the dump share their words but not
their line breaks, so lines are matched through 4-word shingles, the same
unit the benchmark scores: a line is body when most of the shingles that
touch its words also occur in the gold.  Short lines (fewer than four words)
are judged through the shingles that cross into their neighbours, so a lone
"Comments" between two body paragraphs is not body unless the gold has it
there too.
"""

from __future__ import annotations

from collections.abc import Sequence

from factdesk.clean.textdump.lines import words

__all__ = ["body_labels"]

SHINGLE = 4


def _shingles(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)]


def body_labels(lines: Sequence[str], gold: str, *, threshold: float = 0.5) -> list[bool]:
    """For each line, whether it belongs to the gold body."""
    gold_set = set(_shingles(words(gold)))
    tokens = [words(line) for line in lines]
    labels = []
    for i, own in enumerate(tokens):
        if not own:
            labels.append(False)
            continue
        if len(own) >= SHINGLE:
            grams = _shingles(own)
        else:
            before = [t for toks in tokens[max(0, i - 3):i] for t in toks][-(SHINGLE - 1):]
            after = [t for toks in tokens[i + 1:i + 4] for t in toks][:SHINGLE - 1]
            window = before + own + after
            lo, hi = len(before), len(before) + len(own)
            grams = [tuple(window[s:s + SHINGLE]) for s in range(len(window) - SHINGLE + 1)
                     if s < hi and s + SHINGLE > lo]
            if not grams:
                labels.append(False)
                continue
        hits = sum(1 for g in grams if g in gold_set)
        labels.append(hits / len(grams) >= threshold)
    return labels
