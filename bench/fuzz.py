"""Fuzz clean, analyze and ingest with 100,000 mutated pages, feeds, sitemaps and WARC files.

Inputs come from the seed pages (``examples/`` and the DEV pages of
``../shared/data``, or ``--pages DIR``: a folder written by
``--export-pages DIR``).  Most inputs are pieces of a seed page (small and
medium windows, some whole pages) through one to three seeded mutations
(:data:`fuzz_mutations.MUTATIONS`: truncation, random bytes, other encodings,
huge runs of one character, deep nesting, broken markup, mixed scripts, RTL
marks, zero-width characters, control characters, long lines); 8 % are feeds,
sitemaps (indexes that loop or nest too deep) and WARC files, some gzipped,
some bombs (:mod:`fuzz_listings`).  Input ``i`` of seed ``S`` is always the
same, so ``--only i`` replays it.

A pool of ``--jobs`` worker processes (:mod:`fuzz_pool`) loads spaCy once
each and runs inputs under an address-space limit (``--memory-mb``) and a
per-input timeout (``--timeout``): a worker that dies or hangs is replaced.
Each input's outcome is ``article``, ``listed``, ``rejected`` (with its reason
slug), ``error`` (a ``FactdeskError`` class), ``memory``, ``hang`` or
``crash`` (:mod:`fuzz_campaign`); the JSON report (:mod:`fuzz_report`) counts
them and gives CPU time per KB, peak memory and the campaign's checks.  Exit
status 1 when a check fails.

    python bench/fuzz.py --inputs 100000 --jobs 16 --seed 1 --out bench/results/fuzz-100k.json
    python bench/fuzz.py --export-pages /tmp/fuzz-pages          # the seed pages, 6 MB
    python bench/fuzz.py --inputs 3000 --jobs 2 --pages /tmp/fuzz-pages
    python bench/fuzz.py --only 17 --seed 1                       # replay one input
    python bench/fuzz.py --inputs 0 --ratio                       # the issue-17 hostile texts

``--ratio`` cleans and analyses each hostile dump of ``bench/hostile_text.py``
(950,000 characters: about 1 MB, and an ordinary dump that size still gives an
article under ``max_article_chars``) and an ordinary dump of the same size, and
fails (exit 1) when a hostile one takes 2x the ordinary one's CPU time or more.
The report goes to ``bench/results/fuzz.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_campaign import make_input  # noqa: E402
from fuzz_inputs import export_pages, seed_pages  # noqa: E402
from fuzz_mutations import MUTATIONS  # noqa: E402
from fuzz_pool import Pool  # noqa: E402
from fuzz_report import summarise  # noqa: E402
from hostile_text import KINDS, hostile_text, ordinary_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "fuzz.json"
#: The largest ratio of a hostile text's time to an ordinary text's of the same size.
MAX_RATIO = 2.0
_BAD = ("crash", "hang", "memory")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _keep_problem(row: dict, seed: int, pages, crash_dir: Path | None) -> None:
    """Write a crash's, hang's or over-memory input beside the report (remade from its index)."""
    if crash_dir is None or not isinstance(row.get("i"), int):
        return
    inp = make_input(pages, seed, row["i"])
    row.setdefault("kind", inp.kind)
    row.setdefault("seed_page", inp.name)
    row.setdefault("mutations", list(inp.steps))
    row.setdefault("bytes", len(inp.data))
    crash_dir.mkdir(parents=True, exist_ok=True)
    (crash_dir / f"{seed}-{row['i']}-{inp.kind}").write_bytes(inp.data)


def fuzz(inputs: int, seed: int, *, jobs: int = 1, timeout: float = 120.0,
         memory_mb: int = 4096, only: int | None = None, pages_dir: Path | None = None,
         crash_dir: Path | None = None, rows_out: Path | None = None, log=print,
         start: int = 0, deadline_s: float | None = None) -> dict:
    """Run inputs ``start .. start+inputs-1`` of ``seed`` (or only input ``only``); the
    report.  With ``deadline_s`` no new input starts after that many seconds: the
    report's ``inputs`` says how many ran and ``stopped_at_deadline`` is true."""
    pages = seed_pages(pages_dir)  # fails early, and is needed to remake a problem's input
    rows: list[dict] = []
    started, cpu_before = time.time(), _children_cpu()
    rows_file = rows_out.open("w", encoding="utf-8") if rows_out else None

    def on_result(row: dict) -> None:
        if row["outcome"] in _BAD:
            _keep_problem(row, seed, pages, crash_dir)
            log(f"input {row['i']} ({row.get('seed_page')} {row.get('mutations')}): "
                f"{row['outcome']} {row.get('detail', '')}")
        row.pop("rss_now_mb", None)
        rows.append(row)
        if rows_file:
            rows_file.write(json.dumps(row, default=str) + "\n")
        if len(rows) % 500 == 0:
            log(f"{len(rows)} inputs in {time.time() - started:.0f} s")

    pool = Pool(jobs, seed=seed, memory_mb=memory_mb, timeout=timeout, pages_dir=pages_dir)
    try:
        stop_at = time.monotonic() + deadline_s if deadline_s else None
        pool.run([only] if only is not None else range(start, start + inputs), on_result,
                 stop_at=stop_at)
    finally:
        if rows_file:
            rows_file.close()
    workers_cpu = _children_cpu() - cpu_before
    report = {"seed": seed, "jobs": jobs, "timeout_s": timeout, "memory_mb": memory_mb,
              "mutations": sorted(MUTATIONS), **summarise(rows),
              "workers_started": pool.started, "cpu_s_workers": workers_cpu,
              "wall_s_inputs": round(time.time() - started, 1), "start": start,
              "stopped_at_deadline": only is None and len(rows) < inputs}
    report["inputs_per_cpu_s_workers"] = len(rows) / workers_cpu if workers_cpu else None
    report["problems"] = [r for r in rows if r["outcome"] in _BAD][:50]
    return report


