"""A text ingested from a file and then pasted in the web form (or posted to the API)
is one article: the job answers the stored article's id."""

from __future__ import annotations

from starlette.testclient import TestClient

from factdesk.ingest import read_path
from factdesk.pipeline import process
from factdesk.serve import create_app
from factdesk.settings import Settings

from .conftest import fake_fetcher, finished, form_token
from .ingest_workers import cleaned

TEXT = ("Harbour board approves new ferry contract\n\n"
        + "The harbour board voted on Tuesday to approve the ferry contract, officials "
          "said. " * 6 + "\n")


def test_a_file_then_the_same_text_in_the_form_and_the_api_is_one_article(store, tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    (outcome,) = process([read_path(path)], Settings(), analyze=False)
    before = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    store.write([outcome])
    values = Settings(open_ingest=True)
    app = create_app(store, values, fetcher=fake_fetcher(values), notifier=None,
                     ingest_analyze=cleaned)
    with TestClient(app) as client:
        posted = client.post("/ingest", data={"text": TEXT.replace("\n", "\r\n") + "  ",
                                              "csrf": form_token(client, "/ingest")},
                             follow_redirects=False)
        job_id = posted.headers["location"].rsplit("/", 1)[1]
        form_job = finished(client, {"id": job_id, "poll_url": f"/api/jobs/{job_id}"})
        api_job = finished(client, client.post("/api/ingest", json={"text": TEXT}).json())
        for job in (form_job, api_job):
            assert job["status"] == "done" and job["article_id"] == outcome.article.id
        assert client.get(f"/articles/{outcome.article.id}").status_code == 200
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == before + 1
