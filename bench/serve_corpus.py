"""A corpus of N analysed articles for the load benchmark, made without re-analysis.

The *base* corpus is analysed once through the library (``factdesk.pipeline.process``):
``examples/``, the seed page and, when ../shared is there, the PolNeAR DEV articles of
``bench/corpora/polnear-latest60.txt`` and the first ``BASE_HTML`` DEV extraction
pages.  A corpus of N articles then *replicates* the base's stored articles and
analyses (``Store.articles()``) until there are N, writing each copy through the
store's own writer (``Store.write_data``, as a batch load does: articles, the
full-text rows its triggers fill, quotes, entities and mentions, claim mentions,
dates, facts) and clustering claims once at the end (``Store.recluster``).  No SQL
here: everything goes through ``factdesk.store``.

Copy 0 of each base article is the original.  Every other copy gets its own ids
(article, page, quotes, claim mentions; the references between them follow), its
own URL and a publication date moved by up to three years, and varied wording:
about one in five lower-case words outside any entity mention, quote speaker, date
or fact is swapped for another word *of the same length* from the base corpus's
vocabulary, and digit runs outside those spans get other digits.  Keeping every
length keeps every stored offset valid; each span's text is then re-read from the
new text.  Entities keep their ids and names, so the same people recur across
copies, as they do across a newsroom's articles.

Corpora are cached in ``bench/.cache/`` (git-ignored), keyed by N and
``VERSION``, and reused:

    python bench/serve_corpus.py --articles 2000          # prints the database path
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "independent-2017-04-25-russia-taliban.txt"
POLNEAR = SHARED / "data" / "polnear"
EXTRACTION = SHARED / "data" / "extraction" / "html"
CACHE = ROOT / "bench" / ".cache"
VERSION = "v1"      # bump when the replication changes, so old caches are not reused
BASE_HTML = 20      # DEV extraction pages in the base corpus
SWAP_SHARE = 0.2    # share of eligible words a copy swaps
BATCH = 200         # copies written per transaction
CLUSTER_ALL_MAX = 5000  # above it, claims are clustered across the originals only

Data = dict[str, Any]


def base_sources(shared: bool = True) -> list[Path]:
    """The pages the base corpus is analysed from (the DEV ones only when ../shared
    is there and ``shared``)."""
    sources = sorted((ROOT / "examples").iterdir())
    if shared and SEED.exists():
        sources.append(SEED)
    listing = ROOT / "bench" / "corpora" / "polnear-latest60.txt"
    if shared and POLNEAR.is_dir():
        sources += [POLNEAR / line.strip() for line in listing.read_text().splitlines()
                    if line.strip()]
    if shared and EXTRACTION.is_dir():
        sources += sorted(EXTRACTION.iterdir())[:BASE_HTML]
    return sources


def build_base(path: Path, sources: list[Path]) -> None:
    """Analyse ``sources`` once into a new database at ``path``."""
    from factdesk.analyze import CLAIM_LINKER
    from factdesk.ingest.files import read_path
    from factdesk.pipeline import process
    from factdesk.settings import Settings
    from factdesk.store import Store

    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    with Store(partial) as store:
        for start in range(0, len(sources), 20):
            pages = [read_path(p) for p in sources[start:start + 20]]
            store.write(process(pages, Settings()))
        store.recluster(CLAIM_LINKER)
    partial.rename(path)


def stored_pairs(path: Path) -> list[tuple[Data, Data]]:
    """The current articles of a database with their analyses, as ``to_dict`` data."""
    from factdesk.model import to_dict
    from factdesk.store import Store

    with Store(path) as store:
        return [(to_dict(article), to_dict(analysis))
                for article, analysis in store.articles() if analysis is not None]


# -- varied wording -----------------------------------------------------------------------

_WORD = re.compile(r"(?<![\w'-])[a-z]{4,}(?![\w'-])")
_DIGITS = re.compile(r"\d+")


def vocabulary(pairs: list[tuple[Data, Data]]) -> dict[int, list[str]]:
    """The base corpus's lower-case words, by length (sorted, so runs repeat)."""
    words: set[str] = set()
    for article, _ in pairs:
        words |= set(_WORD.findall(article["text"]))
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(word)
    return by_length


