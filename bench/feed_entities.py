"""How long reading a feed takes when its DOCTYPE declares an entity it uses many times.

Issue 17: feedparser expanded a feed's own entities, and parsing what a small
entity of markup expanded to took seconds (20 s in the issue's case).
factdesk cuts the DOCTYPE's internal subset out before parsing, so the time
should stay near that of the same feed without entities.

    python bench/feed_entities.py            # factdesk's feed_refs
    python bench/feed_entities.py --raw      # feedparser on the bytes as they are
"""

from __future__ import annotations

import argparse
import time

import feedparser

from factdesk.ingest import feed_refs


def entity_feed(repeats: int, uses: int) -> bytes:
    value = "<b>x</b>" * repeats
    return (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "{value}">]>'
            f'<rss version="2.0"><channel><title>Gazette</title><item><title>{"&e;" * uses}'
            f"</title><description>{'&e;' * uses}</description>"
            "<link>https://news.example/one</link></item></channel></rss>").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", action="store_true", help="time feedparser on the raw bytes")
    args = parser.parse_args()
    for repeats, uses in ((100, 150), (1000, 150), (2000, 150)):
        data = entity_feed(repeats, uses)
        start = time.perf_counter()
        if args.raw:
            feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
        else:
            list(feed_refs(data, "https://news.example/feed.xml"))
        took = time.perf_counter() - start
        print(f"entity of {repeats} <b> elements used {uses}x2 ({len(data):,} bytes): "
              f"{took:.3f} s")


if __name__ == "__main__":
    main()
