"""Loopback load test of the web app against datasette on the same file, in one run.

The database is ``--db``, or a corpus of ``--articles N`` analysed articles
(``bench/serve_corpus.py``: built once by replicating stored articles with varied
wording, then reused from ``bench/.cache/``), or else one built from
``examples/`` (plus the seed page from ../shared when it is there).  The real
server is started in a subprocess on 127.0.0.1 (``factdesk serve --workers K``
with ``--workers``, else ``factdesk.serve.serve`` in one process) and
``--clients`` concurrent clients request a fixed mix (``MIX``: search pages,
article pages, the JSON search and article API) until ``--requests`` requests
are done or ``--seconds`` have passed.  Then the server is stopped and the same
clients send the same mix to datasette serving the same file immutable, with
equivalent canned queries (``bench/serve_peer.py``).  Each server gets one
untimed pass over the distinct URLs first (the file in the page cache for both).

Reports errors (any non-200 answer or failed request) and latency percentiles per
kind of page for both, factdesk's requests/s over datasette's
(``ratio_vs_datasette``), and writes them to ``--out``.

    python bench/serve_load.py --out bench/results/serve-load.json
    python bench/serve_load.py --articles 2000 --clients 20 --out bench/results/serve-load-2000.json
    python bench/serve_load.py --articles 20000 --clients 50 --workers 2

Keep it short on shared machines: client and server share the CPU cores, so
the numbers are an upper bound on latency for this hardware, not a capacity;
the ratio, measured side by side, is the number to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_peer  # noqa: E402

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


def require_workers_flag() -> None:
    """Stop with a clear message when this factdesk's ``serve`` has no ``--workers``."""
    helped = subprocess.run([sys.executable, "-m", "factdesk", "serve", "--help"],
                            capture_output=True, text=True, check=False)
    if "--workers" not in helped.stdout:
        raise SystemExit("--workers: `factdesk serve --help` has no --workers option in this "
                         "factdesk; run without --workers (one process) or on a factdesk "
                         "whose server takes several worker processes")


def start_server(db: Path, tries: int = 300, *,
                 workers: int | None = None) -> tuple[subprocess.Popen, str]:
    """``factdesk serve`` over ``db`` on a free loopback port, once it answers:
    ``factdesk serve --workers K`` with ``workers``, else ``serve()`` in one process."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    if workers is None:
        command = [sys.executable, "-c", "import sys; from factdesk.settings import Settings; "
                   "from factdesk.serve import serve; serve(Settings(), sys.argv[1], "
                   "'127.0.0.1', int(sys.argv[2]))", str(db), str(port)]
    else:
        require_workers_flag()
        command = [sys.executable, "-m", "factdesk", "serve", "--db", str(db),
                   "--port", str(port), "--workers", str(workers)]
    log = Path(tempfile.mkdtemp(prefix="factdesk-serve-log-")) / "serve.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink,
                                  env={**os.environ}, start_new_session=True)
    serve_peer.wait_for(server, f"{base}/api/outlets", log, tries)
    return server, base


def reader_urls(base: str) -> list[tuple[str, str]]:
    """The readers' mix both load benchmarks start from: a search page per word
    and every article page (callers add their own)."""
    articles = [a["id"] for a in httpx.get(f"{base}/api/articles?limit=100").json()["items"]]
    return ([("search_page", f"/?q={w}") for w in WORDS]
            + [("article_page", f"/articles/{a}") for a in articles])


def code() -> dict:
    """Which factdesk the server ran (the package's folder and its git commit)."""
    import factdesk

    folder = Path(factdesk.__file__).resolve().parent
    found = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"],
                           capture_output=True, text=True, check=False)
    return {"package": str(folder), "commit": found.stdout.strip() or None}


def machine(load_before: tuple[float, float, float]) -> dict:
    """What the load numbers were measured on, with the load average around them."""
    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()]}

#: Shares of the requests by kind (each kind cycles through its words or articles).
MIX = {"search_page": 30, "article_page": 50, "api_search": 10, "api_article": 10}


