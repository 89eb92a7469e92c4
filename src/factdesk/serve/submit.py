"""The ingest form and ``POST /api/ingest``: a pasted URL, HTML or text, analysed and stored.

A URL is fetched through :class:`factdesk.ingest.Fetcher`, which refuses
loopback, private, link-local and metadata addresses (checked again at every
redirect) unless ``allow_private_addresses`` is set.  The page is cleaned and
analysed as the batch pipeline does it, then written through the store's one
writer path and the claim clusters are rebuilt, so the new article's claims
join the ones already stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from ..analyze import CLAIM_LINKER, analyze_many
from ..clean import clean_many
from ..errors import FetchError, InputError
from ..ingest import Fetcher
from ..model import Article, Page, RejectReason, Rejection, content_id
from ..settings import Settings
from ..store import PageRecord, Store

__all__ = ["Submission", "analyze_submission", "page_of", "store_submission"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Submission:
    """What a user pasted: exactly one of a URL, an HTML page or a text dump."""

    url: str = ""
    html: str = ""
    text: str = ""

    def check(self, settings: Settings) -> None:
        given = [name for name in ("url", "html", "text") if getattr(self, name).strip()]
        if len(given) != 1:
            raise InputError("give exactly one of a URL, an HTML page or a text dump "
                             f"(got {', '.join(given) or 'none'})")
        size = len((self.html or self.text).encode("utf-8"))
        if size > settings.max_page_bytes:
            raise InputError(f"the pasted page has {size:,} bytes, more than max_page_bytes "
                             f"({settings.max_page_bytes:,})")


def page_of(submission: Submission, settings: Settings, fetcher: Fetcher | None) -> Page:
    """The page a submission names (a URL is fetched, with the SSRF checks)."""
    submission.check(settings)
    url = submission.url.strip()
    if url:
        if any(ord(c) < 0x21 or c == "\x7f" for c in url):
            raise FetchError(f"{url!r}: a URL may not hold spaces or control characters")
        try:
            if fetcher is not None:
                return fetcher.fetch(url)
            with Fetcher(settings) as own:
                return own.fetch(url)
        except httpx.InvalidURL as exc:  # raised by httpx before any request is made
            raise FetchError(f"{url!r}: not a valid URL ({exc})") from exc
    if submission.html.strip():
        data = submission.html.encode("utf-8")
        return Page(source=f"paste:{content_id(data)}.html", data=data,
                    content_type="text/html", declared_encoding="utf-8")
    data = submission.text.encode("utf-8")
    return Page(source=f"paste:{content_id(data)}.txt", data=data, content_type="text/plain",
                declared_encoding="utf-8")


def analyze_submission(page: Page, settings: Settings) -> PageRecord:
    """Clean and analyse one page (CPU-bound: call it off the event loop)."""
    (result,) = clean_many([page], settings)
    if isinstance(result, Article) and len(result.text) > settings.max_article_chars:
        result = Rejection(source=page.source, reason=RejectReason.TOO_LARGE, page_id=page.id,
                           message=f"the article has {len(result.text):,} characters, more "
                                   f"than max_article_chars ({settings.max_article_chars:,})")
    if isinstance(result, Rejection):
        return PageRecord.of_page(page, rejection=result)
    (analysis,) = analyze_many([result], settings)
    return PageRecord.of_page(page, article=result, analysis=analysis)


def store_submission(store: Store, record: PageRecord) -> None:
    """Write the record through the store's writer and rebuild the claim clusters."""
    store.write([record])
    if record.article is not None:
        store.recluster(CLAIM_LINKER)
        log.info("ingested %s as article %s", record.source, record.article.id)
