"""The text-dump cleaner: line roles, the line model, repetition, the whole page."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdesk.clean import textdump
from factdesk.clean.textdump import (
    clean_text_dump,
    shared_line_groups,
    site_chrome_lines,
    site_key,
)
from factdesk.clean.textdump.cleaner import draft_from_labels
from factdesk.clean.textdump.classifier import (
    Ensemble,
    LineModel,
    Tree,
    load_model,
    shift_log_odds,
)
from factdesk.clean.textdump.lines import split_lines
from factdesk.errors import ModelFormatError
from factdesk.clean.credit_lines import is_credit_line
from factdesk.clean.textdump.roles import (
    byline_name,
    is_duplicate_caption,
    is_headline_shaped,
    match_caption,
    match_echo_caption,
    published_in,
)
from factdesk.clean.textdump.sequence import choose_body, smooth
from factdesk.model import ChromeReason, Page, RejectReason, Rejection
from factdesk.settings import Settings

PACKAGE = Path(textdump.__file__).parent

# An invented page in the dump format: menus, an appeal, the story, a footer.
HARBOUR = """Home
News
Sport
Weather
Sign In
Harbour ferry to run through the winter for the first time
The council says a new electric boat makes year-round crossings affordable
Monday 4 March 2019 09:15 GMT
By Ana Ribeiro
Comments
The new ferry leaves the north quay on its first winter run (Lantern Photo/Jo Smith)
Your support keeps local reporting alive. Please donate today.
The harbour ferry between the north and south quays will keep running through the winter for the first time in its forty-year history, the council said on Monday.
Until now the crossing closed every November because the old diesel boat was too costly to run for the handful of passengers who travel in the dark months.
A new electric vessel, paid for by a regional transport grant, costs about a third as much per trip and can be charged overnight at the south quay.
Councillor Maria Okafor said the change would help shift workers who currently face a forty-minute drive around the estuary.
Harbour traders welcomed the decision, although some asked for later evening sailings on Fridays and Saturdays.
The first winter timetable starts in November, with crossings every half hour from six in the morning until nine at night.
Additional reporting by Tom Reyes
Share this article
Facebook Twitter Email
Most Read
© 2019 The Harbour Lantern. All rights reserved.
Privacy Policy
"""


def test_public_names():
    assert textdump.__all__ == sorted(textdump.__all__)
    for name in textdump.__all__:
        assert hasattr(textdump, name), name


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_modules_are_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400


def test_split_lines_keeps_line_numbers_and_skips_blanks():
    lines = split_lines("First\n\n  Second  \r\n\nThird")
    assert [(line.no, line.text) for line in lines] == [(0, "First"), (2, "Second"), (4, "Third")]


class TestRoles:
    @pytest.mark.parametrize(("line", "caption", "credit"), [
        ("The mayor opens the bridge on Friday (Reuters/Jo Smith)",
         "The mayor opens the bridge on Friday", "Reuters/Jo Smith"),
        ("Crowds gather on the quay before the race. Photo: Lantern Staff",
         "Crowds gather on the quay before the race.", "Photo: Lantern Staff"),
        ("Firefighters at the scene of the blaze | Getty Images",
         "Firefighters at the scene of the blaze", "Getty Images"),
    ], ids=["parenthesised", "photo-label", "pipe"])
    def test_caption_and_credit(self, line, caption, credit):
        match = match_caption(line)
        assert match is not None
        assert line[:match.text_end] == caption
        assert match.credit == credit
        assert line[match.credit_start:match.credit_start + len(credit)] == credit

    @pytest.mark.parametrize("line", [
        "The council met on Tuesday to discuss the budget.",
        "Trump attacks the Speaker on Twitter",
        "Short (AP)",
    ], ids=["sentence", "headline-ending-in-platform", "too-short"])
    def test_not_a_caption(self, line):
        assert match_caption(line) is None

    def test_caption_printed_again_with_any_credit(self):
        bare = "The new pier at the north quay, which opened last spring"
        line = f"{bare} (Harbour Courier/Dan Reyes)"
        assert match_caption(line) is None  # no agency or photo word in the credit
        match = match_echo_caption(line, bare)
        assert match is not None
        assert line[:match.text_end] == bare
        assert match.credit == "Harbour Courier/Dan Reyes"
        assert match_echo_caption(f"{bare}, and it was busy all summer.", bare) is None

    def test_duplicate_caption(self):
        caption = "Volunteers clear debris from the beach after the storm on Sunday"
        assert is_duplicate_caption(caption, caption)
        assert not is_duplicate_caption("Volunteers clear debris", caption)

    @pytest.mark.parametrize(("line", "expected"), [
        ("Agencies contributed to this report", True),
        ("Additional reporting by Tom Reyes", True),
        ("The Associated Press contributed to this report.", True),
        ("Reporters contributed hours of their time to the appeal, she said, and more.", False),
    ], ids=["agencies", "additional", "ap", "sentence"])
    def test_credit_line(self, line, expected):
        assert is_credit_line(line) is expected

    @pytest.mark.parametrize(("line", "name"), [
        ("By Ana Ribeiro", "Ana Ribeiro"),
        ("by Tom Reyes, Political Editor", "Tom Reyes, Political Editor"),
        ("By the end of the week the river had fallen by a metre.", None),
    ], ids=["plain", "with-role", "sentence"])
    def test_byline(self, line, name):
        assert byline_name(line) == name

    @pytest.mark.parametrize(("line", "iso"), [
        ("Monday 4 March 2019 09:15 GMT", "2019-03-04T09:15:00+00:00"),
        ("Updated: March 4, 2019 9:15 AM EST", "2019-03-04T09:15:00-05:00"),
    ], ids=["uk", "us-updated"])
    def test_published(self, line, iso):
        value = published_in(line, "")
        assert value is not None and value.isoformat() == iso

    def test_published_without_zone_needs_a_default(self):
        assert published_in("4 March 2019 09:15", "") is None
        assert published_in("4 March 2019 09:15", "UTC").isoformat() == "2019-03-04T09:15:00+00:00"

    @pytest.mark.parametrize(("line", "expected"), [
        ("Harbour ferry to run through the winter", True),
        ("The ferry will run all winter, the council said.", False),
        ("“We are delighted,” said the harbour master.", False),
        ("Home", False),
    ], ids=["title", "sentence", "quoted-sentence", "one-word"])
    def test_headline_shape(self, line, expected):
        assert is_headline_shaped(line) is expected


class TestSequence:
    def test_a_lone_dip_inside_body_is_smoothed_over(self):
        assert smooth([0.9, 0.9, 0.4, 0.9, 0.9], 1.0) == [True] * 5

    def test_a_clear_boundary_is_kept(self):
        assert smooth([0.05, 0.05, 0.95, 0.95], 1.0) == [False, False, True, True]

    def test_choose_body_falls_back_to_the_model(self):
        assert smooth([0.1, 0.56, 0.1], 2.0) == [False, False, False]
        assert choose_body([0.1, 0.56, 0.1], 2.0) == [False, True, False]


class TestModel:
    def _model(self) -> LineModel:
        stump = Tree(feature=(0, 0, 0), threshold=(3.0, 0.0, 0.0), left=(1, -1, -1),
                     right=(2, -1, -1), value=(0.0, -2.0, 2.0))
        return LineModel(name="stump", first=Ensemble(init=0.0, learning_rate=1.0,
                                                      trees=(stump,)))

    def test_tree_inference(self):
        model = self._model()
        low, high = model.probabilities([[1.0] * 60, [5.0] * 60])
        assert low < 0.2 < 0.8 < high

    def test_round_trip(self):
        model = self._model()
        assert LineModel.from_dict(model.to_dict()) == model

    def test_body_bias_shifts_only_the_decision(self):
        model = self._model()
        biased = LineModel.from_dict({**model.to_dict(), "body_bias": 2.0})
        assert LineModel.from_dict(biased.to_dict()) == biased
        rows = [[1.0] * 60, [5.0] * 60]
        assert biased.probabilities(rows) == model.probabilities(rows)
        for before, after in zip(model.probabilities(rows), biased.decision_probabilities(rows)):
            assert after > before

    def test_decision_cost_smooths_only_the_decision(self):
        model = self._model()
        sticky = LineModel.from_dict({**model.to_dict(), "decision_cost": 5.0})
        assert LineModel.from_dict(sticky.to_dict()) == sticky
        probs = [0.05] * 2 + [0.95] * 4 + [0.05] + [0.95] * 4 + [0.05] * 2
        assert model.body_labels(probs) == [False] * 2 + [True] * 4 + [False] + [True] * 4 \
            + [False] * 2
        assert sticky.body_labels(probs) == [False] * 2 + [True] * 9 + [False] * 2

    def test_weights_without_a_decision_cost_use_the_switch_cost(self):
        data = {**self._model().to_dict(), "switch_cost": 5.0}
        del data["decision_cost"]
        model = LineModel.from_dict(data)
        assert model.decision_cost is None
        probs = [0.05] * 2 + [0.95] * 4 + [0.05] + [0.95] * 4 + [0.05] * 2
        assert model.body_labels(probs) == [False] * 2 + [True] * 9 + [False] * 2

    def test_shift_log_odds(self):
        assert shift_log_odds(0.5, 0.0) == pytest.approx(0.5)
        assert shift_log_odds(0.5, 1.0) == pytest.approx(1 / (1 + 2.718281828 ** -1))
        assert shift_log_odds(0.2, -1.0) < 0.2

    def test_weights_for_other_features_are_refused(self):
        data = self._model().to_dict()
        data["features"] = ["something_else"]
        with pytest.raises(ModelFormatError, match="retrain"):
            LineModel.from_dict(data)

    def test_bundled_weights_load(self):
        model = load_model("")
        assert model.name.startswith("textdump-lines") and model.second is not None


class TestRepetition:
    def test_site_key(self):
        assert site_key(Page(source="x", url="https://www.Example.org/a")) == "example.org"
        assert site_key(Page(source="x", site="Lantern")) == "lantern"
        assert site_key(Page(source="x")) is None

    def test_lines_on_two_pages_are_site_chrome(self):
        one = "Menu\nSport\nA story about the tide tables and the harbour at dawn, told at length."
        two = "Menu\nSport\nAnother story about the new cycle lane on the ring road, in detail."
        assert site_chrome_lines([one, two], 2) == {"Menu", "Sport"}
        assert site_chrome_lines([one, two], 0) == frozenset()

    def test_the_same_article_twice_is_not_its_own_chrome(self):
        page = ("Menu\nA story about the tide tables and the harbour at dawn, told at length "
                "and in prose-sized detail.")
        assert site_chrome_lines([page, page], 2) == frozenset()

    def test_pages_sharing_a_template_are_grouped(self):
        menu = "\n".join(f"Section {n}" for n in range(20))
        a = menu + "\nA story about tides."
        b = menu + "\nA story about bridges."
        c = "\n".join(f"Other {n}" for n in range(20))
        groups = shared_line_groups([a, b, c])
        assert groups[0] == groups[1] != groups[2]


class TestCleanTextDump:
    @pytest.fixture
    def draft(self):
        result = clean_text_dump(Page(source="harbour", text=HARBOUR), Settings())
        assert not isinstance(result, Rejection), result
        return result

    def test_body(self, draft):
        assert draft.paragraphs[0].startswith("The harbour ferry between")
        assert draft.paragraphs[-1].startswith("The first winter timetable")
        assert len(draft.paragraphs) == 6

    def test_header(self, draft):
        assert draft.headline == "Harbour ferry to run through the winter for the first time"
        assert draft.standfirst.startswith("The council says a new electric boat")
        assert draft.published.isoformat() == "2019-03-04T09:15:00+00:00"
        assert draft.bylines == ("Ana Ribeiro",)

    def test_caption_and_credit_line(self, draft):
        (caption,) = draft.captions
        assert caption.credit == "Lantern Photo/Jo Smith"
        assert draft.credits == ("Additional reporting by Tom Reyes",)

    def test_every_other_line_is_removed_with_a_reason(self, draft):
        reasons = {r.text: r.reason for r in draft.removed}
        assert reasons["Your support keeps local reporting alive. Please donate today."] \
            is ChromeReason.DONATION_APPEAL
        assert reasons["Comments"] is ChromeReason.COMMENT_WIDGET
        assert reasons["Share this article"] is ChromeReason.SHARE_BUTTONS
        assert reasons["© 2019 The Harbour Lantern. All rights reserved."] is ChromeReason.FOOTER
        assert reasons["Home"] is ChromeReason.NAVIGATION
        kept = {*draft.paragraphs, draft.headline, draft.standfirst, *draft.credits,
                *(c.line for c in draft.captions)}
        for line in split_lines(HARBOUR):
            assert line.text in kept or line.text in reasons, line.text

    def test_origins_are_line_numbers(self, draft):
        lines = HARBOUR.splitlines()
        assert all(lines[r.origin].strip() == r.text for r in draft.removed)

    def test_extractor_version(self, draft):
        assert draft.extractor == "clean.textdump.v1"

    def test_a_given_body_decision_is_dressed_the_same_way(self, draft):
        lines = split_lines(HARBOUR)
        body = [line.text in draft.paragraphs for line in lines]
        again = draft_from_labels(Page(source="harbour", text=HARBOUR), lines, body, Settings())
        assert again == draft

    def test_all_chrome_page_is_rejected(self):
        page = Page(source="menu", text="Home\nNews\nSign In\nSubscribe now\nPrivacy Policy\n")
        result = clean_text_dump(page, Settings())
        assert isinstance(result, Rejection) and result.reason is RejectReason.ALL_CHROME