def sample_articles(db: Path, count: int, seed: int = 15) -> tuple[list[str], int]:
    """``count`` current article ids of ``db`` picked at random (seeded), and how
    many current articles it holds."""
    from factdesk.store import Paging, Store, search

    with Store(db, readonly=True) as store:
        listed = search(store, "articles", paging=Paging(limit=10**9))
    ids = sorted(hit.id for hit in listed.items)
    return random.Random(seed).sample(ids, min(count, len(ids))), len(ids)


def request_plan(db: Path, articles: list[str]) -> list[tuple[str, str, str]]:
    """The mix as ``(kind, factdesk URL, datasette URL)``, one cycle of 100 requests."""
    if not articles:
        raise SystemExit(f"{db}: no articles to request")
    words, ids = itertools.cycle(WORDS), itertools.cycle(articles)
    plan = []
    for kind in itertools.chain.from_iterable(itertools.repeat(k, n) for k, n in MIX.items()):
        if "search" in kind:
            word = next(words)
            ours = (f"/?{urlencode({'q': word})}" if kind == "search_page"
                    else f"/api/search?{urlencode({'q': word, 'kind': 'articles'})}")
            plan.append((kind, ours, serve_peer.urls(db, kind, word=word)))
        else:
            article = next(ids)
            ours = (f"/articles/{article}" if kind == "article_page"
                    else f"/api/articles/{article}")
            plan.append((kind, ours, serve_peer.urls(db, kind, article=article)))
    random.Random(15).shuffle(plan)
    return plan


def measure(base: str, urls: list[tuple[str, str]], args: argparse.Namespace) -> dict:
    """One untimed pass over the distinct URLs, then the timed load: its latencies
    by kind, errors, seconds and the load average it started under."""
    distinct = sorted(set(urls))
    load_before = round(os.getloadavg()[0], 2)
    asyncio.run(_load(base, distinct, args.clients, len(distinct), args.seconds))
    latencies, errors, elapsed = asyncio.run(
        _load(base, urls, args.clients, args.requests, args.seconds))
    return {"latencies": latencies, "errors": errors, "seconds": elapsed,
            "load_average_before": load_before}


def pooled(runs: list[dict]) -> dict:
    """The summary of one server's rounds, their requests and latencies pooled."""
    latencies: dict[str, list[float]] = {}
    for run in runs:
        for kind, values in run["latencies"].items():
            latencies.setdefault(kind, []).extend(values)
    errors = [e for run in runs for e in run["errors"]]
    elapsed = sum(run["seconds"] for run in runs)
    done = sum(len(v) for v in latencies.values()) + len(errors)
    everything = [x for v in latencies.values() for x in v]
    return {"requests": done, "errors": len(errors), "error_samples": errors[:10],
            "seconds": round(elapsed, 2), "requests_per_second": round(done / elapsed, 1),
            "overall": _summary(everything) if everything else {},
            "by_kind": {k: _summary(v) for k, v in sorted(latencies.items())},
            "by_round": [{"requests_per_second": round(
                (sum(map(len, r["latencies"].values())) + len(r["errors"])) / r["seconds"], 1),
                "load_average_before": r["load_average_before"]} for r in runs]}


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (its worker processes too), then
    SIGKILL when it is still busy after 30 s (uvicorn finishes the requests it
    holds first, which a server far behind may not do in time)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=30)
            return
        except subprocess.TimeoutExpired:
            continue


def run_factdesk(db: Path, urls: list[tuple[str, str]], args: argparse.Namespace) -> dict:
    server, base = start_server(db, workers=args.workers)
    try:
        return measure(base, urls, args)
    finally:
        stop(server)


def run_datasette(db: Path, urls: list[tuple[str, str]], args: argparse.Namespace) -> dict:
    port = _free_port()
    server = serve_peer.start(db, port, Path(tempfile.mkdtemp(prefix="factdesk-peer-")))
    try:
        return measure(f"http://127.0.0.1:{port}", urls, args)
    finally:
        stop(server)