def merged_report(row_files: list[Path], seed: int) -> dict:
    """The report of several runs' ``--rows`` files (slices of one seed run on
    different machines); an input index seen twice is an error, as is a gap."""
    rows: list[dict] = []
    for path in row_files:
        with path.open(encoding="utf-8") as lines:
            rows.extend(json.loads(line) for line in lines if line.strip())
    indices = [r["i"] for r in rows if isinstance(r["i"], int)]
    if len(set(indices)) != len(indices):
        raise SystemExit("--merge-rows: an input index appears in more than one row")
    if indices and sorted(indices) != list(range(min(indices), max(indices) + 1)):
        raise SystemExit("--merge-rows: the rows leave a gap in the input indices")
    return {"seed": seed, "merged_from": [str(p) for p in row_files],
            "first_input": min(indices, default=None), **summarise(rows),
            "problems": [r for r in rows if r["outcome"] in _BAD][:50]}


def ratio_check(size: int = 950_000, *, timeout: float = 600.0, memory_mb: int = 4096,
                pages_dir: Path | None = None, log=print) -> dict:
    """Clean and analyse each hostile dump and an ordinary one of ``size`` characters."""
    texts = [("ordinary", ordinary_text(size))] + [(k, hostile_text(k, size)) for k in KINDS]
    times: dict[str, dict] = {}

    def on_result(row: dict) -> None:
        kind = row["i"].removesuffix(".txt")
        times[kind] = {k: row.get(k) for k in ("outcome", "wall_s", "cpu_s", "peak_rss_mb")}
        log(f"{kind}: {row.get('outcome')} {row.get('wall_s', 0):.1f} s wall, "
            f"{row.get('cpu_s', 0):.1f} s cpu, {row.get('peak_rss_mb', 0):.0f} MB")

    pool = Pool(1, seed=0, memory_mb=memory_mb, timeout=timeout, pages_dir=pages_dir)
    pool.run([(f"{kind}.txt", text.encode("utf-8")) for kind, text in texts], on_result)
    base = times["ordinary"]["cpu_s"] if times["ordinary"]["outcome"] == "article" else None
    for row in times.values():
        row["ratio"] = row["cpu_s"] / base if base and row.get("cpu_s") is not None else None
    # a text that gives no article was not analysed: its time compares nothing
    failed = [k for k, r in times.items()
              if r["outcome"] != "article" or r["ratio"] is None or r["ratio"] >= MAX_RATIO]
    return {"size": size, "max_ratio": MAX_RATIO, "texts": times, "failed": failed}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--deadline", type=float, default=None,
                        help="start no new input after this many seconds")
    parser.add_argument("--merge-rows", type=Path, nargs="+", default=None, metavar="ROWS",
                        help="no run: the report of these --rows files together")
    parser.add_argument("--only", type=int, default=None, help="run only this input index")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="CPU seconds per input (and 10x that in wall time)")
    parser.add_argument("--memory-mb", type=int, default=4096, help="address-space limit")
    parser.add_argument("--pages", type=Path, default=None,
                        help="folder of seed pages (written by --export-pages)")
    parser.add_argument("--export-pages", type=Path, default=None, metavar="DIR",
                        help="copy the seed pages into DIR and stop")
    parser.add_argument("--rows", type=Path, default=None, help="write every input's row here")
    parser.add_argument("--ratio", action="store_true", help="also run the hostile 1 MB texts")
    # 950,000: the largest ordinary dump whose article (paragraphs joined by blank
    # lines) stays under max_article_chars=1,000,000 and so is analysed at all
    parser.add_argument("--ratio-size", type=int, default=950_000)
    parser.add_argument("--out", type=Path, default=OUT)
    return parser.parse_args()


