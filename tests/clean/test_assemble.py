"""assemble.py owns the article's layout and the one body-length check."""

from __future__ import annotations

from factdesk.clean.assemble import CaptionDraft, Draft, article_text, assemble, short_body
from factdesk.model import ChromeReason, RejectReason, Removed


def _draft(**changes) -> Draft:
    values = dict(source="t", extractor="test.v1", headline="Ferry deal signed",
                  standfirst="The council chose the cheaper bid",
                  captions=(CaptionDraft(line="The ferry at dawn (Photo: A. Lee)"),),
                  paragraphs=("The contract runs for ten years.", "Fares stay the same."))
    values.update(changes)
    return Draft(**values)


def test_article_text_is_the_assembled_text():
    for draft in (_draft(), _draft(headline=None, captions=()), _draft(standfirst=None)):
        assert article_text(draft) == assemble(draft).text


def test_a_short_body_is_rejected_with_the_cleaners_reason():
    draft = _draft()
    body = sum(len(p) for p in draft.paragraphs)
    assert short_body(draft, body) is None
    reason, message = short_body(draft, body + 1)
    assert reason is RejectReason.NO_ARTICLE
    assert f"only {body} characters" in message and f"min_body_chars={body + 1}" in message
    chrome = _draft(short_reason=RejectReason.ALL_CHROME,
                    removed=(Removed(text="Menu", reason=ChromeReason.NAVIGATION, origin=0),))
    assert short_body(chrome, body + 1)[0] is RejectReason.ALL_CHROME
