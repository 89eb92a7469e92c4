"""The fuzz campaign's JSON report: outcomes, reasons, CPU per KB, peak memory, checks.

CPU per KB comes three ways, all reported:

- ``cpu_s_per_kb_raw``: an input's CPU seconds over its size in KB, over every
  non-empty input, its median over the same inputs.  A 3-byte input costs a
  millisecond or two whatever its size (the call, decoding, a rejection):
  divided by 0.003 KB that reads as a huge "per KB" cost that is not one.
- ``cpu_s_per_kb_all``: CPU seconds over ``max(KB, FLOOR_KB)`` (inputs under
  :data:`FLOOR_KB` are charged as if they were that big, so one page's fixed
  cost is not read as super-linear, while a small input that is slow still
  shows), worst and median over every input.  Most inputs are rejected in
  microseconds (binary, undecodable, empty) while analysing text costs about
  0.05 s per KB, so this median is a rejected page's, and any analysed text is
  tens of times "worse" than it: the ratio mixes two populations.
- ``cpu_s_per_kb`` (the checked figure): the worst input of *any* outcome,
  floored as above, against the median of the inputs that went the whole way
  (cleaned and analysed: outcome ``article``).  Every input costs at most
  what the whole way costs a page of its size when the stages are linear, so
  an input (rejected or not) that costs more than ``MAX_PER_KB_RATIO`` times
  the typical analysed page per KB is a real outlier.

``cpu_s_per_kb_by_outcome`` gives the floored figure per outcome,
``article_cpu_s_per_kb_by_size`` the median and worst for analysed inputs by
size band (a super-linear step shows as a per-KB cost rising with size), and
``top_per_kb`` the ten costliest inputs per KB, for replay with ``--only``.
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
    everything = _per_kb_stats(timed, FLOOR_KB)
    analysed = _per_kb_stats([r for r in timed if r["outcome"] == "article"], FLOOR_KB)
    checked = {**everything, "median": analysed["median"], "median_inputs": analysed["inputs"],
               "worst_over_median": (everything["worst"] / analysed["median"]
                                     if analysed["median"] and everything["worst"] else None)}
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
        "cpu_s_per_kb": {"definition": f"cpu_s / max(bytes / 1024, {FLOOR_KB}); worst of "
                                       "all inputs, median of the analysed ones", **checked},
        "cpu_s_per_kb_all": {"definition": f"cpu_s / max(bytes / 1024, {FLOOR_KB})",
                             **everything},
        "cpu_s_per_kb_raw": {"definition": "cpu_s / (bytes / 1024), bytes > 0", **raw},
        "cpu_s_per_kb_by_outcome": {k: {n: v[n] for n in ("inputs", "median", "worst")}
                                    for k, v in by_outcome.items()},
        "article_cpu_s_per_kb_by_size": _by_size([r for r in timed if r["outcome"] == "article"]),
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


_BANDS_KB = (0, 2, 8, 32, 128, 512, 2048, None)


def _by_size(rows: list[dict]) -> dict:
    out = {}
    for low, high in zip(_BANDS_KB, _BANDS_KB[1:]):
        band = [_per_kb(r, FLOOR_KB) for r in rows
                if r["bytes"] >= low * 1024 and (high is None or r["bytes"] < high * 1024)]
        if band:
            out[f"{low}-{high or ''}KB"] = {"inputs": len(band), "median": statistics.median(band),
                                            "worst": max(band)}
    return out


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
