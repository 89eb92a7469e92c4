"""datasette as the peer of ``bench/serve_load.py``: the same database file, served
immutable, with canned queries equivalent to factdesk's search and article views.

- ``search``: the articles whose full text matches ``:q`` (an FTS5 query, built
  by ``factdesk.store.search.fts_query`` as factdesk builds its own), ranked by
  bm25, the top ``LIMIT`` (20, factdesk's API page) with a snippet of 24 tokens
  (factdesk's article snippet) and the score;
- ``article``: one article by ``:id`` with its quotes (one row; the quotes as a
  JSON array).

Both are served as HTML (``/<db>/search?q=...``) and JSON
(``/<db>/search.json?q=...&_shape=array``), so a factdesk HTML page is matched with
a datasette HTML page and an API call with a JSON call.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

LIMIT = 20

SEARCH_SQL = f"""
select a.id, a.headline, a.site_name, a.published,
       snippet(articles_fts, 1, '<b>', '</b>', '…', 24) as snippet,
       bm25(articles_fts) as score
from articles_fts join articles a on a.seq = articles_fts.rowid
where articles_fts match :q and a.current = 1
order by bm25(articles_fts), a.id
limit {LIMIT}
"""

ARTICLE_SQL = """
select a.id, a.headline, a.site_name, a.url, a.published, a.text,
       (select json_group_array(json_object('id', q.id, 'kind', q.kind, 'text', q.text,
                                            'speaker', q.speaker, 'start', q.start))
        from quotes q where q.article_id = a.id) as quotes
from articles a where a.id = :id
"""


def metadata(db: Path) -> dict:
    """datasette's metadata with the two canned queries on ``db``."""
    return {"databases": {db.stem: {"queries": {
        "search": {"sql": SEARCH_SQL.strip(), "title": "Search articles"},
        "article": {"sql": ARTICLE_SQL.strip(), "title": "One article and its quotes"},
    }}}}


def urls(db: Path, kind: str, *, word: str = "", article: str = "") -> str:
    """The datasette URL matching a factdesk request of ``kind``."""
    from factdesk.store.search import fts_query

    name = db.stem
    if kind in ("search_page", "api_search"):
        query, params = "search", {"q": fts_query(word)}
    elif kind in ("article_page", "api_article"):
        query, params = "article", {"id": article}
    else:
        raise ValueError(f"no datasette request matches {kind!r}")
    if kind.startswith("api_"):
        return f"/{name}/{query}.json?{urlencode({**params, '_shape': 'array'})}"
    return f"/{name}/{query}?{urlencode(params)}"


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("datasette")
    except PackageNotFoundError:
        raise SystemExit("datasette is not installed: pip install -e '.[bench]' "
                         "-c constraints.txt (it is the peer this benchmark compares with)")


def start(db: Path, port: int, folder: Path, tries: int = 300) -> subprocess.Popen:
    """``datasette serve -i db`` on 127.0.0.1:``port``, once it answers (its log
    goes to ``folder``)."""
    version()
    meta = folder / "datasette-metadata.json"
    meta.write_text(json.dumps(metadata(db), indent=2), encoding="utf-8")
    log = folder / "datasette.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--host", "127.0.0.1",
             "--port", str(port), "--metadata", str(meta),
             "--setting", "sql_time_limit_ms", "30000"],
            stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True)
    wait_for(server, f"http://127.0.0.1:{port}/-/versions.json", log, tries)
    return server


def wait_for(server: subprocess.Popen, url: str, log: Path, tries: int) -> None:
    """Return once ``url`` answers; a server that exits or never answers is an error
    (with the end of its ``log``)."""
    for _ in range(tries):
        if server.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise SystemExit(f"the server exited ({server.returncode}) before answering "
                             f"{url}:\n{tail}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit(f"no answer from {url} after {tries / 10:.0f} s")
