from datetime import UTC, datetime, timedelta, timezone

import pytest

from factdesk.clean.assemble import CaptionDraft, Draft, assemble
from factdesk.model import (
    Article,
    ChromeReason,
    RejectReason,
    Rejection,
    Removed,
    Span,
    from_dict,
    to_dict,
)
from factdesk.clean import verbatim_article


def _draft(**changes):
    values = dict(
        source="memory",
        extractor="test.v1",
        headline="Bridge reopens after repairs",
        standfirst="Drivers can use the crossing again from Friday",
        captions=(CaptionDraft(line="The bridge on Thursday (Photo: K. Ito)", text_end=22,
                               credit="Photo: K. Ito", credit_start=23),),
        paragraphs=("The old bridge reopened on Friday.", "“It’s a relief,” said one driver."),
        published=datetime(2024, 5, 3, 9, 0, tzinfo=timezone(timedelta(hours=1))),
        removed=(Removed(text="Share on X", reason=ChromeReason.SHARE_BUTTONS, origin=3),),
    )
    values.update(changes)
    return Draft(**values)


def test_assembled_text_is_parts_joined_by_blank_lines():
    article = assemble(_draft())
    assert article.text == (
        "Bridge reopens after repairs\n\nDrivers can use the crossing again from Friday\n\n"
        "The bridge on Thursday (Photo: K. Ito)\n\nThe old bridge reopened on Friday.\n\n"
        "“It’s a relief,” said one driver.")


def test_every_span_indexes_the_text():
    article = assemble(_draft())
    for span in article.spans():
        assert article.text[span.start:span.end] == span.text
    caption = article.captions[0]
    assert caption.span.text == "The bridge on Thursday"
    assert caption.credit_span.text == "Photo: K. Ito"
    assert article.body == "The old bridge reopened on Friday.\n\n“It’s a relief,” said one driver."


def test_ids_are_deterministic_and_content_based():
    assert assemble(_draft()).id == assemble(_draft()).id
    assert assemble(_draft()).id != assemble(_draft(paragraphs=("Other text.",))).id


def test_published_must_be_aware():
    with pytest.raises(ValueError, match="timezone-aware"):
        Article(id="x", text="", published=datetime(2024, 1, 1))


def test_span_checks_its_length():
    with pytest.raises(ValueError):
        Span(start=0, end=3, text="ab")


def test_round_trip_through_dict():
    article = assemble(_draft())
    data = to_dict(article)
    assert data["published"] == "2024-05-03T09:00:00+01:00"
    assert data["removed"][0]["reason"] == "share_buttons"
    assert from_dict(data) == article
    rejection = Rejection(source="x.html", reason=RejectReason.BINARY, message="an image")
    assert from_dict(to_dict(rejection)) == rejection


@pytest.mark.parametrize("text", [
    "One line only.",
    "  indented line\n\nsecond paragraph  \r\nthird\n",
    "emoji 🙂 and “quotes”\nnext",
    "",
], ids=["one-line", "whitespace-and-crlf", "emoji", "empty"])
def test_verbatim_article_keeps_offsets_into_the_given_text(text):
    article = verbatim_article(text, source="t")
    assert article.text == text
    assert [p.text for p in article.paragraphs] == [line.strip() for line in text.splitlines()
                                                     if line.strip()]
    for span in article.paragraphs:
        assert text[span.start:span.end] == span.text


def test_frozen():
    article = verbatim_article("x")
    with pytest.raises(AttributeError):
        article.text = "y"  # type: ignore[misc]
    assert datetime.now(UTC).tzinfo is not None
