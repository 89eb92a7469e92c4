"""One call from a page to its analysis: HTML, plain text, a file or a URL.

Each function makes one :class:`~factdesk.model.Page` (reading the file or
fetching the URL the way ``factdesk analyze`` does) and runs it through the one
composer, :func:`factdesk.pipeline.process`, so it gets exactly the outcome
the command line, the batch runner and the web app give the same page::

    import factdesk

    outcome = factdesk.analyze_file("examples/valley-reservoir-drought.html")
    for quote in outcome.analysis.quotes:
        print(quote.speaker, quote.span.text)

The functions are named for their input rather than one ``factdesk.analyze``:
``factdesk.analyze`` is the analyze stage's package, and a function of that
name would be replaced by the package whenever any code imports one of its
modules.
"""

from __future__ import annotations

from pathlib import Path

from .errors import FetchError, InputError, RejectedPage
from .ingest import Fetcher, PageRef
from .model import Page, PageOutcome, content_id
from .pipeline import process, read
from .settings import Settings

__all__ = ["analyze_file", "analyze_html", "analyze_text", "analyze_url"]


def analyze_html(html: str | bytes, *, source: str | None = None, url: str | None = None,
                 settings: Settings | None = None, strict: bool = True) -> PageOutcome:
    """Clean and analyze one HTML page given as ``str`` or ``bytes``.

    Bytes are decoded as a fetched page is (the ``<meta charset>``, then
    detection); ``source`` names the page in the outcome (default
    ``html:<content hash>``) and ``url`` is where it was published, when
    known.  Returns the :class:`~factdesk.model.PageOutcome`: ``article`` (the
    cleaned text; every offset indexes ``article.text``) and ``analysis``
    (entities, quotes, claims, stances, facts).

    A page that gives no article (binary data, no article body, too large)
    raises :class:`~factdesk.errors.RejectedPage` whose ``rejection.reason``
    says why; with ``strict=False`` the outcome is returned with its
    ``rejection`` instead.  Empty input raises
    :class:`~factdesk.errors.InputError`.
    """
    return _analyze(_given(html, "html"), "html", source, url, settings, strict)


def analyze_text(text: str | bytes, *, source: str | None = None, url: str | None = None,
                 settings: Settings | None = None, strict: bool = True) -> PageOutcome:
    """Clean and analyze one plain-text page (an article body, or a text dump of
    a web page: its menus and footers are found and removed).

    Arguments, result and errors are those of :func:`analyze_html`.
    """
    return _analyze(_given(text, "text"), "text", source, url, settings, strict)


def analyze_file(path: str | Path, *, settings: Settings | None = None,
                 strict: bool = True) -> PageOutcome:
    """Read one page from a file and analyze it; HTML or plain text is told
    from the content, as ``factdesk analyze FILE`` does.

    A file that cannot be read raises :class:`~factdesk.errors.InputError`;
    the result and ``strict`` are those of :func:`analyze_html`.
    """
    settings = settings or Settings()
    found = read(PageRef(kind="path", location=str(path)), settings)
    return _outcome(found, None, settings, strict)


def analyze_url(url: str, *, settings: Settings | None = None, fetcher: Fetcher | None = None,
                strict: bool = True) -> PageOutcome:
    """Fetch one page over HTTP(S) and analyze it.

    The fetch keeps every check of ``factdesk ingest``: private, loopback and
    link-local addresses are refused (unless the ``allow_private_addresses``
    setting is on), redirects are checked hop by hop, the size is capped by
    ``max_page_bytes``.  ``fetcher`` lets a caller reuse one
    :class:`~factdesk.ingest.Fetcher` (connections, politeness delays) across
    calls.  A URL that cannot be fetched raises
    :class:`~factdesk.errors.FetchError`; the result and ``strict`` are those
    of :func:`analyze_html`.
    """
    if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
        raise InputError(f"{url!r}: analyze_url takes an http:// or https:// URL; use "
                         "analyze_file for a path")
    settings = settings or Settings()
    found = read(PageRef(kind="url", location=url.strip()), settings, fetcher)
    return _outcome(found, None, settings, strict)


def _given(content: str | bytes, what: str) -> bytes | str:
    if not isinstance(content, (str, bytes, bytearray)):
        raise InputError(f"analyze_{what} takes str or bytes, not {type(content).__name__}")
    if not content.strip():
        raise InputError(f"nothing to analyze: the {what} is empty")
    return bytes(content) if isinstance(content, bytearray) else content


def _analyze(content: bytes | str, kind: str, source: str | None, url: str | None,
             settings: Settings | None, strict: bool) -> PageOutcome:
    suffix = "html" if kind == "html" else "txt"
    if isinstance(content, str):
        data = content.encode("utf-8")
        encoding = "utf-8"
    else:
        data, encoding = content, None
    page = Page(source=source or f"{kind}:{content_id(data)}.{suffix}", data=data, url=url,
                content_type="text/html" if kind == "html" else "text/plain",
                declared_encoding=encoding)
    return _outcome(page, kind, settings or Settings(), strict)


def _outcome(found: Page | PageOutcome, kind: str | None, settings: Settings,
             strict: bool) -> PageOutcome:
    """:func:`~factdesk.pipeline.process` on one page; with ``strict``, a page
    that could not be read raises, and one that gave no article raises
    :class:`RejectedPage`."""
    if isinstance(found, PageOutcome) and strict:
        _raise_failure(found)
    (outcome,) = process([found], settings, kind=kind)
    if strict and outcome.rejection is not None:
        raise RejectedPage(outcome.rejection)
    return outcome


def _raise_failure(outcome: PageOutcome) -> None:
    error = FetchError if outcome.reason == "fetch_failed" else InputError
    raise error(outcome.error or f"{outcome.source}: cannot be read")