def _code_version() -> dict:
    """The commit the run used, and whether src/ or bench/ differed from it."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], capture_output=True, text=True, timeout=30,
                                  cwd=Path(__file__).resolve().parent).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    return {"commit": git("rev-parse", "HEAD") or None,
            "changed": bool(git("status", "--porcelain", "--", "../src", "."))}


def main() -> int:
    args = _arguments()
    if args.export_pages is not None:
        print(json.dumps(export_pages(args.export_pages, args.pages), indent=1))
        return 0
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    started = time.time()
    report: dict = {}
    if args.merge_rows:
        report["fuzz"] = merged_report(args.merge_rows, args.seed)
    elif args.inputs > 0 or args.only is not None:
        report["fuzz"] = fuzz(args.inputs, args.seed, jobs=args.jobs, timeout=args.timeout,
                              memory_mb=args.memory_mb, only=args.only, pages_dir=args.pages,
                              crash_dir=args.out.parent / "fuzz-inputs", rows_out=args.rows,
                              log=log, start=args.start, deadline_s=args.deadline)
    if args.ratio:
        report["ratio"] = ratio_check(args.ratio_size, timeout=max(args.timeout, 600),
                                      memory_mb=args.memory_mb, pages_dir=args.pages, log=log)
    report["wall_s"] = round(time.time() - started, 1)
    report["python"] = sys.version.split()[0]
    report["code"] = _code_version()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    shown = ("inputs", "outcomes", "rejections_by_reason", "cpu_s_per_kb", "worst_peak_rss_mb",
             "cpu_s_per_input_mean", "inputs_per_cpu_s", "wall_s_inputs", "checks")
    print(json.dumps({k: report["fuzz"].get(k) for k in shown} if "fuzz" in report else {},
                     indent=1, default=str))
    if args.ratio:
        print(json.dumps(report["ratio"], indent=1))
    bad = "fuzz" in report and not all(report["fuzz"]["checks"].values())
    return 1 if bad or (args.ratio and report["ratio"]["failed"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
