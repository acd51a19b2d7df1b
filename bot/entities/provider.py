"""The recipient's mailbox provider, from the recipient's domain or from how people name it."""

from __future__ import annotations

from functools import lru_cache

from bot.entities.domains import split_domain
from bot.entities.provider_names import APPLE, GOOGLE, MICROSOFT, YAHOO, named_provider

# Consumer mail domains by the name before the public suffix; hotmail.fr and live.co.uk count.
_BY_NAME: dict[str, str] = {
    "outlook": MICROSOFT,
    "hotmail": MICROSOFT,
    "live": MICROSOFT,
    "msn": MICROSOFT,
    "windowslive": MICROSOFT,
    "passport": MICROSOFT,
    "gmail": GOOGLE,
    "googlemail": GOOGLE,
    "yahoo": YAHOO,
    "ymail": YAHOO,
    "rocketmail": YAHOO,
    # AOL Mail has run on Yahoo's mail platform since the two were put under one owner (2017).
    "aol": YAHOO,
    "aim": YAHOO,
    "icloud": APPLE,
    "me": APPLE,
    "mac": APPLE,
    "comcast": "comcast",
    "gmx": "gmx",
    "zoho": "zoho",
    "zohomail": "zoho",
    "protonmail": "proton",
    "proton": "proton",
    "pm": "proton",
    "fastmail": "fastmail",
    "yandex": "yandex",
}
# Names that are only a mail provider under these suffixes (me.com yes, me.uk no).
_ONLY_UNDER: dict[str, frozenset[str]] = {
    "me": frozenset({"com"}),
    "mac": frozenset({"com"}),
    "msn": frozenset({"com"}),
    "aim": frozenset({"com"}),
    "pm": frozenset({"me"}),
    "proton": frozenset({"me"}),
    "comcast": frozenset({"net"}),
    "passport": frozenset({"com"}),
}


@lru_cache(maxsize=4096)
def provider_of_domain(domain: str) -> str | None:
    """The provider a mailbox domain belongs to, or None for a company's own domain."""
    subdomains, name, suffix = split_domain(domain)
    if subdomains:
        return None
    provider = _BY_NAME.get(name)
    if provider is None:
        return None
    allowed = _ONLY_UNDER.get(name)
    if allowed is not None and suffix not in allowed:
        return None
    return provider


def recipient_provider(recipient: str | None, lower_without_addresses: str) -> str | None:
    """The recipient's domain decides; otherwise the provider the message names, if any.

    A company domain with no provider named gives None: hosted mail cannot be told from the
    address alone.
    """
    if recipient is not None:
        provider = provider_of_domain(recipient.rpartition("@")[2])
        if provider is not None:
            return provider
    return named_provider(lower_without_addresses)
