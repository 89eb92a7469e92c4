"""Web ingest needs an account or a token, and runs as a job in a worker process.

The analysis is replaced by :mod:`tests.serve.ingest_workers` stand-ins (no spaCy)
except in the 300 KB test, which runs the real pipeline in the worker.
"""

from __future__ import annotations

import functools
import re
import time

import httpx

import pytest
from starlette.testclient import TestClient

from factdesk.serve import create_app
from factdesk.settings import Settings
from factdesk.store.jobs import ABANDONED, create_job, job_by_id, start_job
from factdesk.store.people.tokens import issue_token

from .conftest import fake_fetcher, finished, form_token, page_token, register
from .ingest_workers import crash, gated, verbatim

TEXT = ("Harbour board approves new ferry contract\n\n"
        + "The harbour board voted on Tuesday to approve the ferry contract, officials said. "
        * 4)


def _client(store, analyze=verbatim, **settings):
    values = Settings(**settings)
    app = create_app(store, values, fetcher=fake_fetcher(values), notifier=None,
                     ingest_analyze=analyze)
    return TestClient(app, base_url="http://testserver")


def _token(store, name: str) -> str:
    with store.transaction() as conn:
        return issue_token(conn, name)[0]


# -- who may ingest ------------------------------------------------------------------------


def test_a_visitor_may_not_ingest(store):
    with _client(store) as visitor:
        api = visitor.post("/api/ingest", json={"text": TEXT})
        assert api.status_code == 401
        assert api.json()["error"]["code"] == "login_required"
        assert "factdesk users token" in api.json()["error"]["message"]
        form = visitor.get("/ingest", follow_redirects=False)
        assert form.status_code == 303 and form.headers["location"].startswith("/login")
        posted = visitor.post("/ingest", data={"text": TEXT, "csrf": form_token(visitor, "/login")},
                              follow_redirects=False)
        assert posted.status_code == 401
    assert store.conn.execute("SELECT count(*) FROM ingest_jobs").fetchone()[0] == 0


def test_a_logged_in_user_ingests_through_the_form_and_follows_the_job(store):
    with _client(store) as ana:
        assert register(ana, "ana").status_code == 303
        posted = ana.post("/ingest", data={"text": TEXT, "csrf": form_token(ana, "/ingest")},
                          follow_redirects=False)
        assert posted.status_code == 303
        job_page = posted.headers["location"]
        assert re.fullmatch(r"/jobs/[\w-]+", job_page)
        job = finished(ana, {"id": job_page, "poll_url": "/api" + job_page})
        assert job["status"] == "done" and job["article_id"]
        html = ana.get(job_page).text
        assert f'href="/articles/{job["article_id"]}"' in html
        assert 'http-equiv="refresh"' not in html  # over: no more reloads
        assert ana.get(f"/articles/{job['article_id']}").status_code == 200
    ana_id = store.conn.execute("SELECT id FROM users WHERE name = 'ana'").fetchone()[0]
    assert job_by_id(store.conn, job["id"]).user_id == ana_id


def test_a_running_job_page_reloads_itself_without_javascript(store, tmp_path):
    with _client(store, functools.partial(gated, str(tmp_path / "gate"))) as ana:
        register(ana, "ana")
        posted = ana.post("/ingest", data={"text": TEXT, "csrf": form_token(ana, "/ingest")},
                          follow_redirects=False)
        html = ana.get(posted.headers["location"]).text
        assert '<meta http-equiv="refresh" content="2">' in html
        assert f'<a href="{posted.headers["location"]}">reload it</a>' in html
        (tmp_path / "gate").touch()
        job_id = posted.headers["location"].rsplit("/", 1)[1]
        assert finished(ana, {"id": job_id, "poll_url": f"/api/jobs/{job_id}"})["status"] == "done"


