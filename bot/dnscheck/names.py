"""Which domains and IP addresses may be looked up: public ones only, never internal names."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

import idna

MAX_NAME = 253
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
# Selectors are not host names: underscores occur in them.
_SELECTOR_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
# Names that only mean something inside one network, or are reserved never to resolve
# publicly (RFC 6761, RFC 6762 for .local, RFC 8375 for home.arpa, ICANN's .internal).
_INTERNAL_SUFFIXES = (
    "localhost",
    "local",
    "internal",
    "intranet",
    "lan",
    "home",
    "corp",
    "private",
    "home.arpa",
    "arpa",
    "invalid",
    "test",
    "onion",
    "localdomain",
)


class BadInputError(ValueError):
    """A domain, address or selector that will not be looked up.

    `problem` names the refusal's sentence in responses/check/words.j2; `value` is what was
    given (cut short), shown back to the person.
    """

    def __init__(self, problem: str, value: str) -> None:
        self.problem = problem
        self.value = value
        super().__init__(f"{problem}: {value!r}")


@dataclass(frozen=True, slots=True)
class Domain:
    """A checked domain: `ascii` is what is queried (IDNA), `shown` what the person typed."""

    ascii: str
    shown: str


def _as_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def parse_domain(raw: str) -> Domain:
    """The domain to check, or BadInputError: not a domain, an IP address, or an internal name."""
    text = raw.strip()
    if text.lower().startswith(("http://", "https://")):
        text = text.split("//", 1)[1].split("/", 1)[0]
    text = text.rstrip(".")
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    if not text or len(text) > MAX_NAME * 2:
        raise BadInputError("not_a_domain", raw[:100])
    if _as_ip(text) is not None:
        raise BadInputError("ip_not_domain", text)
    try:
        ascii_name = idna.encode(text, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise BadInputError("not_a_domain", raw[:100]) from None
    labels = ascii_name.split(".")
    if len(ascii_name) > MAX_NAME or not all(_LABEL.fullmatch(label) for label in labels):
        raise BadInputError("not_a_domain", raw[:100])
    if len(labels) < 2:
        raise BadInputError("internal_name", ascii_name)
    if any(ascii_name == s or ascii_name.endswith("." + s) for s in _INTERNAL_SUFFIXES):
        raise BadInputError("internal_name", ascii_name)
    if labels[-1].isdigit():
        raise BadInputError("not_a_domain", raw[:100])
    shown = idna.decode(ascii_name) if "xn--" in ascii_name else ascii_name
    return Domain(ascii=ascii_name, shown=shown)


def parse_ip(raw: str) -> str:
    """A public IP address in its canonical form, or BadInputError."""
    address = _as_ip(raw.strip())
    if address is None:
        raise BadInputError("not_an_ip", raw[:100])
    if not address.is_global:
        # Private, loopback and reserved addresses are never on public block lists, and their
        # reverse names belong to an internal network.
        raise BadInputError("ip_not_public", str(address))
    return str(address)


def parse_selector(raw: str) -> str:
    """A DKIM selector: one or more DNS labels (`s1`, `google`, `2024a.mail`)."""
    text = raw.strip().lower().removesuffix("._domainkey")
    labels = text.split(".")
    if not text or len(text) > 100 or not all(_SELECTOR_LABEL.fullmatch(part) for part in labels):
        raise BadInputError("not_a_selector", raw[:100])
    return text
