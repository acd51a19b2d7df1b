"""Domains that look like misspellings of a well-known mail domain ("gmial.com" for gmail.com)."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from bot.entities.domains import split_domain
from bot.entities.model import TypoHint

MAX_HINTS = 10

# Well-known mailbox names and their usual domain. A name with regional domains keeps the
# suffix the person typed (hotmial.co.uk -> hotmail.co.uk).
_KNOWN: dict[str, tuple[str, bool]] = {
    "gmail": ("gmail.com", False),
    "googlemail": ("googlemail.com", False),
    "yahoo": ("yahoo.com", True),
    "hotmail": ("hotmail.com", True),
    "outlook": ("outlook.com", True),
    "icloud": ("icloud.com", False),
    "comcast": ("comcast.net", False),
    "protonmail": ("protonmail.com", False),
    "rocketmail": ("rocketmail.com", False),
    "sbcglobal": ("sbcglobal.net", False),
    "bellsouth": ("bellsouth.net", False),
    "verizon": ("verizon.net", False),
    "btinternet": ("btinternet.com", False),
    "aol": ("aol.com", False),
    "live": ("live.com", True),
    "msn": ("msn.com", False),
    "me": ("me.com", False),
    "mac": ("mac.com", False),
}
# Suffixes no registry hands out, each a slip of ".com".
_COM_SLIPS = frozenset({"con", "cmo", "vom", "xom", "cpm", "ocm", "comm", "coom", "cim", "c0m"})
# Only mistaken as a suffix of a famous name: "gmail.co" is a slip, "brightlane.co" a real domain.
_NEAR_COM = frozenset({"co", "cm", "om", "cok", "comn"})


def _close_name(name: str) -> str | None:
    """The well-known name `name` is a slip of: same first letter, one or two edits away."""
    if len(name) < 4:
        return None
    for known in _KNOWN:
        if len(known) < 5 or known[0] != name[0] or known == name:
            continue
        # Longer names take two slips ("hotmial" is one transposition; "hptmial" is two).
        allowed = 2 if len(known) >= 8 else 1
        if abs(len(known) - len(name)) > allowed:
            continue
        if DamerauLevenshtein.distance(name, known, score_cutoff=allowed) <= allowed:
            return known
    return None


# The same few domains come up in message after message.
@lru_cache(maxsize=4096)
def typo_suggestion(domain: str) -> str | None:
    """The domain that was probably meant, or None when `domain` looks as intended."""
    domain = domain.lower()
    subdomains, name, suffix = split_domain(domain)
    if subdomains or not name:
        return None
    suffix_slip = suffix in _COM_SLIPS
    known = name if name in _KNOWN else _close_name(name)
    if known is None:
        return f"{name}.com" if suffix_slip else None
    usual, regional = _KNOWN[known]
    if known == name and not suffix_slip and suffix not in _NEAR_COM:
        # The name is right and the suffix a real one (yahoo.fr, comcast.com): leave it.
        return None
    if regional and not suffix_slip and suffix not in _NEAR_COM:
        suggestion = f"{known}.{suffix}"
    else:
        suggestion = usual
    return suggestion if suggestion != domain else None


def typo_hints(domains: list[str], not_typos: frozenset[str] = frozenset()) -> tuple[TypoHint, ...]:
    """Likely slips among `domains`; `not_typos` (from intents.yaml) are real domains."""
    hints: dict[str, TypoHint] = {}
    for domain in domains:
        if domain in hints or domain.lower() in not_typos:
            continue
        suggestion = typo_suggestion(domain)
        if suggestion is not None:
            hints[domain] = TypoHint(domain=domain, suggestion=suggestion)
            if len(hints) >= MAX_HINTS:
                break
    return tuple(hints.values())