def test_the_api_takes_a_session_with_its_csrf_header(store):
    with _client(store) as ana:
        register(ana, "ana")
        assert ana.post("/api/ingest", json={"text": TEXT}).status_code == 403
        queued = ana.post("/api/ingest", json={"text": TEXT},
                          headers={"x-csrf-token": page_token(ana)})
        assert queued.status_code == 202, queued.text
        assert queued.json()["status"] in ("queued", "running", "done")
        assert queued.json()["poll_url"] == f"/api/jobs/{queued.json()['id']}"
        assert finished(ana, queued.json())["status"] == "done"


def test_the_api_takes_an_admin_issued_token(store):
    with _client(store) as setup:
        register(setup, "bot")
    token = _token(store, "bot")
    with _client(store) as script:
        bad = script.post("/api/ingest", json={"text": TEXT},
                          headers={"authorization": "Bearer fdk_not-a-real-token"})
        assert bad.status_code == 401 and "revoked" in bad.json()["error"]["message"]
        queued = script.post("/api/ingest", json={"text": TEXT},
                             headers={"authorization": f"Bearer {token}"})
        assert queued.status_code == 202, queued.text
        assert finished(script, queued.json())["status"] == "done"
    stored_digests = [r[0] for r in store.conn.execute("SELECT digest FROM api_tokens")]
    assert stored_digests and token not in stored_digests  # only the hash is kept


def test_open_ingest_lets_a_visitor_ingest(store):
    with _client(store, open_ingest=True) as visitor:
        assert visitor.get("/ingest").status_code == 200
        queued = visitor.post("/api/ingest", json={"text": TEXT})
        assert queued.status_code == 202
        assert finished(visitor, queued.json())["status"] == "done"
        posted = visitor.post("/ingest", data={"text": TEXT + " Again.",
                                               "csrf": form_token(visitor, "/ingest")},
                              follow_redirects=False)
        assert posted.status_code == 303 and posted.headers["location"].startswith("/jobs/")


# -- size --------------------------------------------------------------------------------------


def test_a_paste_over_the_limit_is_refused_with_413(store):
    with _client(store, open_ingest=True, max_paste_bytes=1000) as visitor:
        big = visitor.post("/api/ingest", json={"text": "é" * 501})  # 1,002 bytes
        assert big.status_code == 413
        assert big.json()["error"]["code"] == "too_large"
        assert "max_paste_bytes (1,000 bytes)" in big.json()["error"]["message"]
        form = visitor.post("/ingest", data={"html": "<p>x</p>" * 200,
                                             "csrf": form_token(visitor, "/ingest")})
        assert form.status_code == 413 and "max_paste_bytes" in form.text
        assert visitor.post("/api/ingest", json={"text": "é" * 500}).status_code == 202
    assert store.conn.execute("SELECT count(*) FROM ingest_jobs").fetchone()[0] == 1


# -- the work leaves the request path -----------------------------------------------------------


def test_readers_are_answered_while_a_job_runs(store, tmp_path):
    gate = tmp_path / "gate"
    with _client(store, functools.partial(gated, str(gate)), open_ingest=True) as client:
        job = client.post("/api/ingest", json={"text": TEXT}).json()
        for path in ("/api/articles", "/", "/?q=ferry", "/api/search?q=ferry"):
            assert client.get(path).status_code == 200
        # every reader was answered, and the job is still not done: they did not wait on it
        assert client.get(job["poll_url"]).json()["status"] in ("queued", "running")
        gate.touch()
        assert finished(client, job)["status"] == "done"


def test_jobs_wait_their_turn_for_the_workers(store, tmp_path):
    gate = tmp_path / "gate"
    with _client(store, functools.partial(gated, str(gate)), open_ingest=True) as client:
        first = client.post("/api/ingest", json={"text": TEXT}).json()
        second = client.post("/api/ingest", json={"text": TEXT + " More."}).json()
        assert client.get(second["poll_url"]).json()["status"] == "queued"  # one worker
        gate.touch()
        assert [finished(client, j)["status"] for j in (first, second)] == ["done", "done"]


