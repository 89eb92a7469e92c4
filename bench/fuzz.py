"""Fuzz the clean and analyze stages with mutated pages, each under a time and memory limit.

Inputs are the DEV pages (``../shared/data/extraction`` HTML and text dumps,
``../shared/data/polnear/dev/text``) and ``examples/``, each put through one to
three seeded mutations (:data:`MUTATIONS`: truncation, random bytes, other
encodings, huge runs of one character, deep nesting, broken markup, mixed
scripts, RTL marks, zero-width characters, control characters, long lines).
Input ``i`` of seed ``S`` is always the same page, so ``--only i`` replays it.

Every input is cleaned, and analysed when it gives an article no longer than
``max_article_chars`` (as the batch and web paths do), in a worker
process with an address-space limit (``--memory-mb``); a worker that does not
answer within ``--timeout`` seconds is killed and counted as a hang.  An
outcome is ``article``, ``rejected`` (a :class:`~factdesk.model.Rejection`,
counted by its reason slug), ``error`` (a :class:`~factdesk.errors.FactdeskError`,
counted by class: a handled refusal), ``memory`` (over the limit), ``hang``
or ``crash`` (any other exception, or a dead worker; its input is written
next to the report for a reproduction).

    python bench/fuzz.py --inputs 2000 --seed 1
    python bench/fuzz.py --inputs 0 --ratio # the issue-17 hostile texts
    python bench/fuzz.py --only 17 --seed 1 # replay one input

``--ratio`` cleans and analyses each hostile dump of ``bench/hostile_text.py``
(950,000 characters: about 1 MB, and an ordinary dump that size still gives an
article under ``max_article_chars``) and an ordinary dump of the same size, and
fails (exit 1) when a hostile one takes 2x the ordinary one's CPU time or more.
The report goes to ``bench/results/fuzz.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import random
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_mutations import MUTATIONS, mutate  # noqa: E402
from hostile_text import KINDS, hostile_text, ordinary_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OUT = ROOT / "bench" / "results" / "fuzz.json"
#: The largest ratio of a hostile text's time to an ordinary text's of the same size.
MAX_RATIO = 2.0


def seed_pages() -> list[tuple[str, bytes]]:
    """(name, bytes) of every seed page, in a stable order."""
    found: list[tuple[str, bytes]] = []
    for path in sorted((ROOT / "examples").iterdir()):
        found.append((path.name, path.read_bytes()))
    extraction = SHARED / "data" / "extraction"
    for path in sorted((extraction / "html").glob("*.html.gz")):
        found.append((path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())))
    for path in sorted((extraction / "text").glob("*.txt")):
        found.append((path.name, path.read_bytes()))
    for path in sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt")):
        found.append((path.name, path.read_bytes()))
    return found


def make_input(pages: list[tuple[str, bytes]], seed: int, i: int) -> tuple[str, bytes, list[str]]:
    """Input ``i``: a seed page and the names of the mutations applied to it."""
    rnd = random.Random(f"{seed}:{i}")
    name, data = pages[rnd.randrange(len(pages))]
    steps = [rnd.choice(sorted(MUTATIONS)) for _ in range(rnd.randint(1, 3))]
    for step in steps:
        data = mutate(step, data, rnd)
    return name, data, steps


# --- the worker ------------------------------------------------------------------------------

def _limit_memory(megabytes: int) -> None:
    import resource

    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _run_one(name: str, data: bytes, settings) -> dict:
    from factdesk import Article, Page, Rejection, clean_page
    from factdesk.analyze import analyze

    result = clean_page(Page(source=name, data=data), settings)
    if isinstance(result, Rejection):
        if not result.reason or not result.message:
            return {"outcome": "crash", "detail": f"rejection without a reason: {result!r}"}
        return {"outcome": "rejected", "reason": str(result.reason)}
    assert isinstance(result, Article)
    if len(result.text) > settings.max_article_chars:  # the batch and web paths' rule
        return {"outcome": "rejected", "reason": "too_large"}
    analysis = analyze(result, settings)
    return {"outcome": "article", "chars": len(result.text), "quotes": len(analysis.quotes)}


def _worker(conn, megabytes: int) -> None:
    import resource

    from factdesk.analyze import load_pipeline
    from factdesk.errors import FactdeskError
    from factdesk.settings import Settings

    settings = Settings()
    load_pipeline(settings.spacy_model)
    _limit_memory(megabytes)
    conn.send({"ready": True})
    while True:
        job = conn.recv()
        if job is None:
            return
        name, data = job
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        try:
            answer = _run_one(name, data, settings)
        except MemoryError:
            answer = {"outcome": "memory"}
        except FactdeskError as exc:
            answer = {"outcome": "error", "reason": type(exc).__name__, "detail": str(exc)[:200]}
        except Exception:  # noqa: BLE001 - the fuzzer's whole point: report, keep going
            answer = {"outcome": "crash", "detail": traceback.format_exc(limit=6)[-2000:]}
        after = resource.getrusage(resource.RUSAGE_SELF)
        answer["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        answer["wall_s"] = time.perf_counter() - start
        answer["peak_rss_mb"] = after.ru_maxrss / 1024
        conn.send(answer)


class Worker:
    """One worker process: it loads spaCy once and runs inputs until it is killed."""

    def __init__(self, megabytes: int, boot_timeout: float = 300.0) -> None:
        self.megabytes = megabytes
        self.boot_timeout = boot_timeout
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, self.megabytes), daemon=True)
        self.process.start()
        if not self.conn.poll(self.boot_timeout):
            raise SystemExit("the fuzz worker did not start (spaCy model missing?)")
        self.conn.recv()

    def run(self, name: str, data: bytes, timeout: float) -> dict:
        self.conn.send((name, data))
        try:
            if self.conn.poll(timeout):
                return self.conn.recv()
            outcome = {"outcome": "hang", "wall_s": timeout}
        except EOFError:
            outcome = {"outcome": "crash", "detail": f"worker died (exit {self.process.exitcode})"}
        self.restart()
        return outcome

    def restart(self) -> None:
        self.process.kill()
        self.process.join()
        self._start()

    def close(self) -> None:
        self.conn.send(None)
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()


# --- the runs --------------------------------------------------------------------------------

def _summary(rows: list[dict]) -> dict:
    # per KB only over inputs of at least 1 KB: a 3-byte page's start-up is not its speed
    sized = [r for r in rows if "cpu_s" in r and r["bytes"] >= 1024]
    per_kb = [r["cpu_s"] / r["bytes"] * 1024 for r in sized]
    outcomes: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
        if row["outcome"] in ("rejected", "error"):
            key = f"{row['outcome']}:{row.get('reason')}"
            reasons[key] = reasons.get(key, 0) + 1
    worst = max(sized, key=lambda r: r["cpu_s"] / r["bytes"], default=None)
    return {
        "inputs": len(rows),
        "outcomes": dict(sorted(outcomes.items())),
        "crashes": outcomes.get("crash", 0),
        "hangs": outcomes.get("hang", 0),
        "over_memory": outcomes.get("memory", 0),
        "rejections_by_reason": dict(sorted(reasons.items())),
        "cpu_s_per_kb": {"median": statistics.median(per_kb) if per_kb else None,
                         "worst": max(per_kb, default=None)},
        "worst_cpu_per_kb_input": worst and {k: worst[k] for k in ("i", "seed_page", "mutations",
                                                                     "bytes", "cpu_s")},
        "worst_peak_rss_mb": max((r.get("peak_rss_mb", 0) for r in rows), default=0),
        "cpu_s_total": sum(r.get("cpu_s", 0) for r in rows),
    }


def fuzz(inputs: int, seed: int, *, timeout: float = 120.0, memory_mb: int = 4096,
         only: int | None = None, crash_dir: Path | None = None, log=print) -> dict:
    """Run ``inputs`` fuzzed pages (or only input ``only``); the report as a dict."""
    pages = seed_pages()
    worker = Worker(memory_mb)
    rows: list[dict] = []
    indices = [only] if only is not None else range(inputs)
    try:
        for i in indices:
            name, data, steps = make_input(pages, seed, i)
            row = worker.run(name, data, timeout)
            row.update(i=i, seed_page=name, mutations=steps, bytes=len(data))
            rows.append(row)
            if row["outcome"] in ("crash", "hang", "memory"):
                log(f"input {i} ({name} {steps}): {row['outcome']} {row.get('detail', '')}")
                if crash_dir is not None:
                    crash_dir.mkdir(parents=True, exist_ok=True)
                    (crash_dir / f"{seed}-{i}-{Path(name).name}").write_bytes(data)
            if len(rows) % 100 == 0:
                log(f"{len(rows)} inputs, {_summary(rows)['outcomes']}")
    finally:
        worker.close()
    report = {"seed": seed, "timeout_s": timeout, "memory_mb": memory_mb,
              "mutations": sorted(MUTATIONS), **_summary(rows)}
    report["problems"] = [r for r in rows if r["outcome"] in ("crash", "hang", "memory")][:50]
    return report


def ratio_check(size: int = 950_000, *, timeout: float = 600.0, memory_mb: int = 4096,
                log=print) -> dict:
    """Clean and analyse each hostile dump and an ordinary one of ``size`` characters."""
    worker = Worker(memory_mb)
    times: dict[str, dict] = {}
    try:
        for kind in ["ordinary", *KINDS]:
            text = ordinary_text(size) if kind == "ordinary" else hostile_text(kind, size)
            row = worker.run(f"{kind}.txt", text.encode("utf-8"), timeout)
            times[kind] = {k: row.get(k) for k in ("outcome", "wall_s", "cpu_s", "peak_rss_mb")}
            log(f"{kind}: {row.get('outcome')} {row.get('wall_s', 0):.1f} s wall, "
                f"{row.get('cpu_s', 0):.1f} s cpu, {row.get('peak_rss_mb', 0):.0f} MB")
    finally:
        worker.close()
    base = times["ordinary"]["cpu_s"] if times["ordinary"]["outcome"] == "article" else None
    for row in times.values():
        row["ratio"] = row["cpu_s"] / base if base and row.get("cpu_s") is not None else None
    # a text that gives no article was not analysed: its time compares nothing
    failed = [k for k, r in times.items()
              if r["outcome"] != "article" or r["ratio"] is None or r["ratio"] >= MAX_RATIO]
    return {"size": size, "max_ratio": MAX_RATIO, "texts": times, "failed": failed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", type=int, default=None, help="run only this input index")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per input")
    parser.add_argument("--memory-mb", type=int, default=4096, help="address-space limit")
    parser.add_argument("--ratio", action="store_true", help="also run the hostile 1 MB texts")
    # 950,000: the largest ordinary dump whose article (paragraphs joined by blank
    # lines) stays under max_article_chars=1,000,000 and so is analysed at all
    parser.add_argument("--ratio-size", type=int, default=950_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    started = time.time()
    report: dict = {}
    if args.inputs > 0 or args.only is not None:
        report["fuzz"] = fuzz(args.inputs, args.seed, timeout=args.timeout,
                              memory_mb=args.memory_mb, only=args.only,
                              crash_dir=args.out.parent / "fuzz-inputs", log=log)
    if args.ratio:
        report["ratio"] = ratio_check(args.ratio_size, timeout=max(args.timeout, 600),
                                      memory_mb=args.memory_mb, log=log)
    report["wall_s"] = round(time.time() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.get("fuzz", {}).items() if k != "problems"},
                     indent=1, default=str))
    if args.ratio:
        print(json.dumps(report["ratio"], indent=1))
    bad = report.get("fuzz", {}).get("crashes", 0) or (args.ratio and report["ratio"]["failed"])
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
