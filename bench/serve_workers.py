"""``factdesk serve --workers N`` against ``--workers 1`` on one database, in the same run.

Starts the real server (``python -m factdesk serve --workers N``) for each
worker count in turn, ``--rounds`` times alternating so that the machine's load
falls on both alike, and runs the readers' mix of ``bench/serve_load.py``
(search and article pages, the JSON search and article API) with
``--clients`` concurrent clients for ``--seconds`` each time.  Writes each
round's requests/s and p50/p99 per kind, and the median ratio of requests/s
of each worker count over one worker, to ``--out``.

    python bench/serve_workers.py --db load.db --workers 1 2 --rounds 2

Without ``--db`` it builds the small default corpus of ``serve_load.py``.
Client and server share the machine's cores: on a busy two-core machine the
ratio says little about a server with cores to spare.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import WORDS, _free_port, _load, _summary, build_db, machine, reader_urls  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _start(db: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "factdesk", "serve", "--db", str(db), "--port", str(port),
         "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/outlets", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server with {workers} workers did not start")


def _round(db: Path, workers: int, args) -> dict:
    server, base = _start(db, workers)
    try:
        urls = reader_urls(base)
        urls += [("api_search", f"/api/search?q={w}&kind=claims") for w in WORDS[:3]]
        latencies, errors, elapsed = asyncio.run(
            _load(base, urls, args.clients, args.requests, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    done = sum(len(v) for v in latencies.values()) + len(errors)
    return {"workers": workers, "requests": done, "errors": len(errors),
            "requests_per_second": round(done / elapsed, 1),
            "overall": _summary([x for v in latencies.values() for x in v]),
            "by_kind": {k: _summary(v) for k, v in sorted(latencies.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an existing factdesk database (default: build one)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "serve-workers.json"))
    args = parser.parse_args()
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="factdesk-workers-")) / "w.db"
    if not args.db:
        build_db(db)
    load_before = os.getloadavg()
    rounds = [_round(db, n, args) for _ in range(args.rounds) for n in args.workers]
    rate = {n: statistics.median(r["requests_per_second"] for r in rounds if r["workers"] == n)
            for n in args.workers}
    result = {"clients": args.clients, "seconds_per_round": args.seconds, "rounds": rounds,
              "median_requests_per_second": rate,
              "ratio_vs_one_worker": {n: round(rate[n] / rate[args.workers[0]], 2)
                                      for n in args.workers},
              "errors": sum(r["errors"] for r in rounds), "machine": machine(load_before)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("median_requests_per_second",
                                             "ratio_vs_one_worker", "errors")}, indent=2))
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
