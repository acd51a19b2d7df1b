"""Normalising text for matching: lower case, no accents, apostrophes dropped, tokens."""

from __future__ import annotations

import re
import unicodedata

# Messages beyond this are pastes; the decisive lines of a bounce come first, so the rest
# would only cost time.
MAX_MATCH_CHARS = 40_000

_TOKEN = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"(?<=[a-z])['\u2019\u00b4`](?=[a-z])")
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip accents ("recibió" -> "recibio") and join contractions ("didn't")."""
    lowered = text[:MAX_MATCH_CHARS].lower().translate(_FOLD)
    if not lowered.isascii():
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _APOSTROPHES.sub("", lowered)


def tokenize(folded: str) -> list[str]:
    return _TOKEN.findall(folded)
