"""Built article views are cached until the database changes, by this app or another."""

from factdesk.serve.cache import ViewCache
from factdesk.store import Store
from tests.serve.conftest import ferry_record


def test_views_are_rebuilt_after_a_write_from_another_connection(tmp_path):
    path = tmp_path / "cache.db"
    builds = []
    with Store(path) as server, Store(path) as other:
        cache = ViewCache()

        def get():
            return cache.get(server, "k", lambda: builds.append(1) or len(builds))

        assert get() == 1 and get() == 1  # cached
        other.write([ferry_record()])
        assert get() == 2  # another process committed: rebuilt
        cache.wrote()
        assert get() == 3  # this app wrote: rebuilt


def test_article_page_reflects_a_recluster_by_this_app(client, store):
    article_id = client.get("/api/search", params={"q": "ferry"}).json()["items"][0]["id"]
    assert "/claims/claim-rigged" in client.get(f"/articles/{article_id}").text
    store.conn.execute("DELETE FROM claim_members")  # what a recluster may do
    client.app.state.ctx.views.wrote()
    assert "/claims/claim-rigged" not in client.get(f"/articles/{article_id}").text


def test_readers_missing_the_same_entry_at_once_build_it_once(tmp_path):
    import threading
    import time

    path = tmp_path / "cache.db"
    builds = []
    with Store(path) as store:
        cache = ViewCache()
        started = threading.Barrier(8)

        def build():
            builds.append(1)
            time.sleep(0.3)  # a slow search: the other threads arrive meanwhile
            return "page"

        def reader(results):
            started.wait()
            results.append(cache.get(store, ("search", "q"), build))

        results: list[str] = []
        threads = [threading.Thread(target=reader, args=(results,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == ["page"] * 8
    assert len(builds) == 1


def test_a_failed_build_is_not_cached_and_a_waiter_builds_again(tmp_path):
    path = tmp_path / "cache.db"
    with Store(path) as store:
        cache = ViewCache()

        def broken():
            raise RuntimeError("search failed")

        try:
            cache.get(store, "k", broken)
        except RuntimeError:
            pass
        else:
            raise AssertionError("the build's error must reach the caller")
        assert cache.get(store, "k", lambda: "built") == "built"
