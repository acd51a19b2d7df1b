"""The recipient's mailbox provider, from the recipient's domain or from how people name it."""

from __future__ import annotations

from functools import lru_cache

from bot.entities.domains import split_domain
from bot.entities.provider_names import named_provider
from bot.entities.provider_table import domain_names


@lru_cache(maxsize=4096)
def provider_of_domain(domain: str) -> str | None:
    """The provider a mailbox domain belongs to, or None for a company's own domain."""
    subdomains, name, suffix = split_domain(domain)
    if subdomains:
        return None
    provider = domain_names().get(name)
    if provider is None:
        return None
    allowed = provider.only_under.get(name)
    if allowed is not None and suffix not in allowed:
        return None
    return provider.id


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
