"""The example pages, cleaned: what a careful reader takes from each.

The expectations come from reading the pages (they were written for this
project), not from factdesk's output.
"""

from datetime import timedelta

import pytest

from factdesk import Article, ChromeReason, Page, clean_many, clean_page
from factdesk.ingest import read_path


def _clean(examples_dir, name, **kw):
    article = clean_page(read_path(examples_dir / name), **kw)
    assert isinstance(article, Article), article
    for span in article.spans():
        assert article.text[span.start:span.end] == span.text
    return article


def _removed(article, fragment):
    return [r.reason for r in article.removed if fragment in r.text]


def test_text_dump_with_chrome(examples_dir):
    article = _clean(examples_dir, "harbour-ferry-contract.txt")
    assert article.headline.text == ("Port authority denies ferry contract was rigged as "
                                     "councillors demand inquiry")
    assert article.standfirst.text.startswith("Opposition councillors say the tender")
    assert article.published.isoformat() == "2024-03-14T16:20:00+00:00"
    assert any("Marta Okonkwo" in b for b in article.bylines)
    assert len(article.captions) == 1
    assert article.captions[0].credit == "Harbour Courier/Dan Reyes"
    assert article.captions[0].span.text.startswith("The new ferry terminal at Kellin Quay")
    body = [p.text for p in article.paragraphs]
    assert body[0].startswith("The Kellin Port Authority has denied")
    assert body[-1].startswith("The council's transport committee will vote")
    assert len(body) == 9  # lines 23-28 and 30-32 of the page; line 29 is "Advertisement"
    assert "Advertisement" not in body
    assert any("Island ferry fares to rise" in link.text for link in article.related_links)
    assert any("Additional reporting by Sam Whitlow" in c for c in article.credits)
    assert _removed(article, "We use cookies") == [ChromeReason.COOKIE_NOTICE]
    assert _removed(article, "Get breaking news alerts") == [ChromeReason.NOTIFICATION_PROMPT]
    assert _removed(article, "Sign up to our daily newsletter") == [ChromeReason.NEWSLETTER_PROMPT]
    assert _removed(article, "Log in or register to comment")
    assert _removed(article, "Share on Facebook")


def test_same_site_pages_cleaned_together(examples_dir):
    pages = [read_path(examples_dir / n) for n in ("harbour-ferry-contract.txt",
                                                   "harbour-school-roof.txt")]
    ferry, school = list(clean_many(pages))
    assert school.headline.text.startswith("Pupils moved out of Westbrook primary")
    assert school.published.isoformat() == "2024-03-18T09:05:00+00:00"
    assert [p.text for p in school.paragraphs][-1].startswith("Some parents questioned")
    assert len(school.paragraphs) == 5
    for article in (ferry, school):
        assert not any("Most read" in p.text or "All rights reserved" in p.text
                       for p in article.paragraphs)


def test_html_page_metadata_captions_and_chrome(examples_dir):
    article = _clean(examples_dir, "valley-reservoir-drought.html")
    assert article.headline.text.startswith("Reservoir levels fall to lowest since 1995")
    assert article.standfirst.text.startswith("Ashdale Water says supplies are secure")
    assert article.published.isoformat() == "2025-08-12T07:30:00+01:00"
    assert article.bylines and "Eleanor Vance" in article.bylines[0]
    assert article.site_name == "Valley Gazette"
    assert article.url == "https://valleygazette.example/news/2025/08/reservoir-levels-drought"
    assert article.language == "en"
    assert len(article.captions) == 1
    assert article.captions[0].span.text.startswith("The exposed bed of Greywater reservoir")
    assert "Lina Moreau" in article.captions[0].credit
    body = article.body
    assert body.startswith("Water levels at the three reservoirs")
    assert "the river may not." in body
    assert "Hundreds of fish found dead" not in body
    assert "newsletter" not in body.lower()
    assert any("Hundreds of fish found dead" in link.text for link in article.related_links)
    assert article.removed, "the chrome it removed must be listed"


def test_declared_cp1252_page_decodes_without_garbling(examples_dir):
    article = _clean(examples_dir, "northbridge-cafe-fees-cp1252.html")
    assert article.headline.text == "Café owners say new market rules will cost them €2,000 a year"
    assert "“We were told this was about keeping the square tidy,”" in article.body
    assert "Northbridge’s market square" in article.body
    assert article.published.utcoffset() == timedelta(hours=2)
    assert article.published.date().isoformat() == "2023-10-03"
    assert "Most popular" not in article.body


@pytest.mark.parametrize("name", ["harbour-ferry-contract.txt", "valley-reservoir-drought.html"])
def test_cleaning_is_deterministic(examples_dir, name):
    page = read_path(examples_dir / name)
    assert clean_page(page) == clean_page(Page(source=page.source, data=page.data,
                                     content_type=page.content_type, fetched=page.fetched))


def test_strict_mode_raises_a_typed_error(tmp_path):
    from factdesk import RejectedPage

    page = Page(source="empty.txt", data=b"   \n")
    assert clean_page(page).reason.value == "empty"
    with pytest.raises(RejectedPage, match="empty") as caught:
        clean_page(page, strict=True)
    assert caught.value.rejection.reason.value == "empty"


def _weights_that_break_on_every_line(tmp_path):
    """The bundled line model with its first tree asking for a feature no row has:
    it loads (the feature names fit) and fails while cleaning a text dump."""
    import json

    from factdesk.clean.textdump.classifier import BUNDLED_WEIGHTS

    data = json.loads(BUNDLED_WEIGHTS.read_text(encoding="utf-8"))
    data["first"]["trees"][0]["feature"][0] = 10**6
    path = tmp_path / "broken-weights.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_cleaner_failing_on_an_accepted_page_raises_extract_error(examples_dir, tmp_path):
    from factdesk import ExtractError, Settings

    settings = Settings(text_model=_weights_that_break_on_every_line(tmp_path))
    with pytest.raises(ExtractError, match="IndexError") as caught:
        clean_page(read_path(examples_dir / "harbour-ferry-contract.txt"), settings)
    assert isinstance(caught.value.__cause__, IndexError)


def test_a_bug_on_one_page_rejects_that_page_not_the_batch(examples_dir, tmp_path):
    from factdesk import Settings

    settings = Settings(text_model=_weights_that_break_on_every_line(tmp_path))
    pages = [read_path(examples_dir / n) for n in ("valley-reservoir-drought.html",
                                                   "harbour-school-roof.txt")]
    reservoir, school = list(clean_many(pages, settings))
    assert isinstance(reservoir, Article)  # HTML pages do not read the line model
    assert school.reason.value == "internal_error"
    assert "IndexError" in school.message


def test_bad_weights_file_is_a_config_error(examples_dir, tmp_path):
    from factdesk import ConfigError, Settings

    weights = tmp_path / "weights.json"
    weights.write_text('{"format": "something else"}')
    with pytest.raises(ConfigError):
        list(clean_many([read_path(examples_dir / "harbour-ferry-contract.txt")],
                        Settings(text_model=str(weights))))