def test_a_worker_that_dies_fails_its_job_and_the_next_job_runs(store):
    app_settings = Settings(open_ingest=True)
    app = create_app(store, app_settings, notifier=None, ingest_analyze=crash)
    with TestClient(app, base_url="http://testserver") as client:
        job = client.post("/api/ingest", json={"text": TEXT}).json()
        failed = finished(client, job)
        assert failed["status"] == "failed" and "submit again" in failed["message"]
        app.state.jobs.analyze = verbatim
        again = client.post("/api/ingest", json={"text": TEXT}).json()
        assert finished(client, again)["status"] == "done"


def test_a_url_that_may_not_be_fetched_is_refused_before_queueing(store):
    with _client(store, open_ingest=True) as client:
        private = client.post("/api/ingest", json={"url": "http://127.0.0.1/admin"})
        assert private.status_code == 422 and private.json()["error"]["code"] == "fetch_failed"
        assert "allow_private_addresses" in private.json()["error"]["message"]
    assert store.conn.execute("SELECT count(*) FROM ingest_jobs").fetchone()[0] == 0


def test_a_fetch_that_fails_fails_the_job_with_its_message(store):
    from factdesk.ingest import Fetcher

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    values = Settings(open_ingest=True)
    fetcher = Fetcher(values, transport=httpx.MockTransport(refuse),
                      resolve=lambda host, port: ["93.184.216.34"])
    app = create_app(store, values, fetcher=fetcher, notifier=None, ingest_analyze=verbatim)
    with TestClient(app, base_url="http://testserver") as client:
        job = client.post("/api/ingest", json={"url": "https://news.example/gone"}).json()
        failed = finished(client, job)
    assert failed["status"] == "failed"
    assert "news.example/gone" in failed["message"], failed


def test_jobs_a_stopped_server_left_are_failed_at_start(store):
    with store.transaction() as conn:
        queued = create_job(conn, source="paste:text", user_id=None)
        running = create_job(conn, source="https://news.example/x", user_id=None)
        start_job(conn, running.id)
    with _client(store) as client:
        for job in (queued, running):
            seen = client.get(f"/api/jobs/{job.id}").json()
            assert (seen["status"], seen["message"]) == ("failed", ABANDONED)
        assert client.get("/api/jobs/nope").status_code == 404


@pytest.mark.slow
def test_a_300_kb_paste_is_queued_and_analysed_in_the_worker(store, shared_dir):
    seed = (shared_dir / "seed" / "independent-2017-04-25-russia-taliban.txt").read_text(
        encoding="utf-8")
    text = seed
    while len(text.encode("utf-8")) < 300_000:
        text += "\n\n" + seed
    from factdesk.serve.submit import analyze_submission

    with _client(store, analyze_submission, open_ingest=True) as client:
        queued = client.post("/api/ingest", json={"text": text})
        assert queued.status_code == 202
        assert client.get("/api/articles").status_code == 200  # answered meanwhile
        done = finished(client, queued.json(), seconds=600)
        assert done["status"] == "done" and done["article_id"], done
        article = client.get(f"/api/articles/{done['article_id']}").json()
        assert len(article["text"]) > 100_000


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(store):
    with _client(store, open_ingest=True, max_paste_bytes=1000) as visitor:
        declared = visitor.post("/api/ingest", content=b"{" + b" " * 80_000 + b"}",
                                headers={"content-type": "application/json"})
        assert declared.status_code == 413, declared.text
        assert declared.json()["error"]["code"] == "too_large"

        def chunks():
            yield b'{"text": "'
            yield b'x" }'

        chunked = visitor.post("/ingest", content=chunks(),
                               headers={"content-type": "application/x-www-form-urlencoded"})
        assert chunked.status_code == 411


