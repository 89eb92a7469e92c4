"""The fuzz campaign's seed pages and the page inputs made from them, for ``bench/fuzz.py``.

Seed pages are ``examples/`` and the DEV pages of ``../shared/data``
(``extraction/html/*.html.gz``, ``extraction/text/*.txt``,
``polnear/dev/text/*.txt``).  :func:`export_pages` copies exactly those files
(the HTML stays gzipped: about 6 MB in all) into a folder laid out as

    DIR/examples/...   DIR/extraction/html/*.html.gz   DIR/extraction/text/*.txt
    DIR/polnear/dev/text/*.txt

and :func:`seed_pages` reads either layout (``../shared/data`` plus
``examples/``, or such a folder) into the same list in the same order, so a
seed gives the same inputs wherever the pages come from.

Input ``i`` of seed ``S`` is drawn from ``random.Random(f"{S}:{i}")`` alone:
a worker makes it from ``(S, i)``, and ``--only i`` replays it.  Most inputs
are a *piece* of a seed page (a window of it, small or medium: a fuzz input
costs the analysis of its text, so 100,000 of them stay affordable), some are
a whole page; each then goes through one to three mutations
(:mod:`fuzz_mutations`).
"""

from __future__ import annotations

import gzip
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from fuzz_mutations import MUTATIONS, mutate

__all__ = ["FuzzInput", "export_pages", "make_page_input", "page_files", "seed_pages"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
#: (folder inside a pages dir, glob): where each kind of seed page lies.
_GROUPS = (("extraction/html", "*.html.gz"), ("extraction/text", "*.txt"),
           ("polnear/dev/text", "*.txt"))
#: How big a page input is: (share of inputs, smallest, largest bytes); None: the whole page.
SIZES = ((0.86, 64, 4_096), (0.10, 4_096, 16_384), (0.04, None, None))


@dataclass(frozen=True, slots=True)
class FuzzInput:
    """One generated input: ``kind`` is ``page``, ``feed``, ``sitemap`` or ``warc``;
    ``extra`` holds the other files a sitemap index may name (name -> bytes)."""

    kind: str
    name: str
    data: bytes
    steps: tuple[str, ...]
    extra: tuple[tuple[str, bytes], ...] = ()


def page_files(pages_dir: Path | None) -> list[Path]:
    """Every seed file, in the campaign's stable order."""
    examples = (pages_dir / "examples") if pages_dir else ROOT / "examples"
    data = pages_dir if pages_dir else SHARED_DATA
    files = sorted(p for p in examples.iterdir() if p.is_file())
    for folder, pattern in _GROUPS:
        where = data / folder
        if not where.is_dir():
            raise SystemExit(f"no seed pages at {where}: give --pages DIR (a folder written "
                             "by --export-pages) or put ../shared beside the repository")
        files += sorted(where.glob(pattern))
    return files


def seed_pages(pages_dir: Path | None = None) -> list[tuple[str, bytes]]:
    """(name, bytes) of every seed page, gzipped HTML undone, in a stable order."""
    found = []
    for path in page_files(pages_dir):
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            found.append((path.name.removesuffix(".gz"), gzip.decompress(data)))
        else:
            found.append((path.name, data))
    return found


def export_pages(out: Path, pages_dir: Path | None = None) -> dict:
    """Copy every seed file into ``out`` (the layout :func:`seed_pages` reads)."""
    base_examples = (pages_dir / "examples") if pages_dir else ROOT / "examples"
    base_data = pages_dir if pages_dir else SHARED_DATA
    count = size = 0
    for path in page_files(pages_dir):
        if path.parent == base_examples:
            target = out / "examples" / path.name
        else:
            target = out / path.relative_to(base_data)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        count += 1
        size += target.stat().st_size
    return {"pages": count, "bytes": size, "out": str(out)}


def _size(rnd: random.Random) -> tuple[int, int] | None:
    roll, total = rnd.random(), 0.0
    for share, low, high in SIZES:
        total += share
        if roll < total:
            return None if low is None else (low, high)
    return None


def piece(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """A window of ``data`` (log-uniform length in a drawn size band), or all of it."""
    band = _size(rnd)
    if band is None or len(data) <= band[0]:
        return data, "whole"
    low, high = band
    length = min(len(data), int(low * (high / low) ** rnd.random()))
    # text dumps start with their headline and chrome: keep the start often
    start = 0 if rnd.random() < 0.3 else rnd.randint(0, len(data) - length)
    return data[start:start + length], f"piece{length}"


def make_page_input(pages: list[tuple[str, bytes]], rnd: random.Random) -> FuzzInput:
    """A piece of a seed page through one to three mutations."""
    name, data = pages[rnd.randrange(len(pages))]
    data, cut = piece(data, rnd)
    steps = [rnd.choice(sorted(MUTATIONS)) for _ in range(rnd.randint(1, 3))]
    for step in steps:
        data = mutate(step, data, rnd)
    return FuzzInput("page", name, data, (cut, *steps))
