"""Typo-tolerant word lookup: maps a word as typed to the rule vocabulary word it stands for."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

# Real words one edit away from a rule word; correcting them would invent evidence
# ("span" is not "spam", "sent" is not "spent").
NEVER_CORRECT = frozenset(
    {
        "span",
        "sent",
        "spent",
        "fill",
        "fall",
        "fell",
        "lock",
        "clock",
        "clocked",
        "bonus",
        "ounce",
        "pounce",
        "bound",
        "block",
        "ques",
        "queue",
        "quota",
        "mails",
        "jump",
        "juno",
        "spa",
        "spams",
        "tsl",
        "tls",
        "ssl",
        "dms",
        "dns",
        "mix",
        "max",
        "opt",
        "out",
        "open",
        "opens",
        "opened",
        "pending",
        "spending",
        "sending",
        "lending",
        "bending",
        "ending",
        "mending",
        "tending",
        "trending",
        "vending",
        "sorted",
        "filled",
        "filed",
        "fault",
        "founded",
        "sounded",
        "rounded",
        "bounded",
        "dropped",
        "cropped",
        "dripped",
        "locked",
        "looked",
        "booked",
        "hooked",
        "cooked",
        "backed",
        "packed",
        "tracked",
        "hacked",
        "meeting",
        "tested",
        "rested",
        "hosted",
        "posted",
        "ported",
        "listed",
        "lifted",
        "rejected",
        "injected",
        "inspected",
        "expected",
        "selected",
        "elected",
        "ejected",
        "reply",
        "apply",
        "imply",
        "supply",
        "mail",
        "main",
        "maid",
        "nail",
        "rail",
        "sail",
        "tail",
        "fail",
        "hail",
        "jail",
        "pail",
        "wail",
        "gmail",
        "email",
        "emails",
        "inbox",
        "unbox",
        "bounce",
        "ounces",
        "delivery",
        "deliver",
        "delivers",
    }
)


def inflections(token: str) -> list[str]:
    """Other endings of the same word: plural or singular, with or without -ed."""
    variants = [token + "s", token + "es", token + "ed", token + "d"]
    if token.endswith("ies"):
        variants.append(token[:-3] + "y")
    if token.endswith("es"):
        variants.append(token[:-2])
    if token.endswith("s") and not token.endswith("ss"):
        variants.append(token[:-1])
    if token.endswith("ed"):
        variants.extend((token[:-2], token[:-1]))
    return [variant for variant in variants if len(variant) >= 3]


def singular(word: str) -> str | None:
    """The singular of a plural word, or None: "emails" -> "email", "replies" -> "reply"."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return None


class WordMatcher:
    """Exact look-up first, then a bounded edit-distance search over the rule vocabulary."""

    def __init__(self, vocabulary: Iterable[str], *, cache_size: int = 50_000) -> None:
        self._vocabulary = frozenset(vocabulary)
        self._by_length: dict[int, list[str]] = {}
        for word in self._vocabulary:
            self._by_length.setdefault(len(word), []).append(word)
        self._cache: dict[str, str | None] = {}
        self._cache_size = cache_size

    def __contains__(self, word: str) -> bool:
        return word in self._vocabulary

    def canonical(self, token: str) -> str | None:
        """The vocabulary word this token stands for, or None."""
        if token in self._vocabulary:
            return token
        cached = self._cache.get(token, "")
        if cached != "":
            return cached
        found = self._search(token)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[token] = found
        return found

    def _inflection(self, token: str) -> str | None:
        """ "say" stands for "says", "bounces" for "bounce": the same word, another ending."""
        for variant in inflections(token):
            if variant in self._vocabulary:
                return variant
        return None

    def _search(self, token: str) -> str | None:
        inflected = self._inflection(token) if len(token) >= 3 else None
        if inflected is not None:
            return inflected
        size = len(token)
        if size < 4 or token in NEVER_CORRECT or token.isdigit():
            return None
        # Short words allow only a swap of two letters ("spma"); longer words one edit,
        # and long words two ("recieved", "verifcation", "deliverabilty").
        allowed = 1 if size < 9 else 2
        candidates = [
            word
            for length in range(size - allowed, size + allowed + 1)
            for word in self._by_length.get(length, ())
        ]
        if not candidates:
            return None
        found = process.extract(
            token, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=allowed, limit=8
        )
        if not found:
            return None
        # Among equally close words, the one that ends like the token is the one meant
        # ("deliverd" is "delivered", not "deliver").
        closest = min(distance for _, distance, _ in found)
        word = min(
            (candidate for candidate, distance, _ in found if distance == closest),
            key=lambda candidate: (candidate[-1] != token[-1], -len(candidate), candidate),
        )
        if size == 4 and sorted(word) != sorted(token):
            return None
        if word[0] != token[0] and size < 6:
            return None
        return word
