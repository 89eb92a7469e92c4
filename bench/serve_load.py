"""Loopback load test of the web app: search and article pages under concurrent clients.

Builds a database from ``examples/`` (plus the seed page from ../shared when it
is there) with the pipeline, starts the real server (``factdesk.serve.serve``,
uvicorn) in a subprocess on 127.0.0.1, then runs ``--clients`` concurrent
clients that request a fixed mix of pages (search pages with and without
filters, article pages, the JSON search and article API) until ``--requests``
requests are done or ``--seconds`` have passed.  Reports errors (any non-200
answer or failed request) and latency percentiles per kind of page, and
writes them to ``--out``.

    python bench/serve_load.py --out bench/results/serve-load.json
    python bench/serve_load.py --db factdesk.db --clients 50 --requests 2000 --seconds 30

Keep it short on shared machines: client and server share the CPU cores, so
the numbers are an upper bound on latency for this hardware, not a capacity.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "independent-2017-04-25-russia-taliban.txt"


def build_db(path: Path) -> list[str]:
    from factdesk.analyze import CLAIM_LINKER
    from factdesk.ingest.files import read_path
    from factdesk.pipeline import process
    from factdesk.settings import Settings
    from factdesk.store import Store

    sources = sorted((ROOT / "examples").iterdir()) + ([SEED] if SEED.exists() else [])
    records = process([read_path(p) for p in sources], Settings())
    with Store(path) as store:
        store.write(records)
        store.recluster(CLAIM_LINKER)
    return [str(p) for p in sources]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def _summary(values: list[float]) -> dict:
    return {"count": len(values), "p50_ms": round(_percentile(values, 50) * 1000, 2),
            "p90_ms": round(_percentile(values, 90) * 1000, 2),
            "p99_ms": round(_percentile(values, 99) * 1000, 2),
            "max_ms": round(max(values) * 1000, 2),
            "mean_ms": round(statistics.fmean(values) * 1000, 2)}


async def _load(base: str, urls: list[tuple[str, str]], clients: int, limit: int,
                seconds: float) -> tuple[dict[str, list[float]], list[str], float]:
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    plan = itertools.cycle(urls)
    issued = 0
    deadline = time.perf_counter() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < limit and time.perf_counter() < deadline:
            issued += 1
            kind, url = next(plan)
            start = time.perf_counter()
            try:
                response = await http.get(url)
                ok = response.status_code == 200
                if not ok:
                    errors.append(f"{response.status_code} {url}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {url}")
                ok = False
            if ok:
                latencies.setdefault(kind, []).append(time.perf_counter() - start)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed



WORDS = ["ferry", "Russia Taliban", "council", "water", "said", "weapons", "market"]


def start_server(db: Path, tries: int = 300) -> tuple[subprocess.Popen, str]:
    """``factdesk serve`` over ``db`` on a free loopback port, once it answers."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from factdesk.settings import Settings; "
         "from factdesk.serve import serve; serve(Settings(), sys.argv[1], '127.0.0.1', "
         "int(sys.argv[2]))", str(db), str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    for _ in range(tries):
        try:
            httpx.get(f"{base}/api/outlets", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, base


def reader_urls(base: str) -> list[tuple[str, str]]:
    """The readers' mix both load benchmarks start from: a search page per word
    and every article page (callers add their own)."""
    articles = [a["id"] for a in httpx.get(f"{base}/api/articles?limit=100").json()["items"]]
    return ([("search_page", f"/?q={w}") for w in WORDS]
            + [("article_page", f"/articles/{a}") for a in articles])


def machine(load_before: tuple[float, float, float]) -> dict:
    """What the load numbers were measured on, with the load average around them."""
    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()]}

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an existing factdesk database (default: build one)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "serve-load.json"))
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="factdesk-load-"))
    sources = None
    db = Path(args.db) if args.db else folder / "load.db"
    if not args.db:
        sources = build_db(db)
    server, base = start_server(db)
    try:
        urls = reader_urls(base)
        articles = [url.rsplit("/", 1)[1] for kind, url in urls if kind == "article_page"]
        urls += [("search_page", "/?q=ferry&kind=quotes&stance=denies"),
                 ("search_page", "/?q=said&date_from=2017-01-01&date_to=2024-12-31")]
        urls += [("api_search", f"/api/search?q={w}&kind=claims") for w in WORDS[:3]]
        urls += [("api_article", f"/api/articles/{a}") for a in articles[:3]]
        load_before = os.getloadavg()
        latencies, errors, elapsed = asyncio.run(
            _load(base, urls, args.clients, args.requests, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=10)
    done = sum(len(v) for v in latencies.values()) + len(errors)
    result = {
        "clients": args.clients, "requests": done, "errors": len(errors),
        "error_samples": errors[:10], "seconds": round(elapsed, 2),
        "requests_per_second": round(done / elapsed, 1),
        "overall": _summary([x for v in latencies.values() for x in v]),
        "by_kind": {k: _summary(v) for k, v in sorted(latencies.items())},
        "articles": len(articles), "sources": sources or args.db,
        "machine": machine(load_before),
        "note": "client and server share this machine's cores over loopback; article views "
                "are cached by the app after their first request (until the database "
                "changes), search pages are not cached",
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("requests", "errors", "seconds",
                                             "requests_per_second", "overall")}, indent=2))
    print(json.dumps(result["by_kind"], indent=2))
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
