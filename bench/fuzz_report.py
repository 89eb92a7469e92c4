"""The fuzz campaign's JSON report: outcomes, reasons, CPU per KB, peak memory, checks.

CPU per KB comes two ways, both reported:

- ``cpu_s_per_kb_raw``: an input's CPU seconds over its size in KB, over every
  non-empty input.  A 100-byte input that is cleaned and analysed costs a few
  milliseconds whatever its size (decoding, language check, the spaCy call):
  divided by 0.1 KB that reads as a huge "per KB" cost that is not one.
- ``cpu_s_per_kb`` (the checked figure): CPU seconds over ``max(KB, FLOOR_KB)``,
  over every input: inputs under :data:`FLOOR_KB` are charged as if they were
  that big, so the fixed cost of one page is not read as super-linear, while
  a small input that is slow still shows (it costs more than a
  ``FLOOR_KB`` input should).  The check is ``worst <= MAX_PER_KB_RATIO x median``.

Analysing text costs far more per KB than cleaning markup or rejecting a
page, so ``cpu_s_per_kb_by_outcome`` gives the same figure for each outcome
(the median of inputs that were analysed is the fair yardstick for the worst
analysed input).  ``top_per_kb`` lists the inputs that cost most per KB, with
what they were, for replay with ``--only``.
"""

from __future__ import annotations

import statistics

__all__ = ["FLOOR_KB", "MAX_PEAK_RSS_MB", "MAX_PER_KB_RATIO", "summarise"]

FLOOR_KB = 2.0
MAX_PER_KB_RATIO = 10.0
MAX_PEAK_RSS_MB = 1536.0
_KEEP = ("i", "kind", "seed_page", "mutations", "bytes", "chars", "outcome", "reason",
         "cpu_s", "wall_s", "peak_rss_mb")


def _per_kb(row: dict, floor: float) -> float:
    return row["cpu_s"] / max(row["bytes"] / 1024, floor)


def _slim(row: dict | None, **extra) -> dict | None:
    return row and {**{k: row[k] for k in _KEEP if k in row}, **extra}


def _per_kb_stats(rows: list[dict], floor: float) -> dict:
    values = [(_per_kb(r, floor), r) for r in rows]
    if not values:
        return {"inputs": 0, "median": None, "worst": None, "worst_over_median": None}
    median = statistics.median(v for v, _ in values)
    worst, row = max(values, key=lambda pair: pair[0])
    return {"inputs": len(values), "median": median, "worst": worst,
            "worst_over_median": worst / median if median else None,
            "worst_input": _slim(row)}


def _counts(rows: list[dict]) -> tuple[dict, dict]:
    outcomes: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
        if row["outcome"] in ("rejected", "error"):
            key = f"{row.get('kind', 'page')} {row['outcome']}:{row.get('reason')}"
            reasons[key] = reasons.get(key, 0) + 1
    return dict(sorted(outcomes.items())), dict(sorted(reasons.items()))


def summarise(rows: list[dict]) -> dict:
    """The report's figures for ``rows`` (one per input run)."""
    timed = [r for r in rows if "cpu_s" in r]
    outcomes, reasons = _counts(rows)
    unexplained = sum(1 for r in rows if r["outcome"] in ("rejected", "error")
                      and (not r.get("reason") or r.get("reason") == "None"))
    checked = _per_kb_stats(timed, FLOOR_KB)
    by_outcome = {name: _per_kb_stats([r for r in timed if r["outcome"] == name], FLOOR_KB)
                  for name in sorted({r["outcome"] for r in timed})}
    raw = _per_kb_stats([r for r in timed if r["bytes"] > 0], 0.0)
    peak = max(timed, key=lambda r: r.get("peak_rss_mb", 0), default=None)
    cpu = sum(r["cpu_s"] for r in timed)
    top = sorted(timed, key=lambda r: _per_kb(r, FLOOR_KB), reverse=True)[:10]
    report = {
        "inputs": len(rows),
        "by_kind": _tally(rows, "kind"),
        "outcomes": outcomes,
        "crashes": outcomes.get("crash", 0),
        "hangs": outcomes.get("hang", 0),
        "over_memory": outcomes.get("memory", 0),
        "rejects_without_reason": unexplained,
        "rejections_by_reason": reasons,
        "cpu_s_per_kb": {"definition": f"cpu_s / max(bytes / 1024, {FLOOR_KB})", **checked},
        "cpu_s_per_kb_raw": {"definition": "cpu_s / (bytes / 1024), bytes > 0", **raw},
        "cpu_s_per_kb_by_outcome": {k: {n: v[n] for n in ("inputs", "median", "worst")}
                                    for k, v in by_outcome.items()},
        "top_per_kb": [_slim(r, per_kb=_per_kb(r, FLOOR_KB)) for r in top],
        "slowest": [_slim(r) for r in sorted(timed, key=lambda r: -r["cpu_s"])[:10]],
        "worst_peak_rss_mb": peak and peak.get("peak_rss_mb"),
        "worst_peak_rss_input": _slim(peak),
        "rss_per_input": all(r.get("rss_exact") for r in timed),
        "cpu_s_inputs": cpu,
        "cpu_s_per_input_mean": cpu / len(timed) if timed else None,
        "inputs_per_cpu_s": len(timed) / cpu if cpu else None,
    }
    report["checks"] = _checks(report)
    return report


def _tally(rows: list[dict], key: str) -> dict:
    out: dict[str, int] = {}
    for row in rows:
        out[str(row.get(key))] = out.get(str(row.get(key)), 0) + 1
    return dict(sorted(out.items()))


def _checks(report: dict) -> dict:
    ratio = report["cpu_s_per_kb"]["worst_over_median"]
    return {
        "no_crash": report["crashes"] == 0,
        "no_hang": report["hangs"] == 0,
        "no_memory": report["over_memory"] == 0,
        "every_reject_has_a_reason": report["rejects_without_reason"] == 0,
        f"worst_cpu_per_kb_at_most_{MAX_PER_KB_RATIO:g}x_median":
            ratio is not None and ratio <= MAX_PER_KB_RATIO,
        f"worst_peak_rss_at_most_{MAX_PEAK_RSS_MB:g}_mb":
            (report["worst_peak_rss_mb"] or 0) <= MAX_PEAK_RSS_MB,
    }
