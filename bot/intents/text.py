"""Normalising text for matching: lower case, no accents, apostrophes dropped, tokens."""

from __future__ import annotations

import re
import unicodedata

# Messages beyond this are cut outright, whatever they are.
MAX_MATCH_CHARS = 40_000
# A long paste is read at its head, where a bounce gives its diagnosis and a person asks, and at
# its tail, where a question under a pasted log goes; the middle is quoted mail and headers.
WINDOW_HEAD = 10_000
WINDOW_TAIL = 2_000

_TOKEN = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"(?<=[a-z])['\u2019\u00b4`](?=[a-z])")
# French and Italian elide a one-letter word ("l'adresse", "d'envoi", "n'a"): a separate word.
_ELISION = re.compile(r"\b([cdjlmnst]|qu)['\u2019\u00b4`](?=[a-z])")
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})


def analysis_window(text: str) -> str:
    if len(text) <= WINDOW_HEAD + WINDOW_TAIL:
        return text
    return text[:WINDOW_HEAD] + "\n" + text[-WINDOW_TAIL:]


def fold(text: str) -> str:
    """Lower-case, strip accents ("recibió" -> "recibio") and join contractions ("didn't")."""
    lowered = text[:MAX_MATCH_CHARS].lower().translate(_FOLD)
    if not lowered.isascii():
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _APOSTROPHES.sub("", _ELISION.sub(r"\1 ", lowered))


def tokenize(folded: str) -> list[str]:
    return _TOKEN.findall(folded)
