"""The stance timeline of a claim, laid out for a server-rendered SVG chart.

One row per source, time running left to right; each time a source's stance
shows up in an article (dated by the article's publication) a marker is drawn
whose shape and colour say the stance, with the stance written beside it, so
the chart reads without a legend and without colour.  Appearances in
undated articles go in a column of their own at the right.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..model import Stance

__all__ = ["STANCE_LABELS", "timeline"]

#: How each stance is written on the chart and in lists.
STANCE_LABELS = {
    Stance.ASSERTS: "asserts",
    Stance.HEDGED: "hedged",
    Stance.DENIES: "denies",
    Stance.DOES_NOT_DENY: "declined to deny",
    Stance.BELIEVES: "believes",
    Stance.QUESTIONS: "questions",
    Stance.CONDITIONAL: "conditional",
}

_LEFT, _RIGHT, _TOP, _ROW, _AXIS = 340, 150, 30, 34, 40
_LABEL = 40
_WIDTH = 900


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def timeline(stances: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows, axis ticks and markers (SVG user units) for a claim's stances."""
    sources = sorted({s["source"] for s in stances}, key=str.lower)
    row_of = {source: n for n, source in enumerate(sources)}
    days = sorted({d for s in stances for a in s["appearances"]
                   if (d := _day(a["published"])) is not None})
    undated = any(_day(a["published"]) is None for s in stances for a in s["appearances"]) or \
        any(not s["appearances"] for s in stances)
    plot_right = _WIDTH - _RIGHT - (70 if undated else 0)

    def x_of(day: date | None) -> float:
        if day is None:
            return plot_right + 90
        first = _LEFT + 30  # room between the row labels and the earliest mark
        if len(days) < 2:
            return (first + plot_right) / 2
        span = (days[-1] - days[0]).days or 1
        return first + (plot_right - first) * (day - days[0]).days / span

    ticks = [{"x": round(x_of(d), 1), "label": d.isoformat()} for d in _tick_days(days)]
    if undated:
        ticks.append({"x": round(x_of(None), 1), "label": "undated"})
    markers = []
    for stance in stances:
        y = _TOP + _ROW * row_of[stance["source"]] + _ROW / 2
        seen = stance["appearances"] or [{"published": None, "outlet": None}]
        for appearance in seen:
            day = _day(appearance["published"])
            label = STANCE_LABELS.get(stance["stance"], stance["stance"])
            markers.append({
                "x": round(x_of(day), 1), "y": round(y, 1), "stance": stance["stance"],
                "label": label,
                "title": f"{stance['source']} {label} ({stance['cue'] or 'no cue'})"
                         f" — {appearance.get('outlet') or 'unknown outlet'}, "
                         f"{day.isoformat() if day else 'undated'}"})
    height = _TOP + _ROW * max(len(sources), 1) + _AXIS
    return {"width": _WIDTH, "height": height, "left": _LEFT, "right": plot_right,
            "axis_y": height - _AXIS + 8,
            "rows": [{"label": s if len(s) <= _LABEL else s[:_LABEL - 1] + "…", "full": s,
                      "y": round(_TOP + _ROW * n + _ROW / 2, 1),
                      "band": n % 2 == 0, "top": _TOP + _ROW * n}
                     for n, s in enumerate(sources)],
            "ticks": ticks, "markers": markers}


def _tick_days(days: list[date]) -> list[date]:
    if len(days) <= 6:
        return days
    step = (len(days) - 1) / 5
    return sorted({days[round(i * step)] for i in range(6)})
