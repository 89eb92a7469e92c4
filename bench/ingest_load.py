"""Reader latency while a big web ingest runs, against the same readers without one.

Builds the ``serve_load.py`` database (``examples/`` plus the seed page), adds a
user with an API token, starts the real server (uvicorn) in a subprocess, then:

1. *quiet*: ``--clients`` readers request the ``serve_load.py`` page mix for
   ``--seconds``;
2. *ingesting*: one ``POST /api/ingest`` of a ``--paste-kb`` KB text (one
   paragraph by default: the case that kept the request busy for minutes) is
   sent, and the same readers run for ``--seconds`` again while it is analysed.

Reports reader p50/p99 per phase and their ratio (ingesting / quiet), how long
the ingest took, whether it was still running when the readers stopped (the
phases overlapped) and the server process's peak RSS (its worker processes are
counted apart), and writes them to ``--out``.  Against a server without ingest
jobs (the POST answers only when the analysis is done) the POST is simply left
running in the background.

    python bench/ingest_load.py --out bench/results/ingest-load.json
    python bench/ingest_load.py --clients 20 --seconds 30 --paste-kb 300 --paragraphs

Client and server share the machine's cores: numbers are for this hardware.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import (ROOT, SEED, WORDS, _load, _summary, build_db,  # noqa: E402
                        machine, reader_urls, start_server)


def _add_token(db: Path) -> str:
    from factdesk.store import Store

    with Store(db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token) "
                     "VALUES ('bench', 'bench@example.org', 'x', '2026-01-01', 'bench-feed')")
        try:
            from factdesk.store.people.tokens import issue_token
        except ImportError:  # a factdesk without tokens: ingest is open to anyone there
            return ""
        return issue_token(conn, "bench")[0]


def _paste(kb: int, paragraphs: bool) -> str:
    seed = SEED.read_text(encoding="utf-8") if SEED.exists() else (
        "The council said on Tuesday that the ferry would run again by June. ") * 40
    text = seed
    while len(text.encode("utf-8")) < kb * 1000:
        text += "\n\n" + seed
    text = text.encode("utf-8")[:kb * 1000].decode("utf-8", "ignore")
    return text if paragraphs else " ".join(text.split())


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for task in Path(f"/proc/{pid}/task").iterdir()
                for p in (task / "children").read_text().split()]
    except OSError:
        return []


async def _ingest(base: str, token: str, text: str) -> dict:
    """POST the paste and wait for its job (or for the POST itself, on a server
    without jobs); returns timings."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=3600) as http:
        answer = await http.post("/api/ingest", json={"text": text}, headers=headers)
        answered = time.perf_counter() - started
        body = answer.json()
        if answer.status_code != 202:
            return {"status_code": answer.status_code, "request_s": round(answered, 2),
                    "done_s": round(answered, 2), "article_id": body.get("article_id"),
                    "jobs": False}
        while True:
            job = (await http.get(body["poll_url"])).json()
            if job["status"] in ("done", "failed"):
                break
            await asyncio.sleep(0.25)
    return {"status_code": answer.status_code, "request_s": round(answered, 3),
            "done_s": round(time.perf_counter() - started, 2), "job_status": job["status"],
            "article_id": job["article_id"], "message": job["message"], "jobs": True}


async def _phases(base: str, urls, token: str, text: str, args) -> dict:
    quiet, quiet_errors, _ = await _load(base, urls, args.clients, 10**9, args.seconds)
    ingest = asyncio.create_task(_ingest(base, token, text))
    await asyncio.sleep(0.5)  # the POST is in (and, with jobs, answered)
    busy, busy_errors, _ = await _load(base, urls, args.clients, 10**9, args.seconds)
    overlapped = not ingest.done()
    timings = await ingest
    return {"quiet": quiet, "busy": busy, "errors": quiet_errors + busy_errors,
            "ingest": {**timings, "still_running_when_readers_stopped": overlapped}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--paste-kb", type=int, default=300)
    parser.add_argument("--paragraphs", action="store_true",
                        help="paste the seed text in paragraphs (default: one paragraph)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "ingest-load.json"))
    args = parser.parse_args()

    db = Path(tempfile.mkdtemp(prefix="factdesk-ingest-load-")) / "load.db"
    build_db(db)
    token = _add_token(db)
    server, base = start_server(db)
    try:
        urls = reader_urls(base)
        articles = [url.rsplit("/", 1)[1] for kind, url in urls if kind == "article_page"]
        urls += [("api_search", f"/api/search?q={w}&kind=claims") for w in WORDS[:3]]
        urls += [("api_article", f"/api/articles/{a}") for a in articles[:3]]
        rss_before = _peak_rss_mb(server.pid)
        load_before = os.getloadavg()
        measured = asyncio.run(_phases(base, urls, token, _paste(args.paste_kb,
                                                                   args.paragraphs), args))
        rss_after = _peak_rss_mb(server.pid)
        workers = {pid: _peak_rss_mb(pid) for pid in _children(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=60)
    quiet = _summary([x for v in measured["quiet"].values() for x in v])
    busy = _summary([x for v in measured["busy"].values() for x in v])
    result = {
        "clients": args.clients, "seconds_per_phase": args.seconds,
        "paste_kb": args.paste_kb, "paste": "paragraphs" if args.paragraphs else "one paragraph",
        "quiet": quiet, "ingesting": busy,
        "ratio": {"p50": round(busy["p50_ms"] / quiet["p50_ms"], 2),
                  "p99": round(busy["p99_ms"] / quiet["p99_ms"], 2),
                  "requests": round(busy["count"] / quiet["count"], 2)},
        "ingest": measured["ingest"], "errors": len(measured["errors"]),
        "error_samples": measured["errors"][:10],
        "server_peak_rss_mb": {"before_phases": rss_before, "at_end": rss_after},
        "worker_peak_rss_mb": workers,
        "machine": machine(load_before),
        "note": "client, server and ingest worker share this machine's cores over loopback; "
                "article views are cached by the app after their first request (until the "
                "database changes)",
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("quiet", "ingesting", "ratio", "ingest",
                                             "errors", "server_peak_rss_mb")}, indent=2))


if __name__ == "__main__":
    main()
