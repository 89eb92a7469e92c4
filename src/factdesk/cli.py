"""The ``factdesk`` command line: a thin shell over the library.

stdout carries data; progress and messages go to stderr.  Exit codes: 0 ok,
1 a source failed or was rejected (with a one-line message each), 2 usage.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

import click

from .errors import FactdeskError
from .model import to_dict
from .ingest import Fetcher
from .batch import ingest, reanalyze, watch
from .pipeline import CleanOutcome, analyze_sources, clean_sources
from .render import render_analysis, render_article
from .settings import SETTINGS, load_settings
from .store import EXPORT_FORMATS, EXPORT_TABLES, KINDS, Store, export, search

__all__ = ["main"]


def _settings(ctx: click.Context):
    return ctx.obj["settings"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (default: ./factdesk.toml when it exists).")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override one setting; repeatable.  See `factdesk settings`.")
@click.option("-v", "--verbose", is_flag=True, help="Log progress details to stderr.")
@click.pass_context
def main(ctx: click.Context, config: str | None, overrides: tuple[str, ...], verbose: bool) -> None:
    """factdesk: parse the facts out of the messaging in news pages.

    \b
    Example:
      factdesk clean examples/ --format text
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    values = {}
    for item in overrides:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--set")
        values[name.strip()] = value
    try:
        settings = load_settings(config or "factdesk.toml", env=os.environ, overrides=values)
    except FactdeskError as exc:
        raise click.UsageError(str(exc)) from exc
    ctx.obj = {"settings": settings, "verbose": verbose}


def _page_options(command):
    """The options every page-reading command shares: sources, format, kind."""
    command = click.option("--kind", type=click.Choice(["auto", "html", "text"]), default="auto",
                           help="Treat inputs as HTML or text dumps instead of sniffing.")(command)
    command = click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]),
                           default=None,
                           help="Output format (default: text on a terminal, json otherwise).")(
        command)
    return click.argument("sources", nargs=-1, required=True)(command)


@main.command()
@_page_options
@click.pass_context
def clean(ctx: click.Context, sources: tuple[str, ...], fmt: str | None, kind: str) -> None:
    """Clean news pages: print each article without the site around it.

    SOURCES are files (.html, .txt, optionally .gz), folders, globs, http(s)
    URLs, or - for
    standard input.  Pages cleaned together teach each other their site's chrome.

    \b
    Examples:
      factdesk clean examples/harbour-ferry-contract.txt
      factdesk clean examples/ --format jsonl > articles.jsonl
      factdesk clean https://www.example.org/news/some-story
      factdesk clean - --kind html < page.html
    """
    _run(ctx, clean_sources, sources, fmt, kind)


def _run(ctx: click.Context, produce, sources: tuple[str, ...], fmt: str | None,
         kind: str) -> None:
    """Run a pipeline over the sources and print each outcome as it comes."""
    settings = _settings(ctx)
    fmt = fmt or ("text" if sys.stdout.isatty() else "json")
    outcomes: list[CleanOutcome] = []
    try:
        stream = produce(sources, settings, kind=None if kind == "auto" else kind)
        for outcome in _with_progress(stream, len(sources) > 1 or _is_folder(sources)):
            outcomes.append(outcome)
            if fmt == "jsonl":
                click.echo(json.dumps(_record(outcome), ensure_ascii=False))
            elif fmt == "text" and outcome.article is not None:
                click.echo(render_article(outcome.article) if outcome.analysis is None
                           else render_analysis(outcome.article, outcome.analysis))
    except FactdeskError as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:  # the process boundary: one line, traceback with -v
        if ctx.obj.get("verbose"):
            raise
        raise click.ClickException(f"internal error: {type(exc).__name__}: {exc} "
                                   "(run with -v for the traceback)") from exc
    if fmt == "json":
        records = [_record(o) for o in outcomes]
        click.echo(json.dumps(records[0] if len(records) == 1 else records,
                              ensure_ascii=False, indent=2))
    failed = [o for o in outcomes if o.article is None]
    for outcome in failed:
        message = outcome.error or (f"{outcome.source}: rejected "
                                    f"({outcome.rejection.reason.value}): {outcome.rejection.message}")
        click.echo(f"factdesk: {message}", err=True)
    if failed:
        ctx.exit(1)


@main.command()
@_page_options
@click.option("--model", default=None, metavar="NAME",
              help="spaCy pipeline to use (overrides the spacy_model setting).")
