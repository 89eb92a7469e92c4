"""Desk pages on a large corpus: contested claims, stories and outlet tables, cold and cached.

Builds (or reuses, keyed by N) a database of ``--articles`` synthetic articles in
``--outlets`` outlets over 60 days: each story is 1 to 8 articles sharing their
key words (grouped by the real story grouper), each article carries 3 claim
mentions (two of its story's claims, one of its own) by one of 400 named
sources, a quarter of them denials, so many story claims are contested.
Claims are the articles' own (merged by id, no linker run).  Times, in the same
run, the median milliseconds of ``--repeat`` calls of:

- ``contested``: :func:`factdesk.store.contested.contested_claims`, first page,
  unfiltered, by outlet, and by a week of dates (each call builds every row);
- ``stories``: :func:`factdesk.store.story_queries.story_list`, first page;
- ``story``: :func:`factdesk.store.story_queries.story_detail` of the largest
  story, with ``since``; ``claim_outlets``: the most mentioned claim's table;
- ``cached``: the same first contested page through the app's
  :class:`~factdesk.serve.cache.ViewCache` (what a repeated page view costs)

and the ratio cold / cached.

    python bench/desk_scale.py --articles 20000 --out bench/results/desk-scale.json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from factdesk.analyze import CLAIM_LINKER
from factdesk.clean import verbatim_article
from factdesk.model import (Analysis, Claim, ClaimMention, PageOutcome, SourceStance, Span,
                            Stance, content_id)
from factdesk.serve.cache import ViewCache
from factdesk.store import Paging, Store
from factdesk.store.contested import DeskFilters, contested_claims
from factdesk.store.outlet_compare import claim_outlets
from factdesk.store.stories import regroup
from factdesk.store.story_queries import story_detail, story_list

ROOT = Path(__file__).resolve().parent.parent
FILLER = ("the said would council budget harbour school bridge court ruling vote strike "
          "river port tourism fishing storm roof tariff mayor").split()
START = datetime(2024, 3, 1, 8, tzinfo=UTC)


def _letters(n: int) -> str:
    """``n`` written in letters (word tokens drop digits): 0 -> "a", 27 -> "bb"."""
    out = ""
    while True:
        n, digit = divmod(n, 26)
        out = chr(97 + digit) + out
        if not n:
            return out


def _words(rng: random.Random, story: int) -> list[str]:
    own = [f"{w}{_letters(story)}" for w in ("quorvex", "daltrin", "mesobar", "pellwick", "zintaro",
                                   "harrowgate", "fennick", "ostrava", "brinmoor",
                                   "calloway", "tessaly", "varnholt", "wexmoor", "yarrow",
                                   "ulvenby", "sorrel", "keswin", "lindqvar")]
    # each key word three times, so a story's own words outrank the shared filler
    return own * 3 + [rng.choice(FILLER) for _ in range(rng.randint(20, 40))]


def _mention(aid: str, text: str, n: int, claim: str, rng: random.Random) -> ClaimMention:
    sentence = text.split("\n\n")[1]
    stance = Stance.DENIES if rng.random() < 0.25 else rng.choice(
        (Stance.ASSERTS, Stance.ASSERTS, Stance.BELIEVES, Stance.HEDGED))
    person = rng.randrange(400)
    return ClaimMention(id=content_id(aid, str(n)), span=Span(start=0, end=5, text=text[:5]),
                        stance=stance, origin="quote",
                        evidence=Span(start=text.index(sentence),
                                      end=text.index(sentence) + len(sentence), text=sentence),
                        source=f"Source {person}", source_id=f"person:source-{person}",
                        label=f"claim {claim}", analyzer="claims.bench")


def _article(n: int, story: int, day: int, outlet: int, rng: random.Random) -> PageOutcome:
    text = (f"Story {story} report {n}\n\n" + " ".join(_words(rng, story)).capitalize() + ".")
    url = f"https://outlet{outlet}.example/{n}"
    base = verbatim_article(text, source=url, url=url)
    article = type(base)(**{**{f: getattr(base, f) for f in base.__slots__},
                            "headline": base.paragraphs[0], "site_name": f"Outlet {outlet}",
                            "published": START + timedelta(days=day),
                            "page_id": content_id(url, text)})
    claims_of = [f"s{story}-{k}" for k in rng.sample(range(4), 2)] + [f"a{n}"]
    mentions = [_mention(article.id, text, k, c, rng) for k, c in enumerate(claims_of)]
    claims = tuple(Claim(id=c, key=c, label=f"claim {c}", mention_ids=(m.id,),
                         stances=(SourceStance(source=m.source, stance=m.stance,
                                               mention_ids=(m.id,), source_id=m.source_id),),
                         article_ids=(article.id,), analyzer="claims.bench")
                   for c, m in zip(claims_of, mentions, strict=True))
    analysis = Analysis(article_id=article.id, claim_mentions=tuple(mentions), claims=claims,
                        analyzers=("claims.bench",))
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                       content_type="text/plain", size=len(text), article=article,
                       analysis=analysis)


def build(path: Path, count: int, outlets: int) -> None:
    rng = random.Random(16)
    records, story, n = [], 0, 0
    with Store(path) as store:
        while n < count:
            size, day = rng.randint(1, 8), rng.randrange(60)
            for _ in range(min(size, count - n)):
                records.append(_article(n, story, day + rng.randrange(3),
                                        rng.randrange(outlets), rng))
                n += 1
            story += 1
            if len(records) >= 1000:
                store.write(records)
                records = []
        store.write(records)
        store.recluster()  # the articles' own claims, merged by id
        with store.transaction() as conn:
            regroup(conn, CLAIM_LINKER.stories)


def _timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def measure(path: Path, repeat: int) -> dict:
    with Store(path) as store:
        conn = store.conn
        (big_story,) = conn.execute("SELECT story FROM story_articles GROUP BY story "
                                    "ORDER BY count(*) DESC, story LIMIT 1").fetchone()
        (busy_claim,) = conn.execute("SELECT claim_id FROM claim_members GROUP BY claim_id "
                                     "ORDER BY count(*) DESC, claim_id LIMIT 1").fetchone()
        counts = {"articles": conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                  "claims": conn.execute("SELECT count(*) FROM claims").fetchone()[0],
                  "stories": conn.execute("SELECT count(DISTINCT story) FROM story_articles"
                                          ).fetchone()[0],
                  "largest_story_articles": len(store.story_articles(big_story)),
                  "contested": contested_claims(store).total}
        page = Paging(limit=20)
        cache = ViewCache()
        cold = {
            "contested": _timed(lambda: contested_claims(store, paging=page), repeat),
            "contested_outlet": _timed(lambda: contested_claims(
                store, filters=DeskFilters(outlet="Outlet 3"), paging=page), repeat),
            "contested_week": _timed(lambda: contested_claims(
                store, filters=DeskFilters(date_from="2024-03-10", date_to="2024-03-16"),
                paging=page), repeat),
            "stories": _timed(lambda: story_list(store, paging=page), repeat),
            "story_since": _timed(lambda: story_detail(store, big_story, "2024-03-20"), repeat),
            "claim_outlets": _timed(lambda: claim_outlets(store, busy_claim), repeat),
        }
        def cached_page():
            return cache.get(store, ("contested", page),
                             lambda: contested_claims(store, paging=page))

        cached_page()  # built once; the timed calls are the repeated page views
        cached = _timed(cached_page, repeat)
    return {"counts": counts, "median_ms": {**cold, "contested_cached": cached},
            "ratio_contested_cold_over_cached": round(cold["contested"] / max(cached, 1e-3), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--outlets", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, help="reuse this database (built if missing)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" /
                        "desk-scale.json")
    args = parser.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / f"factdesk-desk-{args.articles}.db"
    started = time.perf_counter()
    if not path.exists():
        build(path, args.articles, args.outlets)
    built = round(time.perf_counter() - started, 1)
    result = {"bench": "desk_scale", "articles": args.articles, "outlets": args.outlets,
              "repeat": args.repeat, "build_s": built, **measure(path, args.repeat)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
