"""What the ingest form and ``POST /api/ingest`` take: a pasted URL, HTML or text.

:func:`check_submission` runs in the request (exactly one thing given; a URL
well formed and naming a public address); the rest runs in an ingest job
(:mod:`factdesk.serve.jobs`).  A URL is fetched through
:class:`factdesk.ingest.Fetcher`, which refuses loopback, private, link-local
and metadata addresses (checked again at every redirect) unless
``allow_private_addresses`` is set.  The page goes through
:func:`factdesk.pipeline.process` in a worker process, as the CLI's and the
batch's pages do (so a pasted page over ``max_page_bytes`` is rejected as
``too_large`` by the clean stage, like any other), then is written through the
store's one writer path and the claim clusters are rebuilt, so the new
article's claims join the ones already stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from ..analyze import CLAIM_LINKER
from ..errors import FetchError, InputError
from ..ingest import Fetcher, LazyFetcher
from ..ingest.addresses import check_url, system_resolver
from ..model import Page, PageOutcome, content_id
from ..pipeline import process
from ..settings import Settings
from ..store import Store

__all__ = ["Submission", "analyze_submission", "check_submission", "page_of",
           "store_submission"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Submission:
    """What a user pasted: exactly one of a URL, an HTML page or a text dump."""

    url: str = ""
    html: str = ""
    text: str = ""

    def check(self) -> None:
        given = [name for name in ("url", "html", "text") if getattr(self, name).strip()]
        if len(given) != 1:
            raise InputError("give exactly one of a URL, an HTML page or a text dump "
                             f"(got {', '.join(given) or 'none'})")


def check_submission(submission: Submission, settings: Settings,
                     fetcher: Fetcher | None) -> None:
    """Refuse, before any work is queued, a submission that is not exactly one
    thing or a URL that may not be fetched: malformed, or naming a non-public
    address (one DNS look-up, through ``fetcher``'s resolver when given; the
    fetch checks again, at every redirect, and connects only to what it checked)."""
    submission.check()
    url = submission.url.strip()
    if url:
        if any(ord(c) < 0x21 or c == "\x7f" for c in url):
            raise FetchError(f"{url!r}: a URL may not hold spaces or control characters")
        check_url(url, settings, fetcher.resolve if fetcher is not None else system_resolver)


def page_of(submission: Submission, settings: Settings, fetcher: Fetcher | None) -> Page:
    """The page a submission names (a URL is fetched, with the SSRF checks)."""
    submission.check()
    url = submission.url.strip()
    if url:
        if any(ord(c) < 0x21 or c == "\x7f" for c in url):
            raise FetchError(f"{url!r}: a URL may not hold spaces or control characters")
        try:
            with LazyFetcher(settings, fetcher) as lazy:
                return lazy.fetch(url)
        except httpx.InvalidURL as exc:  # raised by httpx before any request is made
            raise FetchError(f"{url!r}: not a valid URL ({exc})") from exc
    limit = settings.max_page_bytes + 1  # cut one byte past, as every reader does
    if submission.html.strip():
        data = submission.html.encode("utf-8")[:limit]
        return Page(source=f"paste:{content_id(data)}.html", data=data,
                    content_type="text/html", declared_encoding="utf-8")
    data = submission.text.encode("utf-8")[:limit]
    return Page(source=f"paste:{content_id(data)}.txt", data=data, content_type="text/plain",
                declared_encoding="utf-8")


def analyze_submission(page: Page, settings: Settings) -> PageOutcome:
    """Clean and analyse one page with :func:`~factdesk.pipeline.process`
    (CPU-bound: call it off the event loop)."""
    (outcome,) = process([page], settings)
    return outcome


def store_submission(store: Store, record: PageOutcome) -> None:
    """Write the record through the store's writer and rebuild the claim clusters."""
    store.write([record])
    if record.article is not None:
        store.recluster(CLAIM_LINKER)
        log.info("ingested %s as article %s", record.source, record.article.id)