@click.pass_context
def analyze(ctx: click.Context, sources: tuple[str, ...], fmt: str | None, kind: str,
            model: str | None) -> None:
    """Clean pages, then find who is in them and who said what.

    Prints each article with its entities (aliases merged, roles) and quotes
    (speaker, cue, addressee), every item with offsets into the article text.

    \b
    Examples:
      factdesk analyze examples/harbour-ferry-contract.txt
      factdesk analyze examples/ --format jsonl > analyses.jsonl
    """
    if model:
        ctx.obj["settings"] = ctx.obj["settings"].replace(spacy_model=model)
    _run(ctx, analyze_sources, sources, fmt, kind)


def _is_folder(sources: tuple[str, ...]) -> bool:
    return any(Path(s).is_dir() for s in sources if s != "-")


def _record(outcome: CleanOutcome) -> dict:
    if outcome.analysis is not None:
        return {"type": "AnalyzedArticle", "article": to_dict(outcome.article),
                "analysis": to_dict(outcome.analysis)}
    if outcome.article is not None:
        return to_dict(outcome.article)
    if outcome.rejection is not None:
        return to_dict(outcome.rejection)
    return {"type": "Error", "source": outcome.source, "message": outcome.error}


def _with_progress(stream, show: bool):
    if not show or not sys.stderr.isatty():
        yield from stream
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("cleaning", total=None)
        for n, item in enumerate(stream, 1):
            bar.update(task, description=f"cleaned {n} pages", advance=1)
            yield item


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True, no_color="NO_COLOR" in os.environ)


@main.command(name="settings")
@click.pass_context
def settings_command(ctx: click.Context) -> None:
    """Show every setting, its resolved value and what it does.

    Settings come from defaults < factdesk.toml < FACTDESK_* environment
    variables < --set NAME=VALUE.

    \b
    Example:
      factdesk --set min_body_chars=200 settings
    """
    resolved = _settings(ctx).to_dict()
    for setting in SETTINGS:
        click.echo(f"{setting.name} = {resolved[setting.name]!r}")
        click.echo(f"    {setting.help}")


def _db_option(command):
    return click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
                        help="SQLite database (default: the db_path setting, factdesk.db).")(
        command)


def _open_store(ctx: click.Context, db: str | None, *, readonly: bool = False) -> Store:
    path = db or _settings(ctx).db_path
    if readonly and not Path(path).exists():
        raise click.ClickException(f"{path}: no database yet; run factdesk ingest first")
    try:
        return Store(path, readonly=readonly)
    except FactdeskError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command(name="ingest")
@click.argument("sources", nargs=-1, required=True)
@_db_option
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="Run shards in a local process pool (default) or on Ray.")
@click.option("--workers", type=int, default=None, help="Worker processes (0: one per CPU).")
@click.pass_context
def ingest_command(ctx: click.Context, sources: tuple[str, ...], db: str | None,
                   executor: str | None, workers: int | None) -> None:
    """Clean, analyze and store pages in the database.

    SOURCES are files, folders, globs, - (stdin), URLs, RSS/Atom feeds, XML
    sitemaps and WARC files (.warc, .warc.gz).  Pages already stored are
    skipped; an interrupted run resumes when started again.  Progress goes to
    stderr, the run's summary (JSON) to stdout; the resolved settings are
    written beside the run, in DB.runs/RUN_ID/.

    \b
    Examples:
      factdesk ingest examples/
      factdesk ingest news.warc.gz https://www.example.org/feed.xml --db news.db
    """
    changes = {k: v for k, v in (("executor", executor), ("workers", workers)) if v is not None}
    settings = _settings(ctx).replace(**changes)
    with _open_store(ctx, db) as store, _IngestBar() as progress:
        summary = _guarded(ctx, lambda: ingest(sources, settings, store, progress=progress))
    click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    reasons = ", ".join(f"{n} {r}" for r, n in summary["reasons"].items()) or "none"
    click.echo(f"factdesk: {summary['articles']} new articles from {summary['pages']} pages "
               f"({summary['skipped']} already stored); rejects: {reasons}", err=True)


def _guarded(ctx: click.Context, work):
    """Run ``work`` at the process boundary: one-line errors, traceback with -v."""
    try:
        return work()
    except FactdeskError as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:  # the process boundary
        if ctx.obj.get("verbose"):
            raise
        raise click.ClickException(f"internal error: {type(exc).__name__}: {exc} "
                                   "(run with -v for the traceback)") from exc


