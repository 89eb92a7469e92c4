import gzip
import io

import pytest

from factdesk.errors import InputError
from factdesk.ingest import expand_sources, read_path, read_stream


def test_folder_is_walked_sorted_pages_only(tmp_path):
    (tmp_path / "b.html").write_text("<p>b</p>")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.md").write_text("not a page")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html.gz").write_bytes(gzip.compress(b"<p>c</p>"))
    found = list(expand_sources([str(tmp_path)]))
    assert found == [str(tmp_path / "a.txt"), str(tmp_path / "b.html"),
                     str(tmp_path / "sub" / "c.html.gz")]


def test_globs_stdin_and_urls_pass(tmp_path):
    (tmp_path / "x1.txt").write_text("1")
    (tmp_path / "x2.txt").write_text("2")
    assert list(expand_sources([str(tmp_path / "x*.txt"), "-", "https://example.org/a"])) == [
        str(tmp_path / "x1.txt"), str(tmp_path / "x2.txt"), "-", "https://example.org/a"]


@pytest.mark.parametrize("source, message", [
    ("missing.txt", "no such file"), ("nothing-*.txt", "matches no file")],
    ids=["missing", "empty-glob"])
def test_sources_that_match_nothing_raise(tmp_path, source, message):
    with pytest.raises(InputError, match=message):
        list(expand_sources([str(tmp_path / source)]))


def test_empty_folder_raises(tmp_path):
    with pytest.raises(InputError, match="no .html or .txt pages"):
        list(expand_sources([str(tmp_path)]))


def test_gzip_is_undone_and_type_guessed(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress("<p>café</p>".encode()))
    page = read_path(path)
    assert page.data == "<p>café</p>".encode()
    assert page.content_type == "text/html"
    assert page.fetched.tzinfo is not None


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
