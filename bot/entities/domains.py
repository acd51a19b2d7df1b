"""Domains named in a message, and how a domain splits into name and public suffix."""

from __future__ import annotations

import re

from bot.entities.addresses import Found

MAX_DOMAINS = 50
_MAX_MENTIONS = 200
_MAX_LABEL = 63
# Dotted junk ("a.a.a.a...") is given up on after this many dots.
_MAX_DOTS = 200

# Patterns run on the lower-cased text.
# "@live.com addresses", "used @test.com": a domain named as where mailboxes live.
_AT_DOMAIN = re.compile(
    r"@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}[a-z]{2,24})(?![a-z0-9-]|\.[a-z0-9])"
)
_DOT_LETTER = re.compile(r"\.[a-z]")
_LABEL_REVERSED = re.compile(rf"[a-z0-9-]{{1,{_MAX_LABEL + 1}}}")
_REST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){0,3}[a-z]{2,24}(?![\w@-]|\.[a-z0-9])"
)
# Second-level labels under which a country suffix sits: hotmail.co.uk, yahoo.com.br.
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ne", "or", "ac", "gov", "edu"})


def address_domains(found: list[Found]) -> list[str]:
    return [item.domain for item in found]


def _joined_to_word(lower: str, position: int) -> bool:
    """Whether the character before `position` glues it to a word, address or URL."""
    if position == 0:
        return False
    before = lower[position - 1]
    return before.isalnum() or before in "_.@/:-+'"


def at_domains(lower: str) -> list[str]:
    mentions: list[str] = []
    for match in _AT_DOMAIN.finditer(lower):
        if not _joined_to_word(lower, match.start()):
            mentions.append(match.group(1))
            if len(mentions) >= _MAX_MENTIONS:
                break
    return mentions


def bare_domains(lower: str) -> list[str]:
    """Domain-shaped words ("is hotmial.com even real?"), found from their dots.

    Addresses and URLs are left out: their domains are read elsewhere or belong to a web page.
    """
    mentions: list[str] = []
    position = 0
    for _ in range(_MAX_DOTS):
        if len(mentions) >= _MAX_MENTIONS:
            break
        dot = _DOT_LETTER.search(lower, position)
        if dot is None:
            break
        at = dot.start()
        window = lower[max(0, at - _MAX_LABEL - 1) : at][::-1]
        label = _LABEL_REVERSED.match(window)
        rest = _REST.match(lower, at + 1) if label is not None else None
        if label is None or rest is None or label.end() > _MAX_LABEL:
            position = at + 1
            continue
        start = at - label.end()
        if not _joined_to_word(lower, start) and label.group(0)[0] != "-":
            mentions.append(lower[start : rest.end()])
        position = rest.end()
    return mentions


def unique(domains: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(domains))[:MAX_DOMAINS]


def split_domain(domain: str) -> tuple[str, str, str]:
    """(subdomains, name, suffix): "mail.hotmail.co.uk" gives ("mail", "hotmail", "co.uk")."""
    labels = domain.lower().split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        suffix_size = 2
    else:
        suffix_size = 1
    if len(labels) <= suffix_size:
        return "", "", domain.lower()
    suffix = ".".join(labels[-suffix_size:])
    name = labels[-suffix_size - 1]
    return ".".join(labels[: -suffix_size - 1]), name, suffix