def _spans(value: Any) -> Iterator[Data]:
    if isinstance(value, dict):
        if value.get("type") == "Span":
            yield value
        for item in value.values():
            yield from _spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item)


def protected(analysis: Data) -> list[tuple[int, int]]:
    """The spans a copy leaves as they are: entity mentions, quote speakers and
    addressees, dates and facts (so names and parsed values still match the text)."""
    found = [(m["start"], m["end"]) for e in analysis.get("entities", ())
             for m in e.get("mentions", ())]
    for quote in analysis.get("quotes", ()):
        found += [(s["start"], s["end"]) for s in (quote.get("speaker_span"),
                                                   quote.get("addressee_span")) if s]
    for name in ("dates", "facts"):
        found += [(s["start"], s["end"]) for item in analysis.get(name, ())
                  for s in _spans(item)]
    return found


def vary(text: str, keep: list[tuple[int, int]], vocab: dict[int, list[str]],
         rng: random.Random) -> str:
    """``text`` with some words and digits swapped; same length, ``keep`` untouched."""
    chars = list(text)
    blocked = bytearray(len(text))
    for start, end in keep:
        blocked[max(0, start):max(0, end)] = b"\x01" * max(0, min(end, len(text)) - start)

    def free(match: re.Match) -> bool:
        return not any(blocked[match.start():match.end()])

    for match in _WORD.finditer(text):
        choices = vocab.get(len(match.group()))
        if choices and rng.random() < SWAP_SHARE and free(match):
            chars[match.start():match.end()] = rng.choice(choices)
    for match in _DIGITS.finditer(text):
        if rng.random() < 0.5 and free(match):
            digits = [str(rng.randrange(10)) for _ in match.group()]
            if len(digits) > 1 and digits[0] == "0":
                digits[0] = str(rng.randrange(1, 10))
            chars[match.start():match.end()] = digits
    return "".join(chars)


# -- one copy ---------------------------------------------------------------------------


def _new_ids(article: Data, analysis: Data, copy: int) -> dict[str, str]:
    from factdesk.model import content_id

    old = [article["id"], article.get("page_id")]
    old += [q["id"] for q in analysis.get("quotes", ())]
    old += [m["id"] for m in analysis.get("claim_mentions", ())]
    return {o: content_id("serve-corpus", o, str(copy)) for o in old if o}


_ID_KEYS = ("id", "article_id", "page_id", "quote_id", "refers_to")


def _renamed(value: Any, ids: dict[str, str]) -> Any:
    """``value`` with every id named in ``ids`` replaced (under the keys ids live in)."""
    if isinstance(value, dict):
        return {k: (ids.get(v, v) if k in _ID_KEYS and isinstance(v, str)
                    else _renamed(v, ids)) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, ids) for v in value]
    return value


def _moved(stamp: str | None, days: int) -> str | None:
    try:
        return (datetime.fromisoformat(stamp) - timedelta(days=days)).isoformat()
    except (TypeError, ValueError):
        return stamp


