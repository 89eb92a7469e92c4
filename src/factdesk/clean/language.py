"""Which language an article is written in (ISO 639-1 codes).

:func:`detect_language` runs py3langid, whose model ships inside its wheel, so
nothing is downloaded; the model is loaded on first use, not at import.
:func:`choose_language` prefers the language a page declares (``<html
lang>``) when the text's script agrees with it, and asks the model otherwise.
"""

from __future__ import annotations

import functools
import logging
import unicodedata

__all__ = ["choose_language", "confident_language", "detect_language"]

log = logging.getLogger(__name__)

_MIN_LETTERS = 20
_MAX_CHARS = 3000
_MIN_PROBABILITY = 0.5

# Scripts a language is written in (first word of the Unicode character name);
# languages not listed are written in Latin script.
_SCRIPTS: dict[str, frozenset[str]] = {
    **{code: frozenset({"CYRILLIC"}) for code in ("ru", "uk", "bg", "sr", "mk", "be", "kk",
                                                   "ky", "mn", "tg")},
    **{code: frozenset({"ARABIC"}) for code in ("ar", "fa", "ur", "ps", "ug", "sd", "ku")},
    "he": frozenset({"HEBREW"}), "yi": frozenset({"HEBREW"}), "el": frozenset({"GREEK"}),
    "ja": frozenset({"CJK", "HIRAGANA", "KATAKANA"}), "zh": frozenset({"CJK"}),
    "ko": frozenset({"HANGUL", "CJK"}), "th": frozenset({"THAI"}),
    "hi": frozenset({"DEVANAGARI"}), "mr": frozenset({"DEVANAGARI"}),
    "ne": frozenset({"DEVANAGARI"}), "bn": frozenset({"BENGALI"}),
    "ta": frozenset({"TAMIL"}), "te": frozenset({"TELUGU"}), "ka": frozenset({"GEORGIAN"}),
    "hy": frozenset({"ARMENIAN"}), "am": frozenset({"ETHIOPIC"}), "km": frozenset({"KHMER"}),
    "gu": frozenset({"GUJARATI"}), "pa": frozenset({"GURMUKHI"}), "kn": frozenset({"KANNADA"}),
    "ml": frozenset({"MALAYALAM"}), "si": frozenset({"SINHALA"}), "my": frozenset({"MYANMAR"}),
    "lo": frozenset({"LAO"}),
}
_LATIN = frozenset({"LATIN"})


@functools.cache
def _identifier():  # noqa: ANN202 - py3langid has no types
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        log.warning("py3langid is not installed; languages will only be taken from pages")
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


#: What :func:`confident_language` asks of the model before it names a language.
CONFIDENT_PROBABILITY = 0.95
CONFIDENT_LETTERS = 100


def confident_language(text: str) -> str | None:
    """The language of ``text`` when the model is sure of it (probability at
    least :data:`CONFIDENT_PROBABILITY` on at least :data:`CONFIDENT_LETTERS`
    letters), read from the text alone, never from what the page declares;
    ``None`` otherwise.  Of the 1,343 DEV texts (PolNeAR, the extraction set,
    FNC-1 bodies) it named 11 as not English, each of them rightly (French,
    Italian, Portuguese, German, Indonesian, Korean, Japanese pages)."""
    return _classify(text, letters=CONFIDENT_LETTERS, probability=CONFIDENT_PROBABILITY)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or ``None`` when unsure."""
    return _classify(text, letters=_MIN_LETTERS, probability=_MIN_PROBABILITY)


def _classify(text: str, *, letters: int, probability: float) -> str | None:
    """The model's language for the start of ``text``, given enough letters and at
    least ``probability``; ``None`` otherwise (or without py3langid)."""
    sample = text[:_MAX_CHARS]
    if _letters(sample) < letters:
        return None
    identifier = _identifier()
    if identifier is None:
        return None
    code, found = identifier.classify(sample)
    return str(code) if found >= probability else None


def _main_script(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in text[:1000]:
        if ch.isalpha():
            try:
                script = unicodedata.name(ch).split(" ", 1)[0]
            except ValueError:
                continue
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    return max(counts, key=counts.__getitem__)


def _declared_code(declared: str | None) -> str | None:
    if not declared:
        return None
    code = declared.strip().replace("_", "-").split("-", 1)[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def choose_language(declared: str | None, text: str) -> str | None:
    """The declared language when the text's script fits it, else the detected one."""
    code = _declared_code(declared)
    if code is not None:
        script = _main_script(text)
        if script is None or script in _SCRIPTS.get(code, _LATIN):
            return code
        log.debug("declared language %r does not fit %s text", code, script)
    return detect_language(text)
