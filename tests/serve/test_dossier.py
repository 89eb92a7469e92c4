"""The claim dossier in JSON, CSV and Markdown, from the library, the pages, the
API and the CLI, for a claim whose quoted words attack each format."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from click.testing import CliRunner

from factdesk.store.dossier import claim_dossier
from factdesk.store.dossier_formats import CSV_COLUMNS, JSON_SCHEMA, render_dossier

from .conftest import fill
from .dossier_data import CLAIM_ID, FORMULA, QUOTED, TITLE, hostile_claim_records


@pytest.fixture
def store(store):
    store.write(hostile_claim_records())
    store.recluster()
    return store


def test_json_has_a_version_and_every_part(store):
    data = json.loads(render_dossier(claim_dossier(store, CLAIM_ID), "json"))
    jsonschema.validate(data, JSON_SCHEMA)
    assert data["format_version"] == 1
    assert data["claim_id"] == CLAIM_ID and data["title"] == TITLE
    assert data["sources"] == ["Critics", "Mayor Jo Park"]
    assert {(s["source"], s["stance"], s["dates"][0][:10]) for s in data["stances"]} == {
        ("Critics", "asserts", "2024-06-03"), ("Mayor Jo Park", "denies", "2024-06-05")}
    assert [q["text"] for q in data["quotes"]] == [QUOTED]
    outlets = {a["outlet"]: a["url"] for a in data["articles"]}
    assert outlets == {'Ledger, "Daily"': "https://ledger.example/prices",
                       "Courier": "https://courier.example/mayor"}


def test_mention_offsets_index_the_article_text(store):
    dossier = claim_dossier(store, CLAIM_ID)
    for mention in dossier.mentions:
        (text,) = store.conn.execute("SELECT text FROM articles WHERE id = ?",
                                     (mention.article_id,)).fetchone()
        assert text[mention.start:mention.end] == mention.text


def test_csv_round_trips_and_defuses_formulas(store):
    rows = list(csv.reader(io.StringIO(render_dossier(claim_dossier(store, CLAIM_ID), "csv"),
                                       newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, row)) for row in rows[1:]]
    assert [r["row"] for r in body] == ["mention", "mention", "stance", "stance"]
    assert body[0]["text"] == "'" + QUOTED  # commas, quotes and the newline survive
    assert body[0]["outlet"] == 'Ledger, "Daily"'
    assert all(r["claim"] == "'" + TITLE for r in body)  # @ starts a formula too
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_markdown_escapes_quoted_text(store):
    md = render_dossier(claim_dossier(store, CLAIM_ID), "md")
    assert md.startswith("# Claim: @SUM\\(1\\+1\\) prices are \\*up\\*")
    assert "> \\=cmd\\|' /C calc'\\!A0 prices are \\*up\\*, \"really\" \\_up\\_ and " \
           "\\[rising\\]\\(x\\) \\# fast\n" in md
    asserts, denies = md.index("### Asserts"), md.index("### Denies")
    assert asserts < md.index("**Critics** (asserts; 2024-06-03)") < denies
    assert denies < md.index("**Mayor Jo Park** (denies; 2024-06-05)")
    assert "(https://courier.example/mayor)" in md
    assert "*up*" not in md and "[rising]" not in md  # nothing unescaped from the quote


@pytest.mark.parametrize(("fmt", "kind"), [("json", "application/json"),
                                           ("csv", "text/csv"), ("md", "text/markdown")])
def test_downloads_are_attachments(client, fmt, kind):
    answer = client.get(f"/claims/{CLAIM_ID}/dossier.{fmt}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(kind)
    assert answer.headers["content-disposition"] == \
        f'attachment; filename="claim-{CLAIM_ID}.{fmt}"'
    api = client.get(f"/api/claims/{CLAIM_ID}/dossier", params={"format": fmt})
    assert api.status_code == 200 and api.text == answer.text
    assert "content-disposition" not in api.headers


def test_claim_page_links_the_downloads(client):
    html = client.get(f"/claims/{CLAIM_ID}").text
    for fmt in ("md", "csv", "json"):
        assert f'href="/claims/{CLAIM_ID}/dossier.{fmt}"' in html


def test_unknown_claim_is_404(client):
    page = client.get("/claims/nope/dossier.md")
    assert page.status_code == 404 and "no claim &#39;nope&#39;" in page.text
    api = client.get("/api/claims/nope/dossier")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_unknown_format_is_refused(client):
    assert client.get(f"/api/claims/{CLAIM_ID}/dossier?format=xls").status_code == 400
    assert client.get(f"/claims/{CLAIM_ID}/dossier.xls").status_code in (404, 422)


def test_cli_prints_the_dossier(tmp_path):
    from factdesk.cli import main
    from factdesk.store import Store

    db = tmp_path / "news.db"
    with Store(str(db)) as store:
        fill(store)
        store.write(hostile_claim_records())
        store.recluster()
    runner = CliRunner()
    done = runner.invoke(main, ["dossier", CLAIM_ID, "--db", str(db), "--format", "md"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("# Claim: ") and FORMULA not in done.output
    missing = runner.invoke(main, ["dossier", "nope", "--db", str(db)])
    assert missing.exit_code == 1 and "no claim 'nope'" in missing.output


def test_the_json_schema_refuses_a_changed_shape(store):
    data = json.loads(render_dossier(claim_dossier(store, CLAIM_ID), "json"))
    data["mentions"][0]["start"] = "43"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, JSON_SCHEMA)