class _IngestBar:
    """A progress bar on stderr: pages, pages/s, ETA, rejects (quiet when not a TTY)."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeRemainingColumn)

        self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} pages/s"), TimeRemainingColumn(),
                            TextColumn("rejects {task.fields[rejects]}"),
                            console=_stderr_console(), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("ingest", total=None, rate="-", rejects=0)
        return self.update

    def update(self, state) -> None:
        speed = self.bar.tasks[0].speed
        self.bar.update(self.task, total=state.pages, completed=state.done,
                        rate=f"{speed:.1f}" if speed else "-", rejects=state.rejects)

    def __exit__(self, *exc):
        if hasattr(self, "bar"):
            self.bar.stop()


@main.command(name="search")
@click.argument("query")
@_db_option
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="What to search (repeatable; default: articles, quotes and claims).")
@click.option("--limit", type=int, default=10, help="Hits per kind.")
@click.option("--raw", is_flag=True, help="Pass QUERY to SQLite FTS5 as query syntax.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default=None,
              help="Output format (default: a table on a terminal, JSON otherwise).")
@click.pass_context
def search_command(ctx: click.Context, query: str, db: str | None, kinds: tuple[str, ...],
                   limit: int, raw: bool, fmt: str | None) -> None:
    """Search stored articles, quotes (by text or speaker) and claims.

    \b
    Examples:
      factdesk search "Kwame Mensah"
      factdesk search reservoir --kind quotes --format json
    """
    with _open_store(ctx, db, readonly=True) as store:
        hits = _guarded(ctx, lambda: search(store.conn, query, kinds=kinds or KINDS,
                                            limit=limit, raw=raw))
    if (fmt or ("table" if sys.stdout.isatty() else "json")) == "json":
        click.echo(json.dumps([h.to_dict() for h in hits], indent=2, ensure_ascii=False))
    else:
        from rich.table import Table

        table = Table("kind", "who / headline", "snippet", "id")
        for hit in hits:
            table.add_row(hit.kind, hit.title or "", hit.snippet.replace("\n", " "), hit.id)
        _stdout_console().print(table)
    if not hits:
        click.echo(f"factdesk: nothing matches {query!r}", err=True)
        ctx.exit(1)


def _stdout_console():
    from rich.console import Console

    return Console(no_color="NO_COLOR" in os.environ)


@main.command(name="export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              help="jsonl (default), csv or parquet.")
@click.option("--table", type=click.Choice(sorted(EXPORT_TABLES)), default="articles",
              help="What to export; jsonl of articles gives full analysed records.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write here instead of stdout (required for parquet).")
@click.pass_context
def export_command(ctx: click.Context, db: str | None, fmt: str, table: str,
                   output: str | None) -> None:
    """Export stored articles, quotes, entities, claims, facts or rejects.

    \b
    Examples:
      factdesk export --format jsonl > articles.jsonl
      factdesk export --format parquet --table quotes -o quotes.parquet
    """
    with _open_store(ctx, db, readonly=True) as store:
        if fmt == "parquet" or output:
            if fmt == "parquet" and not output:
                raise click.UsageError("parquet needs --output PATH")
            if fmt == "parquet":
                count = _guarded(ctx, lambda: export(store.conn, fmt, table, output))
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = _guarded(ctx, lambda: export(store.conn, fmt, table, out))
        else:
            count = _guarded(ctx, lambda: export(store.conn, fmt, table, sys.stdout))
    click.echo(f"factdesk: exported {count} rows of {table}", err=True)


@main.group(name="db")
def db_group() -> None:
    """Inspect the database.

    \b
    Example:
      factdesk db stats
    """


@db_group.command(name="stats")
@_db_option
@click.pass_context
def db_stats(ctx: click.Context, db: str | None) -> None:
    """Row counts of every table, applied migrations and the last runs.

    \b
    Example:
      factdesk db stats --db news.db
    """
    with _open_store(ctx, db, readonly=True) as store:
        runs = [dict(zip(("id", "started", "finished", "executor"), row)) for row in
                store.conn.execute("SELECT id, started, finished, executor FROM runs "
                                   "ORDER BY started DESC LIMIT 5")]
        data = {"path": store.path, "migrations": store.migrations(), "counts": store.counts(),
                "reject_reasons": dict(store.conn.execute(
                    "SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY reason")),
                "runs": runs}
    click.echo(json.dumps(data, indent=2))


@main.command(name="reanalyze")
@_db_option
@click.option("--all", "all_articles", is_flag=True,
              help="Re-run every article, not only those analysed by older analyzers.")
@click.pass_context
def reanalyze_command(ctx: click.Context, db: str | None, all_articles: bool) -> None:
    """Re-run analysis on stored articles after an analyzer upgrade.

    Articles whose facts came from other analyzer versions than the installed
    ones are analysed again from their stored text; pages are not re-read.

    \b
    Example:
      factdesk reanalyze --db news.db
    """
    with _open_store(ctx, db) as store:
        count = _guarded(ctx, lambda: reanalyze(store, _settings(ctx), all_articles=all_articles))
    click.echo(json.dumps({"reanalyzed": count}))


@main.command(name="notify")
@_db_option
@click.option("--every", type=float, default=None,
              help="Keep running: process again every this many seconds (retries come due).")
@click.pass_context
def notify_command(ctx: click.Context, db: str | None, every: float | None) -> None:
    """Notify followers of new events and retry failed deliveries.

    Ingest and reanalyze already do this after they write; run it on a schedule
    (or with --every) so that deliveries that failed (a webhook down, an SMTP
    server away) are retried with backoff.  Prints what each pass did as JSON.

    \b
    Example:
      factdesk notify --db news.db --every 60
    """
    from . import notify

    settings = _settings(ctx)
    with _open_store(ctx, db) as store:
        try:
            while True:
                stats = _guarded(ctx, lambda: notify.process(store, settings))
                click.echo(json.dumps(stats.to_dict()))
                if every is None:
                    break
                time.sleep(max(1.0, every))
        except KeyboardInterrupt:
            click.echo("factdesk: stopped notifying", err=True)


@main.group(name="users")
def users_group() -> None:
    """Manage the web app's user accounts.

    \b
    Example:
      factdesk users promote ana --db news.db
    """


@users_group.command(name="promote")
@click.argument("name")
@_db_option
@click.option("--role", type=click.Choice(["admin", "user"]), default="admin", show_default=True,
              help="The role to give (user takes admin rights away).")
@click.pass_context
def promote_command(ctx: click.Context, name: str, db: str | None, role: str) -> None:
    """Give a registered user the admin role (admins can hide comments).

    \b
    Example:
      factdesk users promote ana --db news.db
    """
    from .store.accounts import set_role

    with _open_store(ctx, db) as store:
        def promote():
            with store.transaction() as conn:
                return set_role(conn, name, role)
        user = _guarded(ctx, promote)
    click.echo(json.dumps({"user": user.name, "role": user.role}))


@main.command(name="serve")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.pass_context
def serve_command(ctx: click.Context, db: str | None, host: str, port: int) -> None:
    """Open the web app and JSON API over a database (needs the serve extra).

    Search, article view with highlights, entity and claim pages (with a stance
    timeline) and an ingest page; the API's OpenAPI document is at
    /api/openapi.json.  Runs until interrupted.

    \b
    Example:
      factdesk serve --db news.db --port 8000
    """
    path = db or _settings(ctx).db_path
    if not Path(path).exists():
        raise click.ClickException(f"{path}: no database yet; run factdesk ingest first")
    try:
        from .serve import serve
    except ImportError as exc:
        raise click.ClickException(
            f"the web app needs the serve extra: pip install 'factdesk[serve]' ({exc})") from exc
    click.echo(f"factdesk: serving {path} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    serve(_settings(ctx), path, host, port)


@main.command(name="watch")
@click.argument("feeds", nargs=-1, required=True)
@_db_option
@click.option("--interval", type=float, default=None,
              help="Seconds between polls (default: the watch_interval setting).")
@click.option("--once", is_flag=True, help="Poll once and exit.")
@click.pass_context
def watch_command(ctx: click.Context, feeds: tuple[str, ...], db: str | None,
                  interval: float | None, once: bool) -> None:
    """Poll RSS/Atom feeds and ingest only what is new.

    Each poll sends the feed's last ETag/Last-Modified (a 304 costs nothing),
    honours robots.txt, and ingests entries whose URL is not stored yet.

    \b
    Example:
      factdesk watch https://www.example.org/feed.xml --interval 600
    """
    settings = _settings(ctx)
    if interval is not None:
        settings = settings.replace(watch_interval=interval)

    def report(cycle) -> None:
        click.echo(json.dumps({"polled": cycle.polled, "unchanged": cycle.unchanged,
                               "new_urls": cycle.new_urls, "problems": cycle.problems,
                               "articles": (cycle.summary or {}).get("articles", 0)}))

    with _open_store(ctx, db) as store, Fetcher(settings) as fetcher:
        try:
            _guarded(ctx, lambda: watch(feeds, settings, store, fetcher=fetcher,
                                        cycles=1 if once else None, report=report))
        except KeyboardInterrupt:
            click.echo("factdesk: stopped watching", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
