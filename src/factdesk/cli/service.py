"""Commands that run the service around the corpus: notify, users and serve."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from .app import db_option, guarded, main, open_store, settings_of
from .logs import log_format_option
from .shutdown import GracefulStop

__all__ = ["notify_command", "promote_command", "serve_command", "token_command",
           "users_group"]

log = logging.getLogger("factdesk.cli")


@main.command(name="notify")
@db_option
@click.option("--every", type=float, default=None, metavar="SECONDS",
              help="Keep running: process again every this many seconds (1 at least; retries "
                   "come due); "
                   "SIGTERM or Ctrl-C stops it after the pass under way.")
@click.option("--digest", is_flag=True,
              help="Send each user's morning digest of what moved since their last one "
                   "(one e-mail, and an entry in their Atom feed) instead.")
@log_format_option(service=True)
@click.pass_context
def notify_command(ctx: click.Context, db: str | None, every: float | None,
                   digest: bool) -> None:
    """Notify followers of new events and retry failed deliveries.

    Ingest and reanalyze already do this after they write; run it on a schedule
    (or with --every, as a service) so that deliveries that failed (a webhook
    down, an SMTP server away) are retried with backoff.  Prints what each pass
    did as JSON (and, with --every, logs each pass on stderr).

    \b
    Examples:
      factdesk notify --db news.db --every 60 --log-format json
      factdesk notify --db news.db --digest      # e.g. from cron at 7:00
    """
    from .. import notify

    settings = settings_of(ctx)
    if digest:
        if every is not None:
            raise click.UsageError("--digest runs once; schedule it (cron) rather than --every")
        from ..notify.digest import send_digests

        with open_store(ctx, db, must_exist=True) as store:
            stats = guarded(ctx, lambda: send_digests(store, settings))
        click.echo(json.dumps(stats.to_dict()))
        return
    with open_store(ctx, db, must_exist=True) as store, GracefulStop() as stop:
        try:
            while not stop.requested:
                stats = guarded(ctx, lambda: notify.process(store, settings))
                click.echo(json.dumps(stats.to_dict()))
                if every is None:
                    break
                log.info("notify pass: %d sent, %d retrying, %d failed", stats.sent,
                         stats.retrying, stats.failed, extra={"cycle": "notify",
                                                              **stats.to_dict()})
                stop.wait(max(1.0, every))
        except KeyboardInterrupt:
            click.echo("factdesk: stopped notifying", err=True)
    if stop.requested:
        log.info("%s: stopped notifying after the pass under way", stop.signal)


@main.group(name="users")
def users_group() -> None:
    """Manage the web app's user accounts.

    \b
    Example:
      factdesk users promote ana --db news.db
    """


@users_group.command(name="promote")
@click.argument("name")
@db_option
@click.option("--role", type=click.Choice(["admin", "user"]), default="admin", show_default=True,
              help="The role to give (user takes admin rights away).")
@click.pass_context
def promote_command(ctx: click.Context, name: str, db: str | None, role: str) -> None:
    """Give a registered user the admin role (admins can hide comments).

    \b
    Example:
      factdesk users promote ana --db news.db
    """
    from ..store.people.accounts import set_role

    with open_store(ctx, db, must_exist=True) as store:
        def promote():
            with store.transaction() as conn:
                return set_role(conn, name, role)
        user = guarded(ctx, promote)
    click.echo(json.dumps({"user": user.name, "role": user.role}))


@users_group.command(name="token")
@click.argument("name")
@db_option
@click.option("--label", default="", help="What the token is for (shown to no one; kept).")
@click.option("--revoke", is_flag=True, help="Revoke every token of NAME instead.")
@click.pass_context
def token_command(ctx: click.Context, name: str, db: str | None, label: str,
                  revoke: bool) -> None:
    """Issue an API token for a registered user (shown once; only its hash is kept).

    Scripts send it as 'Authorization: Bearer TOKEN' to POST /api/ingest.

    \b
    Example:
      factdesk users token ana --label nightly-import --db news.db
    """
    from ..store.people.tokens import issue_token, revoke_tokens

    with open_store(ctx, db) as store:
        def issue():
            with store.transaction() as conn:
                if revoke:
                    return revoke_tokens(conn, name)
                return issue_token(conn, name, label=label)
        result = guarded(ctx, issue)
    if revoke:
        click.echo(json.dumps({"user": name, "revoked": result}))
    else:
        token, user = result
        click.echo(json.dumps({"user": user.name, "token": token}))


@main.command(name="serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@log_format_option(service=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes sharing the port (sessions, rate limits, jobs and "
                   "caches are kept right across them through the database).")
@click.pass_context
def serve_command(ctx: click.Context, db: str | None, host: str, port: int,
                  workers: int) -> None:
    """Open the web app and JSON API over a database (needs the serve extra).

    Search, article view with highlights, entity and claim pages (with a stance
    timeline) and an ingest page; the API's OpenAPI document is at
    /api/openapi.json.  Runs until interrupted.

    \b
    Example:
      factdesk serve --db news.db --port 8000 --workers 4
    """
    path = db or settings_of(ctx).db_path
    if not Path(path).exists():
        raise click.ClickException(f"{path}: no database yet; run factdesk ingest first")
    try:
        from ..serve import serve
    except ImportError as exc:
        raise click.ClickException(
            f"the web app needs the serve extra: pip install 'factdesk[serve]' ({exc})") from exc
    serve(settings_of(ctx), path, host, port, workers=workers)
