"""The operations endpoints (/healthz, /readyz) and the access log."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from starlette.testclient import TestClient

from factdesk.serve import create_app
from factdesk.settings import Settings
from factdesk.store import Store

from .conftest import fill


@pytest.fixture
def file_app(tmp_path):
    """An app over a database file (readiness reopens the file)."""
    path = tmp_path / "news.db"
    with Store(path) as store:
        fill(store)
        app = create_app(store, Settings(), notifier=None)
        with TestClient(app) as client:
            yield client, path


def test_healthz_answers_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert response.headers["cache-control"] == "no-store"


def test_readyz_is_ready_on_a_current_database(file_app):
    client, _ = file_app
    response = client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ready"


def test_readyz_on_an_in_memory_store(client):
    assert client.get("/readyz").json()["status"] == "ready"


def test_readyz_is_503_when_the_file_is_gone(file_app):
    client, path = file_app
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "cannot be opened or read" in body["reason"]
    assert str(path) not in body["reason"]  # the reason names no file
    assert client.get("/healthz").status_code == 200  # alive all the same


def test_readyz_is_503_when_a_migration_is_missing(file_app):
    client, path = file_app
    with sqlite3.connect(path) as conn:  # another process left the schema behind
        conn.execute("DELETE FROM migrations WHERE name = '0018_ingest_jobs'")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "0018_ingest_jobs" in response.json()["reason"]


def test_readyz_is_503_for_a_schema_from_a_newer_factdesk(file_app):
    client, path = file_app
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migrations VALUES ('9999_from_the_future', 'x')")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "newer factdesk" in response.json()["reason"]


def test_readyz_is_503_for_a_file_that_is_not_a_factdesk_database(file_app):
    client, path = file_app
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE migrations")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "no such table: migrations" in response.json()["reason"]


def test_health_routes_are_not_in_the_api_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/healthz" not in paths and "/readyz" not in paths


def test_each_request_is_logged_once_with_its_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="factdesk.access")
    response = client.get("/api/search?q=ferry", headers={"x-request-id": "edge-42"})
    assert response.headers["x-request-id"] == "edge-42"
    records = [r for r in caplog.records if r.name == "factdesk.access"]
    assert len(records) == 1
    record = records[0]
    assert (record.method, record.path, record.status) == ("GET", "/api/search", 200)
    assert record.request_id == "edge-42" and record.duration_ms >= 0
    assert "ferry" not in record.getMessage()  # the query string is not logged


@pytest.mark.parametrize("given", ["", "x" * 65, "a b", "<script>"],
                         ids=["empty", "too-long", "space", "markup"])
def test_an_odd_request_id_is_replaced(client, caplog, given):
    caplog.set_level(logging.INFO, logger="factdesk.access")
    response = client.get("/healthz", headers={"x-request-id": given})
    answered = response.headers["x-request-id"]
    assert answered != given and len(answered) == 32
    (record,) = [r for r in caplog.records if r.name == "factdesk.access"]
    assert record.request_id == answered


def test_a_missing_page_is_logged_with_its_status(client, caplog):
    caplog.set_level(logging.INFO, logger="factdesk.access")
    assert client.get("/article/nope").status_code == 404
    (record,) = [r for r in caplog.records if r.name == "factdesk.access"]
    assert record.status == 404 and record.path == "/article/nope"
