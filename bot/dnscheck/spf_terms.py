"""An SPF record read into its terms, with the syntax errors RFC 7208 section 4.6 makes fatal."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

# Mechanisms that make a DNS query when evaluated, and so count toward the limit of 10
# (RFC 7208 section 4.6.4); the redirect modifier counts too.
QUERYING = frozenset({"include", "a", "mx", "ptr", "exists"})
MECHANISMS = frozenset({"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"})
_MODIFIER = re.compile(r"([a-z][a-z0-9_.-]*)=(.*)", re.IGNORECASE)
_MECHANISM = re.compile(r"([+?~-]?)([a-z][a-z0-9_.-]*)(.*)", re.IGNORECASE)
_DOMAIN_SPEC = re.compile(r"[^\s/]+")
_VERSION = re.compile(r"v=spf1(\s|$)", re.IGNORECASE)


def is_spf(text: str) -> bool:
    """A TXT string that is an SPF record: "v=spf1" alone or followed by a space."""
    return bool(_VERSION.match(text))


@dataclass(frozen=True, slots=True)
class Term:
    """One mechanism or modifier: `qualifier` is +, -, ~ or ? for mechanisms, empty otherwise."""

    raw: str
    kind: str
    value: str = ""
    qualifier: str = ""
    modifier: bool = False

    @property
    def queries_dns(self) -> bool:
        return (self.kind in QUERYING and not self.modifier) or (
            self.modifier and self.kind == "redirect"
        )

    @property
    def has_macro(self) -> bool:
        return "%" in self.value


@dataclass(frozen=True, slots=True)
class ParsedSpf:
    terms: tuple[Term, ...]
    # (the raw term, what is wrong): any of these makes the record a permerror.
    errors: tuple[tuple[str, str], ...] = field(default=())

    def mechanism(self, kind: str) -> Term | None:
        return next((t for t in self.terms if t.kind == kind and not t.modifier), None)

    def modifier(self, kind: str) -> Term | None:
        return next((t for t in self.terms if t.kind == kind and t.modifier), None)


def _valid_cidr(text: str, limit: int) -> bool:
    return text.isdigit() and 0 <= int(text) <= limit and not (len(text) > 1 and text[0] == "0")


def _check_value(kind: str, value: str) -> str | None:
    """What is wrong with a mechanism's value, or None."""
    if kind in ("ip4", "ip6"):
        address, _, prefix = value.partition("/")
        version = 4 if kind == "ip4" else 6
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            return "bad_address"
        if parsed.version != version:
            return "bad_address"
        if prefix and not _valid_cidr(prefix, 32 if version == 4 else 128):
            return "bad_cidr"
        return None
    if kind in ("include", "exists") and not value:
        return "needs_domain"
    if kind == "all" and value:
        return "unknown_mechanism"
    if kind in ("a", "mx") and value:
        slash = value.find("/")
        domain, cidr = (value, "") if slash < 0 else (value[:slash], value[slash:])
        if domain and not _DOMAIN_SPEC.fullmatch(domain):
            return "bad_domain"
        # dual-cidr-length: "/24", "//64" or "/24//64".
        if cidr.startswith("//"):
            v4, v6 = "", cidr[2:]
        elif cidr:
            v4, _, v6 = cidr[1:].partition("//")
        else:
            v4 = v6 = ""
        if (cidr and not (v4 or v6)) or (v4 and not _valid_cidr(v4, 32)):
            return "bad_cidr"
        if v6 and not _valid_cidr(v6, 128):
            return "bad_cidr"
        return None
    if value and not _DOMAIN_SPEC.fullmatch(value):
        return "bad_domain"
    return None


def read_term(raw: str) -> tuple[Term | None, str | None]:
    modifier = _MODIFIER.fullmatch(raw)
    if modifier is not None and ":" not in modifier.group(1):
        name, value = modifier.group(1).lower(), modifier.group(2)
        if name in ("redirect", "exp") and not value:
            return None, "needs_domain"
        return Term(raw, name, value, modifier=True), None
    match = _MECHANISM.fullmatch(raw)
    if match is None:
        return None, "unknown_mechanism"
    qualifier, kind, rest = match.group(1) or "+", match.group(2).lower(), match.group(3)
    if kind not in MECHANISMS:
        return None, "unknown_mechanism"
    if rest and not rest.startswith((":", "/")):
        return None, "unknown_mechanism"
    value = rest[1:] if rest.startswith(":") else rest
    if kind in ("a", "mx") and rest.startswith("/"):
        value = rest
    problem = _check_value(kind, value)
    if problem is not None:
        return None, problem
    return Term(raw, kind, value, qualifier), None


def parse_spf(text: str) -> ParsedSpf:
    """Every term after `v=spf1`; duplicated redirect or exp modifiers are errors too."""
    terms: list[Term] = []
    errors: list[tuple[str, str]] = []
    for raw in text.split()[1:]:
        term, problem = read_term(raw)
        if term is None:
            errors.append((raw, problem or "unknown_mechanism"))
            continue
        repeated = term.modifier and any(t.modifier and t.kind == term.kind for t in terms)
        if repeated and term.kind in ("redirect", "exp"):
            errors.append((raw, "duplicate_modifier"))
            continue
        terms.append(term)
    return ParsedSpf(tuple(terms), tuple(errors))
