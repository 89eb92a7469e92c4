"""``factdesk clean`` and ``factdesk analyze``: one-off runs printed as they come."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import FactdeskError
from ..ingest import read_metadata
from ..model import PageOutcome, to_dict
from ..pipeline import run_sources
from .app import input_file_option, main, settings_of, sources_given, stderr_console
from .render import render_analysis, render_article

__all__ = ["analyze", "clean"]


def _page_options(command):
    """The options every page-reading command shares: sources, format, kind."""
    command = click.option("--kind", type=click.Choice(["auto", "html", "text"]), default="auto",
                           help="Treat inputs as HTML or text dumps instead of sniffing.")(command)
    command = click.option("--metadata", "metadata_file", type=click.Path(dir_okay=False),
                           default=None,
                           help="CSV or TSV of archive metadata (as for ingest) filling what "
                                "the pages do not print.")(command)
    command = click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]),
                           default=None,
                           help="Output format (default: text on a terminal, json otherwise).")(
        command)
    command = input_file_option(command)
    return click.argument("sources", nargs=-1)(command)


@main.command()
@_page_options
@click.pass_context
def clean(ctx: click.Context, sources: tuple[str, ...], fmt: str | None, kind: str,
          metadata_file: str | None, input_file) -> None:
    """Clean news pages: print each article without the site around it.

    SOURCES are files (.html, .txt, optionally .gz), folders, globs, http(s)
    URLs, RSS/Atom feeds and XML sitemaps (their pages are read), WARC files,
    or - for standard input, read as `factdesk ingest` reads them.  Pages
    cleaned together teach each other their site's chrome.

    \b
    Examples:
      factdesk clean examples/harbour-ferry-contract.txt
      factdesk clean examples/ --format jsonl > articles.jsonl
      factdesk clean https://www.example.org/news/some-story
      factdesk clean https://www.example.org/feed.xml --format jsonl
      factdesk clean - --kind html < page.html
      factdesk clean --input-file urls.txt --format jsonl
    """
    _run(ctx, False, sources_given(sources, input_file), fmt, kind, metadata_file)


def _run(ctx: click.Context, with_analysis: bool, sources: tuple[str, ...], fmt: str | None,
         kind: str, metadata_file: str | None = None) -> None:
    """Run a pipeline over the sources and print each outcome as it comes."""
    settings = settings_of(ctx)
    fmt = fmt or ("text" if sys.stdout.isatty() else "json")
    outcomes: list[PageOutcome] = []
    try:
        metadata = None if metadata_file is None else read_metadata(
            metadata_file, default_timezone=settings.default_timezone)
        stream = run_sources(sources, settings, analyze=with_analysis,
                             kind=None if kind == "auto" else kind, metadata=metadata)
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
            metadata_file: str | None, input_file, model: str | None) -> None:
    """Clean pages, then find who is in them and who said what.

    Prints each article with its entities (aliases merged, roles) and quotes
    (speaker, cue, addressee), every item with offsets into the article text.

    \b
    Examples:
      factdesk analyze examples/harbour-ferry-contract.txt
      factdesk analyze examples/ --format jsonl > analyses.jsonl
      factdesk analyze --input-file urls.txt
    """
    sources = sources_given(sources, input_file)
    if model:
        ctx.obj["settings"] = ctx.obj["settings"].replace(spacy_model=model)
    _run(ctx, True, sources, fmt, kind, metadata_file)


def _is_folder(sources: tuple[str, ...]) -> bool:
    return any(Path(s).is_dir() for s in sources if s != "-")


def _record(outcome: PageOutcome) -> dict:
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
    with Progress(*columns, transient=True, console=stderr_console()) as bar:
        task = bar.add_task("cleaning", total=None)
        for n, item in enumerate(stream, 1):
            bar.update(task, description=f"cleaned {n} pages", advance=1)
            yield item
