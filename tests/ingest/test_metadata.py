"""Archive metadata files (``factdesk ingest --metadata``): reading, checking, joining."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.clean import clean_page
from factdesk.cli import main
from factdesk.ingest import MetadataError, read_metadata, unmatched_rows, with_hints
from factdesk.model import Article, Page, PageHints

STORY = ("The harbour council voted on Tuesday to keep the ferry running through the winter, "
         "ending forty years of seasonal closures on the estuary crossing.\n\n"
         "Councillors said a new electric boat had cut the cost of each trip by two thirds, "
         "and traders on both quays welcomed the decision on Wednesday morning.\n")
OTHER = ("Volunteers planted four hundred oak saplings along the river path on Saturday, "
         "the first stage of a plan to shade the walk within twenty years.\n\n"
         "The parks department said it would water the young trees through the summer "
         "and replace any that fail before the autumn.\n")


def _write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_a_tsv_with_a_bom_is_read_and_matched_by_file_stem(tmp_path):
    meta = _write(tmp_path / "metadata.tsv",
                  "FileName\tPublisher\tPublication_Date\tTitle\tAuthor\tLevel\n"
                  "ferry-story\tHarbour Courier\t2019-03-04\tFerry to run all winter\t"
                  "Ana Ribeiro; Jo Smith\t3\n", bom=True)
    metadata = read_metadata(meta)
    hints = metadata.hints_for("/some/folder/ferry-story.txt")
    assert hints == PageHints(outlet="Harbour Courier", headline="Ferry to run all winter",
                              published=datetime(2019, 3, 4, tzinfo=timezone.utc),
                              bylines=("Ana Ribeiro", "Jo Smith"), origin="metadata.tsv:2")
    assert metadata.hints_for("/some/folder/other-story.txt") is None


def test_a_csv_matches_by_path_file_name_and_url(tmp_path):
    meta = _write(tmp_path / "m.csv",
                  'url,outlet,date\n'
                  'https://news.example.org/a,"Courier, The",2019-03-04T09:15:00+00:00\n'
                  'pages/b.html,Gazette,2019-03-05\n'
                  'c.txt,Gazette,\n')
    metadata = read_metadata(meta)
    assert metadata.hints_for("https://news.example.org/a").outlet == "Courier, The"
    assert metadata.hints_for("pages/b.html").published == datetime(2019, 3, 5,
                                                                    tzinfo=timezone.utc)
    assert metadata.hints_for("/tmp/x/c.txt").published is None


@pytest.mark.parametrize("text, message", [
    ("outlet\tdate\nCourier\t2019-03-04\n", "line 1: no column names the page"),
    ("file\tlevel\na.txt\t3\n", "line 1: no metadata column"),
    ("file\tdate\na.txt\t2019-03-04\nb.txt\t4 March\n", "line 3, column 'date': '4 March' is not a date"),
    ("file\tdate\na.txt\t2019-02-30\n", "line 2, column 'date': '2019-02-30' is not a date"),
    ("file\toutlet\na.txt\tCourier\na.txt\tGazette\n", "line 3: names 'a.txt' again"),
    ("file\toutlet\na.txt\tCourier\textra\n", "line 2: 3 cells, the header has 2"),
    ("file\toutlet\n", "a header but no rows"),
    ("", "the file is empty"),
], ids=["no-page-column", "no-metadata-column", "bad-date", "impossible-date", "duplicate",
        "ragged", "no-rows", "empty"])
def test_a_malformed_file_names_its_row(tmp_path, text, message):
    meta = _write(tmp_path / "bad.tsv", text)
    with pytest.raises(MetadataError, match=message):
        read_metadata(meta)


def test_a_ten_megabyte_line_is_refused_with_its_line_number(tmp_path):
    meta = _write(tmp_path / "huge.csv", "file,title\na.txt,ok\nb.txt," + "x" * 10_000_000)
    with pytest.raises(MetadataError, match=r"line 3: 10,000,006 characters"):
        read_metadata(meta)


def test_a_file_that_names_none_of_the_pages_is_refused(tmp_path):
    metadata = read_metadata(_write(tmp_path / "m.tsv", "file\toutlet\nzzz.txt\tCourier\n"))
    with pytest.raises(MetadataError, match="none of its 1 rows names one of the 2 pages"):
        with_hints(metadata, ["a/ferry.txt", "a/trees.txt"])
    metadata = read_metadata(_write(tmp_path / "m2.tsv",
                                    "file\toutlet\nferry\tCourier\nzzz\tGazette\n"))
    assert set(with_hints(metadata, ["a/ferry.txt", "a/trees.txt"])) == {"a/ferry.txt"}
    assert [r.key for r in unmatched_rows(metadata, ["a/ferry.txt"])] == ["zzz"]


def test_hints_fill_only_what_the_page_lacks():
    hints = PageHints(outlet="Harbour Courier", headline="Ferry to run all winter",
                      published=datetime(2019, 3, 4, tzinfo=timezone.utc), bylines=("Ana",))
    article = clean_page(Page(source="ferry.txt", text=STORY, hints=hints), kind="text")
    assert isinstance(article, Article)
    assert article.site_name == "Harbour Courier"
    assert article.published == datetime(2019, 3, 4, tzinfo=timezone.utc)
    assert article.bylines == ("Ana",)
    assert article.headline is not None and article.headline.text == "Ferry to run all winter"
    assert article.text[article.headline.start:article.headline.end] == "Ferry to run all winter"
    printed = clean_page(Page(source="ferry.txt", hints=hints,
                              text="Council keeps harbour ferry running all winter.\n\n" + STORY),
                         kind="text")
    assert printed.headline.text == "Council keeps harbour ferry running all winter."


def test_a_headline_hint_the_page_prints_is_not_printed_twice():
    hints = PageHints(headline="Ferry To Run All Winter")
    article = clean_page(Page(source="f.txt", hints=hints,
                              text="Ferry to run all winter\n\n" + STORY), kind="text")
    assert article.headline.text == "Ferry to run all winter"
    assert article.text.count("Ferry to run all winter") == 1


def test_hints_change_the_page_id():
    plain = Page(source="ferry.txt", text=STORY)
    assert Page(source="ferry.txt", text=STORY, hints=PageHints(outlet="A")).id != plain.id
    assert Page(source="ferry.txt", text=STORY, hints=PageHints(outlet="A")).id == \
        Page(source="ferry.txt", text=STORY, hints=PageHints(outlet="A", origin="x:2")).id


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "ferry.txt").write_text(STORY, encoding="utf-8")
    (folder / "trees.txt").write_text(OTHER, encoding="utf-8")
    return folder


def _articles(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT source, site_name, published, headline FROM articles "
                            "ORDER BY source").fetchall()


def test_cli_ingest_joins_metadata(corpus, tmp_path):
    meta = _write(tmp_path / "meta.csv", "filename,publisher,date,title\n"
                  "ferry,Harbour Courier,2019-03-04,Ferry to run all winter\n"
                  "trees,Valley Gazette,2019-05-11,Oaks planted along the river\n"
                  "missing,Valley Gazette,2019-05-12,A page not ingested\n")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db),
                                       "--metadata", str(meta)])
    assert result.exit_code == 0, result.output
    rows = _articles(db)
    assert [r[1:] for r in rows] == [
        ("Harbour Courier", "2019-03-04T00:00:00+00:00", "Ferry to run all winter"),
        ("Valley Gazette", "2019-05-11T00:00:00+00:00", "Oaks planted along the river")]
    assert '"rows_unmatched": 1' in result.output


@pytest.mark.parametrize("text, message", [
    ("filename,date\nferry,2019-13-45\n",
     "meta.csv, line 2, column 'date': '2019-13-45' is not a date"),
    ("filename,published\nferry,2019-03-04\ntrees,2019-03-05T25:00\n",
     "meta.csv, line 3, column 'published': '2019-03-05T25:00' is not a date"),
    ("filename,date\nnot-here,2019-03-04\n", "none of its 1 rows names one of the 2 pages"),
    ("outlet,date\nCourier,2019-03-04\n", "meta.csv, line 1: no column names the page"),
    ("filename,level\nferry,3\n", "meta.csv, line 1: no metadata column"),
    ("filename,outlet\nferry,Courier\n,Gazette\n",
     "meta.csv, line 3, column 'filename': the page cell is empty"),
    ("filename,outlet\nferry,Courier\ntrees,Gazette,extra\n",
     "meta.csv, line 3: 3 cells, the header has 2"),
    ("filename,title\nferry,ok\ntrees," + "x" * 10_000_000 + "\n",
     "meta.csv, line 3: 10,000,006 characters"),
], ids=["bad-date", "bad-date-time-last-row", "unknown-files", "no-page-column",
        "no-metadata-column", "empty-page-cell", "ragged", "ten-megabyte-line"])
def test_cli_ingest_with_a_malformed_file_stores_nothing(corpus, tmp_path, text, message):
    meta = _write(tmp_path / "meta.csv", text)
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db),
                                       "--metadata", str(meta)])
    assert result.exit_code == 1
    assert message in result.output
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM pages").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM runs").fetchone() == (0,)
    assert not list(tmp_path.glob("t.db.runs/*"))


def test_cli_ingest_reads_a_metadata_file_with_a_bom(corpus, tmp_path):
    meta = _write(tmp_path / "meta.tsv", "FileName\tPublisher\tDate\n"
                  "ferry\tHarbour Courier\t2019-03-04\ntrees\tValley Gazette\t2019-05-11\n",
                  bom=True)
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db),
                                       "--metadata", str(meta)])
    assert result.exit_code == 0, result.output
    assert [r[1] for r in _articles(db)] == ["Harbour Courier", "Valley Gazette"]


def test_cli_ingest_names_the_rows_that_name_no_page(corpus, tmp_path):
    meta = _write(tmp_path / "meta.csv", "filename,publisher\nferry,Harbour Courier\n"
                  "gone-1,Gazette\ngone-2,Gazette\ngone-3,Gazette\ngone-4,Gazette\n")
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(tmp_path / "t.db"),
                                       "--metadata", str(meta)])
    assert result.exit_code == 0, result.output
    assert ("meta.csv: 4 of its 5 rows name no page given (line 3 names 'gone-1', line 4 "
            "names 'gone-2', line 5 names 'gone-3' and 1 more)") in result.stderr


def test_cli_clean_takes_metadata_too(corpus, tmp_path):
    import json

    meta = _write(tmp_path / "meta.tsv", "file\toutlet\tpublished\nferry.txt\tHarbour Courier\t"
                  "2019-03-04T09:15:00+00:00\n")
    result = CliRunner().invoke(main, ["clean", str(corpus / "ferry.txt"), "--format", "json",
                                       "--metadata", str(meta)])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    assert (article["site_name"], article["published"]) == ("Harbour Courier",
                                                            "2019-03-04T09:15:00+00:00")


def test_the_metadata_file_counts_toward_the_run_id(tmp_path):
    from factdesk.scale.batch import run_id_of
    from factdesk.settings import Settings

    one = read_metadata(_write(tmp_path / "a.tsv", "file\toutlet\nferry\tCourier\n"))
    same = read_metadata(_write(tmp_path / "b.tsv", "file\toutlet\nferry\tCourier\n"))
    other = read_metadata(_write(tmp_path / "c.tsv", "file\toutlet\nferry\tGazette\n"))
    plain = run_id_of(["pages/"], Settings())
    assert run_id_of(["pages/"], Settings(), one) == run_id_of(["pages/"], Settings(), same)
    assert len({plain, run_id_of(["pages/"], Settings(), one),
                run_id_of(["pages/"], Settings(), other)}) == 3
