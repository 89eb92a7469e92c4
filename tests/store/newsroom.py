"""Small, varied news pages written for the store and batch tests.

Every page is a complete HTML article with a headline, named people who are
quoted, places and a number, so it cleans to an article and analyses to
entities, quotes and claims.  Page ``n`` is the same on every call.
"""

from __future__ import annotations

from pathlib import Path

PEOPLE = ["Amara Okafor", "Lena Fischer", "Tomas Reyes", "Priya Natarajan", "Owen Gallagher",
          "Sofia Lindqvist", "Kenji Watanabe", "Mariam Haddad"]
PLACES = ["Northbridge", "Ashdale", "Westbrook", "Carrow", "Tarne", "Eastmoor"]
TOPICS = [("ferry", "route", "timetable"), ("library", "branch", "opening hours"),
          ("bus", "depot", "fares"), ("school", "roof", "repairs"),
          ("clinic", "ward", "waiting list"), ("bridge", "crossing", "tolls")]


def page_html(n: int) -> str:
    person = PEOPLE[n % len(PEOPLE)]
    other = PEOPLE[(n + 3) % len(PEOPLE)]
    place = PLACES[n % len(PLACES)]
    thing, part, detail = TOPICS[(n // 2) % len(TOPICS)]
    headline = f"{place} council delays decision on {thing} {part} for the {n + 2}th time"
    paragraphs = [
        f"The {place} council postponed its vote on the {thing} {part} on Tuesday, the "
        f"{n + 2}th delay since the plan was first put forward in {2010 + n % 12}.",
        f"\u201cWe will not sign anything until the {detail} are settled,\u201d said {person}, "
        f"who chairs the council's transport committee.",
        f"{other}, a spokesperson for the {place} Residents Association, said the delay had "
        f"already cost local shops more than {n + 3} thousand pounds.",
        f"\u201cPeople here have waited long enough for the {thing},\u201d {other} said. "
        f"\u201cEvery month without it is a month of lost trade.\u201d",
        f"Council officers told the meeting that {12 + n} households had written to object to "
        f"the {part} and that a public consultation would open in the spring.",
        f"{person} denied that the council had lost the plans for the {thing} {part}, calling "
        f"the claim \u201centirely untrue\u201d.",
    ]
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{headline}</title>"
            f"<meta property='og:site_name' content='{place} Gazette'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{headline}</h1><p class='byline'>By Staff Reporter</p>\n{body}"
            f"</article><footer>Copyright {place} Gazette</footer></body></html>")


def write_pages(folder: Path, count: int, *, start: int = 0) -> list[Path]:
    """Write pages ``start .. start + count - 1`` as ``page-NNN.html`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"page-{n:03d}.html"
        path.write_text(page_html(n), encoding="utf-8")
        paths.append(path)
    return paths
