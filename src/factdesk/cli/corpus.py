"""Commands over the corpus in the database: ingest, search, export, db stats,
reanalyze and watch."""

from __future__ import annotations

import json
import logging
import sys

import click

from ..errors import QuerySyntaxError
from ..scale.batch import reanalyze, run_batch
from ..ingest import Fetcher, read_metadata
from ..scale.feed_polling import watch
from ..store import (
    EXPORT_FORMATS,
    EXPORT_TABLES,
    TEXT_KINDS,
    SearchHit,
    db_stats,
    export,
    text_search,
)
from ..store.marks import bracketed
from .app import db_option, guarded, input_file_option, main, open_store, settings_of
from .app import setting_option, sources_given, stderr_console, stdout_console
from .logs import log_format_option
from .shutdown import GracefulStop

__all__ = ["db_group", "export_command", "ingest_command", "reanalyze_command", "search_command",
           "watch_command"]

log = logging.getLogger("factdesk.cli")


@main.command(name="ingest")
@click.argument("sources", nargs=-1)
@input_file_option
@db_option
@setting_option("executor", "--executor",
                help="Run shards in a local process pool (default) or on Ray.")
@setting_option("workers", "--workers", help="Worker processes (0: one per CPU).")
@setting_option("ray_address", "--ray-address",
                help="With --executor ray: the cluster's head, HOST:6379 (default: start a "
                     "single-node Ray here).  Its nodes need not see the pages or the database.")
@click.option("--metadata", "metadata_file", type=click.Path(dir_okay=False), default=None,
              help="CSV or TSV of archive metadata (columns file/url, outlet, date, title, "
                   "author) filling what the pages do not print.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default=None,
              help="Summary format (default: a few lines of text on a terminal, JSON "
                   "otherwise).")
@log_format_option(service=False)
@click.pass_context
def ingest_command(ctx: click.Context, sources: tuple[str, ...], input_file, db: str | None,
                   executor: str | None, workers: int | None, ray_address: str | None,
                   metadata_file: str | None, fmt: str | None) -> None:
    """Clean, analyze and store pages in the database.

    SOURCES are files, folders, globs, - (stdin), URLs, RSS/Atom feeds, XML
    sitemaps and WARC files (.warc, .warc.gz).  Pages already stored are
    skipped; an interrupted run resumes when started again.  Progress goes to
    stderr, the run's summary to stdout (a few lines on a terminal, JSON when
    piped or with --format json); the resolved settings are written beside
    the run, in DB.runs/RUN_ID/.

    \b
    Examples:
      factdesk ingest examples/
      factdesk ingest news.warc.gz https://www.example.org/feed.xml --db news.db
      factdesk ingest polnear/dev/text/ --metadata polnear/metadata.tsv
      factdesk ingest --input-file urls.txt --format json > summary.json
      factdesk ingest pages/ --executor ray --ray-address head.example.org:6379
    """
    sources = sources_given(sources, input_file)
    given = (("executor", executor), ("workers", workers), ("ray_address", ray_address))
    changes = {k: v for k, v in given if v is not None}
    settings = settings_of(ctx).replace(**changes)
    metadata = None
    if metadata_file is not None:
        metadata = guarded(ctx, lambda: read_metadata(
            metadata_file, default_timezone=settings.default_timezone))
    with open_store(ctx, db) as store, _IngestBar() as progress:
        summary = guarded(ctx, lambda: run_batch(sources, settings, store, progress=progress,
                                              metadata=metadata))
    reasons = ", ".join(f"{n} {r}" for r, n in summary["reasons"].items()) or "none"
    line = (f"{summary['articles']} new articles from {summary['pages']} pages "
            f"({summary['skipped']} already stored); rejects: {reasons}")
    if (fmt or ("text" if sys.stdout.isatty() else "json")) == "json":
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        click.echo(f"factdesk: {line}", err=True)
    else:
        click.echo(f"{line}\n{summary['seconds']:g} s; run {summary['run_id']} "
                   f"(settings and shards in {summary['folder']})")


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
                            console=stderr_console(), transient=True)
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
@db_option
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in TEXT_KINDS]),
              help="What to search (repeatable; default: articles, quotes and claims).")
@click.option("--limit", type=int, default=10, help="Hits per kind.")
@click.option("--raw", is_flag=True, help="Pass QUERY to SQLite FTS5 as query syntax.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default=None,
              help="Output format (default: a table on a terminal, JSON otherwise).")
@click.pass_context
def search_command(ctx: click.Context, query: str, db: str | None, kinds: tuple[str, ...],
                   limit: int, raw: bool, fmt: str | None) -> None:
    """Search stored articles, quotes (by text or speaker) and claims.

    QUERY is in the web search box's language: words (all must occur),
    "a phrase", OR, -word or NOT word, prefix*, (groups), speaker:name and
    outlet:name.  A malformed query exits with code 2 and says why.  A query
    that starts with - goes after -- (factdesk search -- -Trump Comey).

    \b
    Examples:
      factdesk search "Kwame Mensah"
      factdesk search reservoir --kind quotes --format json
      factdesk search '"Clinton email" OR Comey -Trump speaker:Nicholson'
    """
    def work() -> list[SearchHit] | QuerySyntaxError:
        try:
            return text_search(store, query, kinds=kinds or TEXT_KINDS, limit=limit, raw=raw)
        except QuerySyntaxError as exc:
            return exc

    with open_store(ctx, db, readonly=True) as store:
        found = guarded(ctx, work)
    if isinstance(found, QuerySyntaxError):  # a usage error, said as the web app says it
        raise click.UsageError(str(found), ctx)
    hits = [_hit_row(hit) for hit in found]
    if (fmt or ("table" if sys.stdout.isatty() else "json")) == "json":
        click.echo(json.dumps(hits, indent=2, ensure_ascii=False))
    else:
        from rich.table import Table

        table = Table("kind", "who / headline", "snippet", "id")
        for hit in hits:
            table.add_row(hit["kind"], hit["title"] or "", hit["snippet"].replace("\n", " "),
                          hit["id"])
        stdout_console().print(table)
    if not hits:
        click.echo(f"factdesk: nothing matches {query!r}", err=True)
        ctx.exit(1)


