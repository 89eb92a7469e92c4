"""Characters that show nothing on the page.

Zero-width space and joiners, the word joiner and invisible operators, the
byte-order mark used as a zero-width no-break space, the soft hyphen, and the
direction marks and embeddings.  Pasted and mangled pages scatter them between
letters or put them alone on a line: the text-dump cleaner treats a line of
them as blank, and the parser does not count them when it decides whether a
piece of text is prose.
"""

from __future__ import annotations

import re

__all__ = ["INVISIBLE", "INVISIBLE_RE"]

#: Every invisible format character, as one string (for ``str.strip``).
INVISIBLE = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
#: One invisible character.
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
