"""Literal strings a regular expression cannot match without, to skip patterns cheaply."""

from __future__ import annotations

import re

# Python 3.11 keeps the regex parser under a private name; the public alias is deprecated.
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Shorter literals would pass almost any text and save nothing; two characters will do when
# one is punctuation ("@@"), since those are rare in prose.
MIN_LITERAL = 3


def _selective(literal: str) -> bool:
    return len(literal) >= MIN_LITERAL or (len(literal) == 2 and not literal.isalnum())


Requirement = frozenset[str] | None


def _better(current: Requirement, candidate: Requirement) -> Requirement:
    """Prefer fewer alternatives, then longer ones: they rule out more text."""
    if candidate is None:
        return current
    if current is None:
        return candidate
    return candidate if _strength(candidate) < _strength(current) else current


def _strength(requirement: frozenset[str]) -> tuple[int, int]:
    return len(requirement), -min(len(literal) for literal in requirement)


def _sequence(items: Any) -> Requirement:
    best: Requirement = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best, run
        if _selective("".join(run)):
            best = _better(best, frozenset({"".join(run)}))
        run = []

    for op, value in items:
        if op is sre_constants.LITERAL:
            run.append(chr(value).lower())
            continue
        close_run()
        if op is sre_constants.SUBPATTERN:
            best = _better(best, _sequence(value[-1]))
        elif op is sre_constants.BRANCH:
            best = _better(best, _branches(value[1]))
        elif op in (
            sre_constants.MAX_REPEAT,
            sre_constants.MIN_REPEAT,
            sre_constants.POSSESSIVE_REPEAT,
        ):
            low, _high, body = value
            if low >= 1:
                best = _better(best, _sequence(body))
        elif op is sre_constants.ATOMIC_GROUP:
            best = _better(best, _sequence(value))
    close_run()
    return best


def _branches(branches: Any) -> Requirement:
    found: set[str] = set()
    for branch in branches:
        requirement = _sequence(branch)
        if requirement is None:
            return None
        found |= requirement
    return frozenset(found)


def required_literals(pattern: str) -> Requirement:
    """Lower-cased strings one of which every match contains, or None when none can be told."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    return _sequence(parsed)