def replica(article: Data, analysis: Data, copy: int, vocab: dict[int, list[str]]) -> Data:
    """Copy ``copy`` of a stored article and its analysis, as a page outcome's data
    (copy 0 is the article itself)."""
    rng = random.Random(f"{article['id']}:{copy}")
    ids = _new_ids(article, analysis, copy) if copy else {}
    new_article, new_analysis = _renamed(article, ids), _renamed(analysis, ids)
    if copy:
        text = vary(article["text"], protected(analysis), vocab, rng)
        new_article["text"] = text
        for span in (*_spans(new_article), *_spans(new_analysis)):
            if article["text"][span["start"]:span["end"]] == span["text"]:
                span["text"] = text[span["start"]:span["end"]]
        new_article["url"] = f"{article['url']}#copy-{copy}" if article.get("url") else None
        new_article["source"] = f"{article['source']}#copy-{copy}"
        new_article["published"] = _moved(article.get("published"), rng.randrange(3 * 365))
    key = new_article.get("url") or new_article["source"]
    return {"source": new_article["source"], "page_id": new_article["page_id"], "key": key,
            "url": new_article.get("url"), "content_type": "text/html",
            "size": len(new_article["text"].encode("utf-8")),
            "article": new_article, "analysis": new_analysis}


# -- the corpus ---------------------------------------------------------------------------


def build_corpus(n: int, path: Path, pairs: list[tuple[Data, Data]], *,
                 cluster_copies: bool) -> dict[str, Any]:
    """A new database of ``n`` articles replicated from ``pairs``; returns timings.

    Claims are clustered across the originals (copy 0), then, with
    ``cluster_copies``, across everything (the slow part: about five minutes for
    2,000 articles on two shared cores, and it grows faster than the corpus).
    Without it the copies keep their claim mentions but join no claim.
    """
    from factdesk.analyze import CLAIM_LINKER
    from factdesk.store import Store

    if n < 1 or not pairs:
        raise ValueError(f"need at least one article and one base article (n={n})")
    vocab = vocabulary(pairs)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    timings = {"write_s": 0.0, "recluster_s": 0.0}
    with Store(partial) as store:
        for first, last, cluster in ((0, min(n, len(pairs)), True),
                                     (len(pairs), n, cluster_copies)):
            started = time.perf_counter()
            for start in range(first, last, BATCH):
                store.write_data(replica(*pairs[i % len(pairs)], i // len(pairs), vocab)
                                 for i in range(start, min(last, start + BATCH)))
            written = time.perf_counter()
            if cluster and last > first:
                store.recluster(CLAIM_LINKER)
            timings["write_s"] += written - started
            timings["recluster_s"] += time.perf_counter() - written
    partial.rename(path)
    return {"articles": n, "base_articles": len(pairs),
            "claims_clustered": "all" if cluster_copies else "originals only",
            **{k: round(v, 1) for k, v in timings.items()}}


def corpus(n: int, cache: Path = CACHE, *, shared: bool = True,
           cluster_copies: bool | None = None,
           log=lambda message: print(message, file=sys.stderr)) -> Path:
    """The path of a database of ``n`` replicated articles, built when the cache
    lacks it (the base corpus too).  ``cluster_copies`` defaults to ``n <=
    CLUSTER_ALL_MAX``."""
    if cluster_copies is None:
        cluster_copies = n <= CLUSTER_ALL_MAX
    cache.mkdir(parents=True, exist_ok=True)
    tag = VERSION + ("" if shared else "-examples")
    path = cache / f"serve-{n}-{tag}-claims-{'all' if cluster_copies else 'originals'}.db"
    if path.exists():
        return path
    base = cache / f"serve-base-{tag}.db"
    if not base.exists():
        sources = base_sources(shared)
        log(f"analysing {len(sources)} pages once for the base corpus ...")
        build_base(base, sources)
    log(f"replicating into {n} articles ...")
    stats = build_corpus(n, path, stored_pairs(base), cluster_copies=cluster_copies)
    path.with_suffix(".json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    log(json.dumps(stats))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--cache", default=str(CACHE))
    parser.add_argument("--cluster-copies", action=argparse.BooleanOptionalAction,
                        help=f"cluster claims across the copies too (default: up to "
                             f"{CLUSTER_ALL_MAX} articles)")
    args = parser.parse_args()
    print(corpus(args.articles, Path(args.cache), cluster_copies=args.cluster_copies))


if __name__ == "__main__":
    main()
