"""Name knowledge used to group aliases: country short forms, capitals used as
metonyms for their state, and familiar forms of given names."""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["CAPITALS", "COUNTRY_FORMS", "NICKNAMES", "normal_key", "slug"]

# A short or informal form -> the canonical country name.
COUNTRY_FORMS = {
    "us": "United States", "u.s.": "United States", "u.s": "United States",
    "usa": "United States", "u.s.a.": "United States", "america": "United States",
    "united states": "United States", "united states of america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "united kingdom": "United Kingdom",
    "russian federation": "Russia", "russia": "Russia",
    "prc": "China", "people's republic of china": "China", "china": "China",
    "uae": "United Arab Emirates", "dprk": "North Korea", "north korea": "North Korea",
    "south korea": "South Korea", "eu": "European Union", "european union": "European Union",
}

# A capital -> the state it can stand for ("Moscow has long been critical").
CAPITALS = {
    "Moscow": "Russia", "Washington": "United States", "Beijing": "China",
    "London": "United Kingdom", "Paris": "France", "Berlin": "Germany", "Tehran": "Iran",
    "Damascus": "Syria", "Pyongyang": "North Korea", "Seoul": "South Korea",
    "Tokyo": "Japan", "Ankara": "Turkey", "Kyiv": "Ukraine", "Kiev": "Ukraine",
    "Kabul": "Afghanistan", "Islamabad": "Pakistan", "New Delhi": "India",
    "Riyadh": "Saudi Arabia", "Baghdad": "Iraq", "Havana": "Cuba", "Caracas": "Venezuela",
    "Brussels": "European Union", "Ottawa": "Canada", "Canberra": "Australia",
    "Rome": "Italy", "Madrid": "Spain", "Cairo": "Egypt", "Jerusalem": "Israel",
}

# Familiar given name -> formal given name.
NICKNAMES = {
    "jim": "james", "jimmy": "james", "bill": "william", "will": "william",
    "billy": "william", "bob": "robert", "rob": "robert", "bobby": "robert",
    "mike": "michael", "mick": "michael", "tom": "thomas", "tommy": "thomas",
    "dick": "richard", "rick": "richard", "rich": "richard", "joe": "joseph",
    "chuck": "charles", "charlie": "charles", "ted": "edward", "ed": "edward",
    "tony": "anthony", "dan": "daniel", "danny": "daniel",
    "dave": "david", "steve": "stephen", "nick": "nicholas", "chris": "christopher",
    "matt": "matthew", "pat": "patrick", "sam": "samuel", "ben": "benjamin",
    "jon": "jonathan", "andy": "andrew", "drew": "andrew", "al": "albert",
    "alex": "alexander", "fred": "frederick", "greg": "gregory", "jeff": "jeffrey",
    "jerry": "gerald", "larry": "lawrence", "ron": "ronald", "don": "donald",
    "tim": "timothy", "ken": "kenneth", "liz": "elizabeth", "beth": "elizabeth",
    "kate": "katherine", "kathy": "katherine", "sue": "susan", "jenny": "jennifer",
    "len": "leonard", "lenny": "leonard",
    "hillary": "hillary", "newt": "newton", "mitch": "mitchell", "bernie": "bernard",
}


@functools.lru_cache(maxsize=8192)  # bounded: a long run meets new names forever
def normal_key(name: str) -> str:
    """A lower-cased, accent-folded, whitespace-collapsed form of ``name``."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("\u2019", "'").lower()
    return re.sub(r"\s+", " ", folded).strip()


def slug(name: str) -> str:
    """``James Mattis`` -> ``james-mattis`` (for stable ids)."""
    return re.sub(r"[^\w]+", "-", normal_key(name)).strip("-") or "x"
