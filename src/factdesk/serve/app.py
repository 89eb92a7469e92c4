"""``create_app(store, settings)``: the web app and JSON API as one ASGI application.

Everything the app needs lives on ``app.state.ctx`` (a :class:`ServeContext`);
there are no module globals, so several apps (a test's, a server's) can live
in one process.  Reads run in worker threads on a pool of read-only
connections (:class:`~factdesk.store.readers.ReadPool`: WAL readers never wait
for one another); writes go through the store's one connection, one short
transaction at a time (a lock in the process, SQLite's lock across the
processes of ``factdesk serve --workers N``); a web ingest is a job (:mod:`~factdesk.serve.jobs`): the request
answers at once and the page is cleaned and analysed in a worker process.

People: accounts, follows, the inbox, notification settings and comment
threads (:mod:`~factdesk.serve.people.account_pages`, :mod:`~factdesk.serve.people.social_pages`,
:mod:`~factdesk.serve.people.notify_pages`); after a web ingest or a comment the
notifier (``factdesk.notify.process``) runs in a worker thread.

Security: Jinja2 autoescaping is on for every template and no article or user
text is ever marked safe; bidirectional-override characters are shown as
visible ``[U+202E]`` marks; every response carries a strict
Content-Security-Policy (scripts and styles only from this origin, no inline
script); CORS is off unless ``cors_origins`` is given.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import AuthError, FactdeskError, RateLimited
from ..ingest import Fetcher
from ..settings import Settings
from ..store import Store
from ..store.readers import ReadPool
from .people.account_pages import account_router
from .api import api_router
from .people.auth import NoStore, Passwords, load_viewer
from .clients import trusted_networks
from .context import ServeContext, make_templates
from .csrf import load_secret
from .desk import desk_router
from .dossier import dossier_router
from .health import add_operations
from .jobs import IngestBodyLimit, IngestJobs
from .pages import pages_router
from .people.notify_pages import notify_router
from .people.social_pages import social_router
from .problems import error_body, status_of
from .ratelimit import RateLimits
from .submit import analyze_submission

__all__ = ["CONTENT_SECURITY_POLICY", "create_app"]

log = logging.getLogger(__name__)
HERE = Path(__file__).parent

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Pure ASGI middleware adding the CSP and friends to every response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                names = {name.lower() for name, _ in message["headers"]}
                message["headers"] += [h for h in _HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _error(request: Request, status: int, message: str, code: str | None = None,
                 headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(status, message, code), status_code=status,
                            headers=headers)
    ctx: ServeContext = request.app.state.ctx
    response = await ctx.render(request, "error.html", status=status, status_code=status,
                          message=message)
    response.headers.update(headers or {})
    return response


def _default_notifier():
    from ..notify import process

    return process


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI):
    """At shutdown, wait for a notifier still running in a worker thread: it uses
    the store's connection, which the caller closes once the app has stopped
    (closing it under a running query crashes the process)."""
    app.state.jobs.start(app.state.ctx)
    yield
    await app.state.jobs.close()
    await app.state.ctx.notify_idle()
    app.state.ctx.readers.close()


def create_app(store: Store, settings: Settings, *, fetcher: Fetcher | None = None,
               cors_origins: tuple[str, ...] = (), limits: RateLimits | None = None,
               notifier=_default_notifier, passwords: Passwords | None = None,
               ingest_analyze=analyze_submission, read_connections: int = 8) -> FastAPI:
    """The web app over ``store``.

    ``fetcher`` fetches URLs pasted on the ingest page (default: one made from
    ``settings``, with its SSRF checks); ``cors_origins`` lists origins allowed
    to call the API from a browser (default none: CORS off); ``limits`` are
    the login/registration rate limits; ``notifier(store, settings)`` runs
    after web ingests and comments (default ``factdesk.notify.process``;
    ``None`` turns it off); ``passwords`` hashes and checks passwords (default
    argon2id with argon2-cffi's parameters); ``ingest_analyze(page, settings)``
    is what the ingest worker processes run (a module-level function; default
    :func:`~factdesk.serve.submit.analyze_submission`); ``read_connections`` is
    the size of the pool of read-only connections reads run on, in worker threads.
    """
    trusted_networks(settings.trusted_proxies)  # a bad setting fails now, not at a login
    app = FastAPI(title="factdesk", version="0.1.0",
                  description="Articles, quotes, claims and entities parsed from news pages.",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=_lifespan, dependencies=[Depends(load_viewer)])
    app.state.ctx = ServeContext(
        store=store, settings=settings, templates=make_templates(), fetcher=fetcher,
        readers=ReadPool(store, read_connections),
        secret=load_secret(store), limits=limits or RateLimits(),
        notifier=notifier() if notifier is _default_notifier else notifier)
    app.state.passwords = passwords or Passwords()
    IngestJobs.recover(store)
    app.state.jobs = IngestJobs(settings, ingest_analyze)
    app.include_router(api_router())
    app.include_router(pages_router())
    app.include_router(desk_router())
    app.include_router(account_router())
    app.include_router(social_router())
    app.include_router(dossier_router())
    app.include_router(notify_router())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(FactdeskError)
    async def factdesk_error(request: Request, exc: FactdeskError) -> Response:
        status, code = status_of(exc)
        if isinstance(exc, AuthError) and not _wants_json(request) and request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path, safe='/')}",
                                    status_code=303)
        if isinstance(exc, RateLimited):
            return await _error(request, status, str(exc), code,
                          headers={"retry-after": str(exc.retry_after)})
        if status >= 500:
            log.error("error answering %s", request.url.path, exc_info=exc)
            return await _error(request, status, "internal error; see the server log", code)
        return await _error(request, status, str(exc), code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return await _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if errors and all(e.get("loc", ("",))[0] == "query" for e in errors):
            # a bad query parameter, as the lists' own checks answer it (serve/params.py)
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'][1:])}: {e.get('msg', 'invalid')}"
                for e in errors[:5])
            return await _error(request, 400, problems, "bad_parameter")
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
            for e in errors[:5])
        return await _error(request, 422, f"invalid request: {problems}", "invalid_request")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.error("unexpected error answering %s", request.url.path, exc_info=exc)
        return await _error(request, 500, "internal error; see the server log", "internal_error")

    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["content-type"])
    app.add_middleware(IngestBodyLimit)
    app.add_middleware(NoStore)
    app.add_middleware(SecurityHeaders)
    add_operations(app)  # /healthz, /readyz and the access log (serve/health.py)
    return app
