import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def test_clean_one_text_dump_prints_json(run, examples_dir):
    result = run("clean", str(examples_dir / "harbour-ferry-contract.txt"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["type"] == "Article"
    assert data["headline"]["text"].startswith("Port authority denies ferry contract")


def test_clean_folder_jsonl_one_line_per_page(run, examples_dir):
    result = run("clean", str(examples_dir), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    pages = sorted(p for p in examples_dir.iterdir() if p.suffix in {".txt", ".html"})
    assert [r["source"] for r in lines] == [str(p) for p in pages]
    assert all(r["type"] == "Article" for r in lines)


def test_stdin_with_kind_override(run, examples_dir):
    html = (examples_dir / "valley-reservoir-drought.html").read_bytes()
    result = run("clean", "-", "--kind", "html", "--format", "json", input=html)
    assert result.exit_code == 0, result.stderr
    assert "41 per cent" in json.loads(result.stdout)["text"]


def test_text_format_is_readable(run, examples_dir):
    result = run("clean", str(examples_dir / "harbour-school-roof.txt"), "--format", "text")
    assert result.exit_code == 0
    assert "headline:  Pupils moved out of Westbrook primary" in result.stdout
    assert "removed " in result.stdout


def test_rejected_page_exits_1_with_one_line_message(run, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = run("clean", str(empty), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["reason"] == "empty"
    assert re.search(r"factdesk: .*empty\.html: rejected \(empty\)", result.stderr)


def test_missing_file_exits_1(run, tmp_path):
    result = run("clean", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "no such file" in result.stderr


@pytest.mark.parametrize("args", [["clean"], ["clean", "x", "--format", "xml"],
                                  ["--set", "nonsense", "settings"],
                                  ["--set", "no_such=1", "settings"]],
                         ids=["no-source", "bad-format", "not-name-value", "unknown-setting"])
def test_usage_errors_exit_2(run, args):
    assert run(*args).exit_code == 2


def test_settings_command_lists_every_setting(run):
    result = run("--set", "min_body_chars=5", "settings")
    assert result.exit_code == 0
    assert "min_body_chars = 5" in result.stdout
    assert "spacy_model = " in result.stdout


def test_every_command_has_an_example_and_is_in_the_readme(run):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert "Example" in (command.help or ""), name
        assert f"factdesk {name}" in readme, name


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    main_cmd, test_cmd = blocks[0], blocks[1]
    assert "pip install" in main_cmd and "factdesk" in main_cmd
    assert "pip install" in test_cmd and "pytest" in test_cmd
    assert readme.index("<!-- test-command -->") < readme.index(test_cmd)
    assert "test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.slow
def test_analyze_prints_article_with_entities_and_quotes(run, examples_dir):
    result = run("analyze", str(examples_dir / "valley-reservoir-drought.html"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["type"] == "AnalyzedArticle"
    text = record["article"]["text"]
    names = {e["name"] for e in record["analysis"]["entities"]}
    assert {"Kwame Mensah", "Tarne Rivers Trust"} <= names
    quotes = record["analysis"]["quotes"]
    assert any("supplies are secure for this summer" in q["span"]["text"] for q in quotes)
    for quote in quotes:
        span = quote["span"]
        assert text[span["start"]:span["end"]] == span["text"]
        assert quote["analyzer"].startswith("quotes.rules.")


@pytest.mark.slow
def test_analyze_text_report_groups_by_speaker(run, examples_dir):
    result = run("analyze", str(examples_dir / "valley-reservoir-drought.html"), "--format", "text")
    assert result.exit_code == 0
    assert "who said what:" in result.stdout and "entities:" in result.stdout


# ---------------------------------------------------------------------------
# the store commands: ingest, search, export, db stats, reanalyze, watch


def test_store_commands_have_examples_and_db_defaults_to_the_setting(run):
    for name in ("ingest", "search", "export", "reanalyze", "watch"):
        assert "Example" in main.commands[name].help
    assert "Example" in main.commands["db"].commands["stats"].help
    result = run("--set", "db_path=elsewhere.db", "settings")
    assert "db_path = 'elsewhere.db'" in result.stdout


def test_search_without_a_database_says_what_to_do(run, tmp_path):
    result = run("search", "anything", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "run factdesk ingest first" in result.stderr


@pytest.mark.slow
def test_readme_main_job_ingests_examples_and_finds_a_quote_by_speaker(tmp_path, examples_dir):
    """The README's main job, in a fresh folder: the default database is factdesk.db."""
    import subprocess
    import sys

    def factdesk(*args):
        return subprocess.run([sys.executable, "-m", "factdesk", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)

    ingested = factdesk("ingest", str(examples_dir))
    assert ingested.returncode == 0, ingested.stderr
    summary = json.loads(ingested.stdout)
    assert summary["articles"] == 4 and summary["rejects"] == 0
    assert (tmp_path / "factdesk.db").exists()
    assert (Path(summary["folder"]) / "settings.json").exists()
    found = factdesk("search", "Kwame Mensah", "--kind", "quotes", "--format", "json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits and all(h["title"] == "Kwame Mensah" for h in hits)
    assert any("supplies are secure" in h["snippet"] for h in hits)


@pytest.mark.slow
def test_ingest_export_stats_and_reanalyze(run, tmp_path):
    from tests.store.newsroom import write_pages

    folder = tmp_path / "pages"
    write_pages(folder, 3)
    db = str(tmp_path / "cli.db")
    first = run("--set", "workers=1", "ingest", str(folder), "--db", db)
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["articles"] == 3
    again = run("--set", "workers=1", "ingest", str(folder), "--db", db)
    assert json.loads(again.stdout)["skipped"] == 3
    stats = json.loads(run("db", "stats", "--db", db).stdout)
    assert stats["counts"]["articles"] == 3 and stats["migrations"][0] == "0001_core_tables"
    jsonl = run("export", "--db", db, "--format", "jsonl")
    assert [json.loads(line)["type"] for line in jsonl.stdout.splitlines()] == [
        "AnalyzedArticle"] * 3
    csv_out = run("export", "--db", db, "--format", "csv", "--table", "quotes")
    assert csv_out.stdout.startswith("id,article_id,kind,")
    parquet = tmp_path / "q.parquet"
    assert run("export", "--db", db, "--format", "parquet", "--table", "entities",
               "-o", str(parquet)).exit_code == 0
    assert parquet.stat().st_size > 0
    assert run("export", "--db", db, "--format", "parquet").exit_code == 2
    hits = json.loads(run("search", "council", "--db", db, "--format", "json").stdout)
    assert {h["kind"] for h in hits} >= {"articles", "quotes"}
    assert json.loads(run("reanalyze", "--db", db).stdout) == {"reanalyzed": 0}
    assert json.loads(run("reanalyze", "--db", db, "--all").stdout) == {"reanalyzed": 3}
