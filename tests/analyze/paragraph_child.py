"""Cleans and analyses one text dump whose body is a single paragraph of CHARS
characters, in a process of its own, and reports its peak memory.

    python -m tests.analyze.paragraph_child CHARS

Prints one JSON object: ``outcome`` (``article`` or the reason slug), the
article's ``paragraphs`` and ``chars``, the analysis's ``quotes`` and
``entities``, and ``peak_mb``, the process's peak resident memory (VmHWM).
The sentences are written for this test and varied (names, numbers), so the
paragraph reads as one long report, not as one line repeated.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from factdesk import Article, Page, Settings, clean_page
from factdesk.analyze import analyze

_SENTENCES = (
    "The harbour board said on {day} that repairs to berth {n} would cost {n}00,000 pounds.",
    '"We expect the work to finish before winter," said {name}, who chairs the board.',
    "{name} denied that the contract for berth {n} had been promised to one bidder.",
    "Councillors asked whether the {n} ferries using the port would be diverted.",
    "According to the board's report, {n} jobs depend on the harbour staying open.",
)
_NAMES = ("Ada Penrose", "Tomas Keane", "Mira Holt", "Owen Castell", "Lena Stroud")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def one_paragraph(chars: int) -> str:
    rnd = random.Random(chars)
    out, total = [], 0
    while total < chars:
        sentence = rnd.choice(_SENTENCES).format(day=rnd.choice(_DAYS), n=rnd.randint(2, 99),
                                                 name=rnd.choice(_NAMES))
        out.append(sentence)
        total += len(sentence) + 1
    return " ".join(out)[:chars].rsplit(" ", 1)[0]


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(chars: int) -> dict:
    text = "Harbour repairs to cost more than planned\n\n" + one_paragraph(chars) + "\n"
    result = clean_page(Page(source="one-paragraph.txt", text=text), Settings(), kind="text")
    if not isinstance(result, Article):
        return {"outcome": str(result.reason), "message": result.message, "peak_mb": _peak_mb()}
    analysis = analyze(result, Settings())
    return {"outcome": "article", "paragraphs": len(result.paragraphs), "chars": len(result.text),
            "longest_paragraph": max(len(p.text) for p in result.paragraphs),
            "quotes": len(analysis.quotes), "entities": len(analysis.entities),
            "peak_mb": _peak_mb()}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
