"""The command line's own contract, tried as a new user would (issue 15 item 6):
bad input ends in a one-line message and the right exit code (1 error, 2
usage), never a traceback, never a silently created or ignored file."""

import json

import pytest
from click.testing import CliRunner

import factdesk
from factdesk.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no factdesk.toml or factdesk.db of the caller's
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def _one_line_error(result, code, *words):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert all(word in result.stderr for word in words), result.stderr


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"factdesk {factdesk.__version__}"


def test_one_missing_source_does_not_stop_the_good_one(run, examples_dir):
    good = str(examples_dir / "harbour-ferry-contract.txt")
    result = run("clean", "missing.html", good, "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["type"] for r in records] == ["Error", "Article"]
    assert records[1]["source"] == good
    _one_line_error(result, 1, "missing.html")


def test_a_settings_file_that_is_not_there_is_a_usage_error(run, tmp_path):
    result = run("--config", "missing.toml", "settings")
    _one_line_error(result, 2, "missing.toml", "no such settings file")
    (tmp_path / "there.toml").write_text("min_body_chars = 120\n")
    result = run("--config", "there.toml", "settings")
    assert "min_body_chars = 120" in result.stdout


def test_negative_workers_is_a_usage_error(run, examples_dir):
    result = run("ingest", "--workers", "-3", str(examples_dir))
    _one_line_error(result, 2, "--workers", "0 or more")


@pytest.mark.parametrize("port", ["99999", "-1"])  # (0 would serve, were it let through)
def test_a_port_out_of_range_is_a_usage_error(run, tmp_path, port):
    (tmp_path / "news.db").touch()
    result = run("serve", "--db", "news.db", "--port", port)
    _one_line_error(result, 2, "--port", "1<=x<=65535")


@pytest.mark.parametrize("command", [["reanalyze"], ["notify"], ["users", "promote", "ana"],
                                     ["search", "ferry"], ["db", "stats"]])
def test_a_mistyped_db_is_refused_not_created(run, tmp_path, command):
    result = run(*command, "--db", "newz.db")
    _one_line_error(result, 1, "newz.db", "no database yet")
    assert not (tmp_path / "newz.db").exists()


def test_watch_refuses_what_is_not_an_http_feed(run, tmp_path):
    result = run("watch", "--once", "ftp://x", "--db", "w.db")
    _one_line_error(result, 2, "ftp://x", "http(s)")
    assert not (tmp_path / "w.db").exists()


def test_watch_once_with_a_feed_it_cannot_read_says_so_and_exits_1(run):
    # a loopback address is refused (allow_private_addresses is off): nothing leaves the host
    result = run("watch", "--once", "http://127.0.0.1/feed.xml", "--db", "w.db")
    assert json.loads(result.stdout)["problems"] == 1
    _one_line_error(result, 1, "skipped or unreadable")


def test_a_file_of_urls_is_not_cleaned_as_a_page(run, tmp_path):
    (tmp_path / "urls.txt").write_text("# to read\nhttps://news.example/a\n\n"
                                       "https://news.example/b\n")
    result = run("clean", "urls.txt")
    _one_line_error(result, 2, "list of URLs", "--input-file urls.txt")


def test_input_file_lists_sources_with_comments(run, tmp_path, examples_dir):
    pages = sorted(str(p) for p in examples_dir.glob("*.txt"))
    (tmp_path / "list.txt").write_text("# the text dumps\n" + "\n".join(pages) + "\n\n")
    result = run("clean", "--input-file", "list.txt", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == pages
    result = run("clean", "--input-file", "-", "--format", "jsonl", input=pages[0] + "\n")
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == pages[:1]


def test_no_source_at_all_is_a_usage_error(run, tmp_path):
    _one_line_error(run("clean"), 2, "at least one SOURCE")
    (tmp_path / "empty.txt").write_text("# nothing yet\n")
    _one_line_error(run("analyze", "--input-file", "empty.txt"), 2, "names no source")


@pytest.mark.slow
def test_ingest_summary_is_short_text_or_json(run, tmp_path, examples_dir):
    (tmp_path / "list.txt").write_text(str(examples_dir / "harbour-ferry-contract.txt") + "\n")
    result = run("ingest", "--input-file", "list.txt", "--db", "n.db", "--workers", "1",
                 "--format", "text")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1 new articles from 1 pages")
    result = run("ingest", "--input-file", "list.txt", "--db", "n.db", "--workers", "1")
    summary = json.loads(result.stdout)  # not a terminal: JSON
    assert summary["skipped"] == 1 and summary["articles"] == 0
