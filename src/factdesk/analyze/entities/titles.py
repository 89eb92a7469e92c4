"""Titles and honorifics that stand before a name ("Gen.", "Mr", "Secretary")."""

from __future__ import annotations

__all__ = ["FULL_TITLE", "HONORIFICS", "TITLES", "is_title"]

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"})

# Short form -> the word a role should read.
FULL_TITLE = {
    "gen": "General", "general": "General", "lt": "Lieutenant", "col": "Colonel",
    "colonel": "Colonel", "maj": "Major", "major": "Major", "capt": "Captain",
    "captain": "Captain", "adm": "Admiral", "admiral": "Admiral", "sgt": "Sergeant",
    "sen": "Senator", "senator": "Senator", "rep": "Representative",
    "representative": "Representative", "gov": "Governor", "governor": "Governor",
    "president": "President", "secretary": "Secretary", "minister": "Minister",
    "chancellor": "Chancellor", "prime": "Prime", "judge": "Judge", "justice": "Justice",
    "mayor": "Mayor", "speaker": "Speaker", "ambassador": "Ambassador",
    "commander": "Commander", "chairman": "Chairman", "chairwoman": "Chairwoman",
    "prof": "Professor", "professor": "Professor", "rev": "Reverend", "pope": "Pope",
    "king": "King", "queen": "Queen", "prince": "Prince", "princess": "Princess",
    "attorney": "Attorney", "sheriff": "Sheriff", "chief": "Chief", "director": "Director",
    "vice": "Vice", "deputy": "Deputy", "spokesman": "Spokesman",
    "councillor": "Councillor", "councilor": "Councilor", "cllr": "Councillor",
    "alderman": "Alderman", "councilman": "Councilman", "councilwoman": "Councilwoman",
}

TITLES = HONORIFICS | frozenset(FULL_TITLE)


def is_title(word: str) -> bool:
    """Whether ``word`` ("Gen.", "Mr", "Secretary") is a title before a name."""
    return word.lower().rstrip(".") in TITLES