def _hit_row(hit: SearchHit) -> dict:
    """A hit as ``factdesk search`` prints it: a quote under its speaker, a claim under
    its key, matches in [brackets]."""
    title = {"quotes": hit.speaker, "claims": hit.key}.get(hit.kind, hit.title)
    return {"kind": hit.kind.value, "id": hit.id, "article_id": hit.article_id, "title": title,
            "snippet": bracketed(hit.snippet), "score": round(hit.score, 4)}


@main.command(name="export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              help="jsonl (default), csv or parquet.")
@click.option("--table", type=click.Choice(sorted(EXPORT_TABLES)), default="articles",
              help="What to export; jsonl of articles gives full analysed records.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write here instead of stdout (required for parquet).")
@click.pass_context
def export_command(ctx: click.Context, db: str | None, fmt: str, table: str,
                   output: str | None) -> None:
    """Export stored articles, quotes, entities (and the per-article ids each
    goes by: entity_aliases), claims, facts or rejects.

    \b
    Examples:
      factdesk export --format jsonl > articles.jsonl
      factdesk export --format parquet --table quotes -o quotes.parquet
    """
    with open_store(ctx, db, readonly=True) as store:
        if fmt == "parquet" or output:
            if fmt == "parquet" and not output:
                raise click.UsageError("parquet needs --output PATH")
            if fmt == "parquet":
                count = guarded(ctx, lambda: export(store, fmt, table, output))
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = guarded(ctx, lambda: export(store, fmt, table, out))
        else:
            count = guarded(ctx, lambda: export(store, fmt, table, sys.stdout))
    click.echo(f"factdesk: exported {count} rows of {table}", err=True)


@main.group(name="db")
def db_group() -> None:
    """Inspect the database.

    \b
    Example:
      factdesk db stats
    """


@db_group.command(name="stats")
@db_option
@click.pass_context
def db_stats_command(ctx: click.Context, db: str | None) -> None:
    """Row counts of every table, applied migrations and the last runs.

    \b
    Example:
      factdesk db stats --db news.db
    """
    with open_store(ctx, db, readonly=True) as store:
        data = db_stats(store)
    click.echo(json.dumps(data, indent=2))


@main.command(name="reanalyze")
@db_option
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
    with open_store(ctx, db, must_exist=True) as store:
        count = guarded(ctx, lambda: reanalyze(store, settings_of(ctx), all_articles=all_articles))
    click.echo(json.dumps({"reanalyzed": count}))


@main.command(name="watch")
@click.argument("feeds", nargs=-1, required=True)
@db_option
@setting_option("watch_interval", "--interval",
                help="Seconds between polls (default: the watch_interval setting).")
@click.option("--once", is_flag=True, help="Poll once and exit.")
@log_format_option(service=True)
@click.pass_context
def watch_command(ctx: click.Context, feeds: tuple[str, ...], db: str | None,
                  interval: float | None, once: bool) -> None:
    """Poll RSS/Atom feeds and ingest only what is new.

    Each poll sends the feed's last ETag/Last-Modified (a 304 costs nothing),
    honours robots.txt, and ingests entries whose URL is not stored yet.
    Skipped or unreadable feeds and entries are counted on stderr; with
    --once, the exit code is 1 when the poll found nothing it could ingest
    because of them.  Without --once it runs until SIGTERM or Ctrl-C, which
    stop it after the poll under way (each poll is logged on stderr).

    \b
    Example:
      factdesk watch https://www.example.org/feed.xml --interval 600
    """
    for feed in feeds:
        if not feed.lower().startswith(("http://", "https://")):
            raise click.BadParameter(f"{feed!r}: watch polls http(s) feed URLs",
                                     param_hint="FEEDS")
    settings = settings_of(ctx)
    if interval is not None:
        settings = settings.replace(watch_interval=interval)
    troubled = []

    def report(cycle) -> None:
        counts = {"polled": cycle.polled, "unchanged": cycle.unchanged,
                  "new_urls": cycle.new_urls, "problems": cycle.problems,
                  "articles": (cycle.summary or {}).get("articles", 0)}
        click.echo(json.dumps(counts))
        log.info("watch poll: %d feeds, %d new URLs, %d new articles", cycle.polled,
                 cycle.new_urls, counts["articles"], extra={"cycle": "watch", **counts})
        if cycle.problems:
            log.warning("%d feeds or entries skipped or unreadable (reasons: factdesk "
                        "export --table rejects)", cycle.problems)
            if not cycle.new_urls and cycle.unchanged < cycle.polled:
                troubled.append(cycle)  # a poll that read nothing it could ingest

    with open_store(ctx, db) as store, Fetcher(settings) as fetcher, GracefulStop() as stop:
        try:
            guarded(ctx, lambda: watch(feeds, settings, store, fetcher=fetcher,
                                        cycles=1 if once else None, report=report,
                                        sleep=stop.wait, stopped=lambda: stop.requested))
        except KeyboardInterrupt:
            click.echo("factdesk: stopped watching", err=True)
    if stop.requested:
        log.info("%s: stopped watching after the poll under way", stop.signal)
    if once and troubled:
        ctx.exit(1)
