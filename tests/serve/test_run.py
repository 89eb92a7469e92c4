"""``factdesk.serve.serve``: opens the database and hands uvicorn the app."""

import uvicorn

from factdesk.serve import serve


def test_serve_runs_the_app_over_the_given_database(tmp_path, settings, monkeypatch):
    seen = {}

    def fake_run(app, **options):  # uvicorn's public entry point, replaced for the test
        seen["db"] = app.state.ctx.store.path
        seen["paths"] = set(app.openapi()["paths"])
        seen.update(options)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    serve(settings, str(tmp_path / "served.db"), "127.0.0.1", 8123)
    assert seen["db"] == str(tmp_path / "served.db")
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8123)
    assert {"/api/search", "/api/articles/{article_id}"} <= seen["paths"]
    assert (tmp_path / "served.db").exists()
