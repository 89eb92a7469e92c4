import gzip
import io

import pytest

from factdesk.errors import InputError
from factdesk.ingest import PageRef, SourceProblem, page_refs, read_path, read_stream
from factdesk.settings import Settings
from tests.ingest.bombs import MB, gzip_bomb


def _locations(sources):
    return [(r.kind, r.location) for r in page_refs(sources, Settings())]


def test_folder_is_walked_sorted_pages_only(tmp_path):
    (tmp_path / "b.html").write_text("<p>b</p>")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.md").write_text("not a page")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html.gz").write_bytes(gzip.compress(b"<p>c</p>"))
    assert _locations([str(tmp_path)]) == [("path", str(tmp_path / "a.txt")),
                                           ("path", str(tmp_path / "b.html")),
                                           ("path", str(tmp_path / "sub" / "c.html.gz"))]


def test_globs_stdin_and_page_urls_become_refs_in_order(tmp_path):
    (tmp_path / "x1.txt").write_text("1")
    (tmp_path / "x2.txt").write_text("2")
    assert _locations([str(tmp_path / "x*.txt"), "-", "https://example.org/a"]) == [
        ("path", str(tmp_path / "x1.txt")), ("path", str(tmp_path / "x2.txt")),
        ("stdin", "-"), ("url", "https://example.org/a")]


def test_stdin_is_spooled_to_a_file_when_a_folder_is_given(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"piped page")))
    (ref,) = page_refs(["-"], Settings(), spool=tmp_path / "run")
    assert ref == PageRef(kind="path", location=ref.location, origin="-")
    assert read_path(ref.location).data == b"piped page"


@pytest.mark.parametrize("source, message", [
    ("missing.txt", "no such file"), ("nothing-*.txt", "matches no file")],
    ids=["missing", "empty-glob"])
def test_sources_that_match_nothing_are_problems(tmp_path, source, message):
    (problem,) = page_refs([str(tmp_path / source)], Settings())
    assert isinstance(problem, SourceProblem) and problem.reason == "unreadable"
    assert message in problem.message


def test_empty_folder_is_a_problem(tmp_path):
    (problem,) = page_refs([str(tmp_path)], Settings())
    assert "holds no pages or archives" in problem.message


def test_gzip_is_undone_and_type_guessed(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress("<p>café</p>".encode()))
    page = read_path(path)
    assert page.data == "<p>café</p>".encode()
    assert page.content_type == "text/html"
    assert page.fetched.tzinfo is not None


def test_gzip_inside_gzip_is_undone_too(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(gzip.compress(b"<p>twice</p>")))
    assert read_path(path).data == b"<p>twice</p>"


@pytest.mark.parametrize("name", ["page.html.gz", "page.html.gz.gz"])
def test_a_gzip_bomb_file_is_read_one_byte_past_the_limit(tmp_path, name):
    bomb = gzip_bomb(256 * MB, b"<p>")
    path = tmp_path / name
    path.write_bytes(gzip.compress(bomb) if name.endswith(".gz.gz") else bomb)
    assert read_path(path, limit=1000).data == b"<p>" + b" " * 998
    assert read_stream(io.BytesIO(path.read_bytes()), limit=1000).data == b"<p>" + b" " * 998


def test_truncated_gzip_is_an_input_error(tmp_path):
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(gzip.compress(b"x" * 10000)[:30])
    with pytest.raises(InputError, match="corrupt or truncated"):
        read_path(path)


def test_read_limit_keeps_one_byte_more_than_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 1000)
    assert len(read_path(path, limit=100).data) == 101


def test_read_stream():
    page = read_stream(io.BytesIO(b"hello"), source="-")
    assert page.data == b"hello" and page.source == "-"