def checks(ours: dict, peer: dict) -> dict:
    """The issue's targets for this benchmark, read off the run."""
    kinds = ours["by_kind"]
    search_p99 = kinds.get("search_page", {}).get("p99_ms")
    article_p99 = kinds.get("article_page", {}).get("p99_ms")
    ratio = (ours["requests_per_second"] / peer["requests_per_second"]
             if peer["requests_per_second"] else None)
    return {"no_errors": ours["errors"] == 0,
            "search_p99_over_article_p99": (round(search_p99 / article_p99, 2)
                                            if search_p99 and article_p99 else None),
            "search_p99_at_most_4x_article_p99": bool(
                search_p99 and article_p99 and search_p99 <= 4 * article_p99),
            "throughput_at_least_half_of_datasette": bool(ratio and ratio >= 0.5)}


def _database(args: argparse.Namespace) -> tuple[Path, object]:
    """The database to serve and what it was made from."""
    if args.db:
        return Path(args.db), args.db
    if args.articles:
        import serve_corpus

        path = serve_corpus.corpus(args.articles)
        made = path.with_suffix(".json")
        return path, json.loads(made.read_text()) if made.exists() else str(path)
    db = Path(tempfile.mkdtemp(prefix="factdesk-load-")) / "load.db"
    return db, build_db(db)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an existing factdesk database (default: build one)")
    parser.add_argument("--articles", type=_positive,
                        help="serve a corpus of this many replicated articles (built once, "
                             "cached in bench/.cache/)")
    parser.add_argument("--workers", type=_positive, help="factdesk serve --workers K")
    parser.add_argument("--clients", type=_positive, default=50)
    parser.add_argument("--requests", type=_positive, default=2000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=_positive, default=1,
                        help="run factdesk then datasette this many times, pooling each")
    parser.add_argument("--sample", type=_positive, default=200,
                        help="articles whose pages the clients request")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "serve-load.json"))
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    if args.workers is not None:
        require_workers_flag()
    serve_peer.version()

    db, sources = _database(args)
    articles, corpus_size = sample_articles(db, args.sample)
    plan = request_plan(db, articles)
    load_before = os.getloadavg()
    ours_runs, peer_runs = [], []
    for _ in range(args.rounds):  # alternating, so a change in the machine's load hits both
        ours_runs.append(run_factdesk(db, [(k, u) for k, u, _ in plan], args))
        peer_runs.append(run_datasette(db, [(k, u) for k, _, u in plan], args))
    ours, peer = pooled(ours_runs), pooled(peer_runs)
    result = {**report(args, ours, peer),
              "articles": corpus_size, "article_pages_sampled": len(articles), "mix": MIX,
              "sources": sources, "database": str(db), "factdesk_code": code(),
              "machine": machine(load_before)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("requests", "errors", "seconds",
                                             "requests_per_second", "ratio_vs_datasette",
                                             "checks")}, indent=2))
    print(json.dumps({"factdesk": result["by_kind"], "datasette": peer["by_kind"]}, indent=2))
    if ours["errors"] or peer["errors"]:
        sys.exit(1)


def report(args: argparse.Namespace, ours: dict, peer: dict) -> dict:
    """factdesk's pooled numbers (today's keys), datasette's beside them, the ratio."""
    return {
        "clients": args.clients, **{k: v for k, v in ours.items()},
        "workers": args.workers, "rounds": args.rounds,
        "ratio_by_round": [round(a["requests_per_second"] / b["requests_per_second"], 3)
                           for a, b in zip(ours["by_round"], peer["by_round"])],
        "datasette": peer["overall"],
        "ratio_vs_datasette": (round(ours["requests_per_second"] / peer["requests_per_second"],
                                     3) if peer["requests_per_second"] else None),
        "datasette_run": {**peer, "version": serve_peer.version(),
                          "queries": {"search": serve_peer.SEARCH_SQL.strip(),
                                      "article": serve_peer.ARTICLE_SQL.strip()}},
        "checks": checks(ours, peer),
        "note": "client and server share this machine's cores over loopback; each round runs "
                "factdesk, then datasette (immutable, one process, its default 3 SQL threads), "
                "each after one untimed pass over the distinct URLs; factdesk caches article "
                "views until the database changes, datasette caches nothing; factdesk's search "
                "page searches articles, quotes, claims and entities (10 each, with totals), "
                "datasette's canned search page articles only (top 20)",
    }


if __name__ == "__main__":
    main()