def test_stopping_the_app_stops_a_busy_worker_and_its_job_fails_at_the_next_start(store,
                                                                                tmp_path):
    import multiprocessing

    before = {p.pid for p in multiprocessing.active_children()}
    with _client(store, functools.partial(gated, str(tmp_path / "never")),
                 open_ingest=True) as client:
        job = client.post("/api/ingest", json={"text": TEXT}).json()
        while client.get(job["poll_url"]).json()["status"] != "running":
            pass
        # "running" is written before the page reaches the pool: wait for the worker
        for _ in range(600):
            workers = {p.pid for p in multiprocessing.active_children()} - before
            if workers:
                break
            time.sleep(0.05)
        assert workers  # the analysis runs in a process of its own
    # the gate never opens: the worker was stopped, not waited for
    for process in multiprocessing.active_children():
        if process.pid in workers:
            process.join(30)
    assert not workers & {p.pid for p in multiprocessing.active_children()}
    assert job_by_id(store.conn, job["id"]).status == "running"
    with _client(store) as restarted:
        seen = restarted.get(job["poll_url"]).json()
    assert (seen["status"], seen["message"]) == ("failed", ABANDONED)


def test_a_running_server_fails_the_jobs_of_a_dead_process_and_keeps_its_own(store):
    """Several server processes share the jobs table: a job whose process stopped
    renewing its lease is failed by a live one; one still vouched for is left alone."""
    from factdesk.serve.jobs import ABANDONED_ELSEWHERE
    from factdesk.store.jobs import renew_leases

    client = _client(store)
    jobs = client.app.state.jobs
    jobs.lease = 0.3  # seconds: renewals every 0.1 s, sweeps every 0.3 s
    with store.transaction() as conn:
        dead = create_job(conn, source="paste:text", user_id=None, owner="gone:1:x",
                          lease=time.time() - 1)
        start_job(conn, dead.id)
        alive = create_job(conn, source="paste:text", user_id=None, owner="other:2:y",
                           lease=time.time() + 60)
    ctx = client.app.state.ctx

    def job(job_id):  # the app writes on this in-memory store's one connection: take turns
        with ctx.readers.exclusive():
            return job_by_id(store.conn, job_id)

    with client:
        # generous: the sweep runs every 0.3 s, but a loaded CI machine may be slow to
        # start the app (the waits end as soon as the job is failed)
        deadline = time.monotonic() + 60
        while job(dead.id).status != "failed":
            assert time.monotonic() < deadline, "the abandoned job was never failed"
            time.sleep(0.05)
        assert job(dead.id).message == ABANDONED_ELSEWHERE
        assert job(alive.id).status == "queued"  # vouched for: left alone
        with ctx.readers.exclusive(), store.transaction() as conn:
            assert renew_leases(conn, "other:2:y", time.time() - 1) == 1  # its process died
        deadline = time.monotonic() + 60
        while job(alive.id).status != "failed":
            assert time.monotonic() < deadline, "a job whose lease ran out was never failed"
            time.sleep(0.05)


def test_visitors_ingests_are_limited_per_address_when_ingest_is_open(store):
    from factdesk.serve.ratelimit import Limit, RateLimits

    values = Settings(open_ingest=True)
    app = create_app(store, values, fetcher=fake_fetcher(values), notifier=None,
                     ingest_analyze=verbatim,
                     limits=RateLimits(ingest_ip=Limit("ingest-ip", 2, 3600)))
    with TestClient(app, base_url="http://testserver") as visitor:
        answers = [visitor.post("/api/ingest", json={"text": f"Page {n} text. " * 20})
                   for n in range(3)]
        assert [a.status_code for a in answers] == [202, 202, 429]
        assert int(answers[2].headers["retry-after"]) > 0
        with _client(store) as setup:
            register(setup, "ana")
        user = _token(store, "ana")  # a user's token is not held by the visitors' budget
        assert visitor.post("/api/ingest", json={"text": "Another page. " * 20},
                            headers={"authorization": f"Bearer {user}"}).status_code == 202
