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
