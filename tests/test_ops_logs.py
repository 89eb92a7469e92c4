"""Structured logs on stderr: the JSON formatter, and --log-format on the commands."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime

import pytest
from click.testing import CliRunner

from factdesk.cli import main
from factdesk.cli.logs import JsonFormatter
from factdesk.store import Store


def _record(**extra) -> logging.LogRecord:
    record = logging.LogRecord("factdesk.access", logging.INFO, __file__, 1,
                               "GET %s %d", ("/search", 200), None)
    record.__dict__.update(extra)
    return record


def test_a_record_is_one_json_object_with_time_level_logger_message_and_extras():
    line = JsonFormatter().format(_record(request_id="r1", status=200, duration_ms=3.5))
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "INFO" and data["logger"] == "factdesk.access"
    assert data["message"] == "GET /search 200"
    assert (data["request_id"], data["status"], data["duration_ms"]) == ("r1", 200, 3.5)
    stamp = datetime.fromisoformat(data["time"])
    assert stamp.utcoffset() is not None  # ISO 8601 with its offset
    assert not {"args", "msg", "levelno", "pathname", "exc_info"} & set(data)


def test_uvicorns_coloured_copy_of_the_message_is_left_out():
    data = json.loads(JsonFormatter().format(_record(color_message="\x1b[36mGET\x1b[0m")))
    assert "color_message" not in data


def test_an_exception_and_odd_values_stay_on_one_line():
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = _record(exc_info=sys.exc_info(), when=datetime(2024, 1, 1), odd=object())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert "ValueError: bad" in data["exception"] and data["when"] == "2024-01-01 00:00:00"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Store("news.db").close()
    runner = CliRunner()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def invoke(*args, env=None):
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    yield invoke
    assert root.handlers == handlers and root.level == level  # the command put them back


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


LOOPBACK_FEED = "http://127.0.0.1/feed.xml"  # refused (allow_private_addresses is off)


def test_the_setting_chooses_json_when_no_option_is_given(run):
    result = run("watch", "--once", LOOPBACK_FEED, "--db", "news.db",
                 env={"FACTDESK_LOG_FORMAT": "json"})
    assert [d["cycle"] for d in _json_lines(result.stderr) if "cycle" in d] == ["watch"]


def test_text_is_the_default(run):
    result = run("watch", "--once", LOOPBACK_FEED, "--db", "news.db")
    assert "INFO factdesk.cli: watch poll: 1 feeds, 0 new URLs" in result.stderr
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stderr.splitlines()[0])


def test_one_notify_pass_prints_its_counts_and_logs_nothing(run):
    result = run("notify", "--db", "news.db", "--log-format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sent"] == 0
    assert result.stderr == ""  # the loop (--every) logs each pass: tests/test_ops_services.py


def test_watch_logs_each_poll_and_its_problems_as_json(run):
    result = run("watch", "--once", LOOPBACK_FEED, "--db", "news.db", "--log-format", "json")
    lines = _json_lines(result.stderr)
    (poll,) = [d for d in lines if d.get("cycle") == "watch"]
    assert (poll["polled"], poll["problems"]) == (1, 1)
    assert any(d["level"] == "WARNING" and "skipped or unreadable" in d["message"]
               for d in lines)


def test_ingest_takes_the_option_and_stays_quiet_without_v(run, examples_dir):
    result = run("ingest", str(examples_dir / "harbour-ferry-contract.txt"), "--db",
                 "news.db", "--log-format", "json", "--format", "json")
    assert result.exit_code == 0, result.output
    for line in result.stderr.splitlines():
        if line.startswith("{"):
            assert json.loads(line)["level"] in {"WARNING", "ERROR", "CRITICAL"}


def test_a_bad_log_format_is_a_usage_error(run):
    result = run("serve", "--db", "news.db", "--log-format", "xml")
    assert result.exit_code == 2 and "--log-format" in result.stderr
