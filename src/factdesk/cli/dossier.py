"""``factdesk dossier``: one claim's dossier as Markdown, CSV or JSON on stdout."""

from __future__ import annotations

import click

from ..errors import NotFound
from ..store.dossier import claim_dossier
from ..store.dossier_formats import DOSSIER_FORMATS, render_dossier
from .app import db_option, guarded, main, open_store

__all__ = ["dossier_command"]


@main.command(name="dossier")
@click.argument("claim_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(list(DOSSIER_FORMATS)), default="md",
              show_default=True, help="md (a fact-check write-up skeleton), csv (a row per "
                                      "mention and per stance) or json.")
@click.pass_context
def dossier_command(ctx: click.Context, claim_id: str, db: str | None, fmt: str) -> None:
    """Print a claim's dossier: its mentions, sources, stances, quotes and articles.

    \b
    Examples:
      factdesk dossier claim-rigged --format md > rigged.md
      factdesk dossier claim-rigged --format csv --db news.db > rigged.csv
    """
    def work() -> str:
        dossier = claim_dossier(store, claim_id)
        if dossier is None:
            raise NotFound(f"no claim {claim_id!r}; `factdesk search WORDS --kind claims` "
                           "lists claim ids")
        return render_dossier(dossier, fmt)

    with open_store(ctx, db, readonly=True) as store:
        text = guarded(ctx, work)
    click.echo(text, nl=False)
