"""Articles surely written in a language the spaCy model does not read are
stored but not analysed (``analyze_languages``), and say so."""

from __future__ import annotations

import dataclasses

import pytest

from factdesk.analyze import analyze_many
from factdesk.analyze.analysis import unread_language
from factdesk.clean.language import confident_language
from factdesk.clean import verbatim_article
from factdesk.model import Article
from factdesk.settings import Settings

# Written for this test: a short French news item with a quote and a number.
FRENCH = (
    "Le conseil municipal de Lyon a voté mardi soir un nouveau plan pour les transports "
    "publics. Selon la maire adjointe, Claire Dubois, « les habitants attendent des bus plus "
    "fréquents et des pistes cyclables plus sûres ». Le projet coûtera environ 40 millions "
    "d'euros sur quatre ans. L'opposition a dénoncé un calendrier trop lent et a demandé "
    "une consultation des quartiers avant la fin de l'année."
)
ENGLISH = (
    "The city council of Lyon voted on Tuesday evening for a new public transport plan. "
    "\"Residents expect more frequent buses and safer cycle lanes,\" said the deputy mayor, "
    "Claire Dubois. The project will cost about 40 million euros over four years. The "
    "opposition criticised a slow timetable and asked for a consultation of the districts "
    "before the end of the year."
)


def _article(text: str, name: str) -> Article:
    return dataclasses.replace(verbatim_article(text, source=f"{name}.txt"), id=name)


def test_a_french_article_is_not_analysed_and_says_why(analysis_settings):
    english, french = _article(ENGLISH, "en-1"), _article(FRENCH, "fr-1")
    done = list(analyze_many([french, english, dataclasses.replace(french, id="fr-2")],
                             analysis_settings))
    assert [a.article_id for a in done] == ["fr-1", "en-1", "fr-2"]
    skipped, read, again = done
    assert skipped.skipped.startswith("not analysed: the text is in fr")
    assert "reads en" in skipped.skipped
    assert (skipped.entities, skipped.quotes, skipped.claims, skipped.facts) == ((),) * 4
    assert skipped.analyzers == read.analyzers  # not stale: reanalyze leaves it alone
    assert read.skipped == "" and read.quotes and read.entities
    assert again.skipped == skipped.skipped


@pytest.mark.parametrize("languages", ["", "en,fr", " FR , en "])
def test_the_setting_lets_other_languages_through(analysis_settings, languages):
    settings = dataclasses.replace(analysis_settings, analyze_languages=languages)
    (done,) = analyze_many([_article(FRENCH, "fr-1")], settings)
    assert done.skipped == "" and done.entities


def test_short_or_unsure_texts_are_analysed():
    assert confident_language("Merci beaucoup.") is None  # too few letters to be sure
    assert unread_language(_article("Oui. " * 3, "short"), Settings()) == ""
    assert confident_language(FRENCH) == "fr" and confident_language(ENGLISH) == "en"


def test_no_polnear_dev_article_is_held_back(shared_dir):
    from tests.conftest import need

    folder = need(shared_dir / "data" / "polnear" / "dev" / "text", "PolNeAR DEV texts")
    texts = sorted(folder.glob("*.txt"))
    assert len(texts) >= 40
    held = [p.name for p in texts
            if unread_language(_article(p.read_text(encoding="utf-8"), p.stem), Settings())]
    assert held == []
