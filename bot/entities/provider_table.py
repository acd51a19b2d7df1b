"""The mail providers table (responses/providers.yaml): mailbox providers with their domains and
services, gateways and relays, their inbound mail hosts and the platform ids the DNS check names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot import DEFAULT_RESPONSES_DIR

PROVIDERS_FILE = "providers.yaml"
MAILBOX, GATEWAY, RELAY = "mailbox", "gateway", "relay"
_KINDS = (MAILBOX, GATEWAY, RELAY)
_REQUIRED = ("name", "mx", "source")


class ProviderTableError(ValueError):
    """providers.yaml cannot be used; the message names the file and the provider."""


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: str
    kind: str
    consumer: str | None
    company: str | None
    domains: frozenset[str]
    only_under: dict[str, frozenset[str]]
    mx: tuple[str, ...]
    mx_company: tuple[str, ...]
    platform: str
    consumer_platform: str | None
    source: str

    def platform_name(self, platform: str) -> str:
        if platform == self.consumer_platform and self.consumer:
            return self.consumer
        if self.mx_company and self.company:
            return self.company
        return self.consumer or self.company or self.name


@dataclass(frozen=True, slots=True)
class Platform:
    """A mail platform as the DNS check names it from MX hosts, and what it means for a case."""

    id: str
    name: str
    kind: str
    provider: Provider
    # Serves only company mailboxes: a Microsoft 365 tenant, a Workspace domain, a gateway.
    company: bool

    @property
    def mailbox_provider(self) -> str | None:
        """The mailbox provider whose company section fits (microsoft for Microsoft 365)."""
        return self.provider.id if self.kind == MAILBOX and self.company else None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProviderTableError(f"{where}: needs a list of names")
    return tuple(item.lower() for item in value)


def _text(row: dict[str, Any], key: str) -> str | None:
    return str(row[key]) if row.get(key) else None


def _provider(path: Path, key: str, row: Any) -> Provider:
    where = f"{path}: {key}"
    if not isinstance(row, dict):
        raise ProviderTableError(f"{where}: needs the fields {', '.join(_REQUIRED)}")
    missing = [name for name in _REQUIRED if name not in row]
    if missing:
        raise ProviderTableError(f"{where}: missing {', '.join(missing)}")
    if not str(row["source"]).startswith("https://"):
        raise ProviderTableError(f"{where}: source must be an https:// address")
    kind = str(row.get("kind") or MAILBOX)
    if kind not in _KINDS:
        raise ProviderTableError(f"{where}: kind must be one of {', '.join(_KINDS)}")
    if kind == MAILBOX and not (row.get("consumer") or row.get("company")):
        raise ProviderTableError(
            f"{where}: a mailbox provider names its consumer or company service"
        )
    only_under = row.get("only_under") or {}
    if not isinstance(only_under, dict):
        raise ProviderTableError(f"{where}: only_under maps a name to its suffixes")
    return Provider(
        id=key,
        name=str(row["name"]),
        kind=kind,
        consumer=_text(row, "consumer"),
        company=_text(row, "company"),
        domains=frozenset(_strings(row.get("domains") or [], f"{where}: domains")),
        only_under={
            str(name): frozenset(_strings(suffixes, f"{where}: only_under"))
            for name, suffixes in only_under.items()
        },
        mx=_strings(row["mx"], f"{where}: mx"),
        mx_company=_strings(row.get("mx_company") or [], f"{where}: mx_company"),
        platform=_text(row, "platform") or key,
        consumer_platform=_text(row, "consumer_platform"),
        source=str(row["source"]),
    )


def load_providers(path: Path) -> dict[str, Provider]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProviderTableError(f"{path}: cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise ProviderTableError(f"{path}: needs one entry per provider")
    return {str(key): _provider(path, str(key), row) for key, row in data.items()}


@cache
def providers() -> dict[str, Provider]:
    """The table shipped in responses/, read once; detection does not follow other wording dirs."""
    return load_providers(DEFAULT_RESPONSES_DIR / PROVIDERS_FILE)


@cache
def domain_names() -> dict[str, Provider]:
    return {name: provider for provider in providers().values() for name in provider.domains}


def _under(host: str, ending: str) -> bool:
    return host == ending or host.endswith("." + ending)


def _host_platform(provider: Provider, company: bool) -> Platform | None:
    if provider.mx_company and not company:
        if provider.consumer_platform is None:
            return None
        platform = provider.consumer_platform
    else:
        platform = provider.platform
    # Gateways stand in front of company mail only; a relay says nothing about the mailbox.
    company = company or provider.kind == GATEWAY
    name = provider.platform_name(platform)
    return Platform(platform, name, provider.kind, provider, company)


@cache
def platforms() -> dict[str, Platform]:
    """Every platform id the table names, with its provider."""
    found: dict[str, Platform] = {}
    for provider in providers().values():
        for company in (True, False):
            platform = _host_platform(provider, company)
            if platform is not None:
                found.setdefault(platform.id, platform)
    return found


def _match(host: str | None) -> tuple[Provider, bool] | None:
    """The first row with an ending the host falls under, and whether it is a company host."""
    if not host:
        return None
    host = host.lower().strip(".[]<> ")
    for provider in providers().values():
        if any(_under(host, ending) for ending in provider.mx):
            return provider, any(_under(host, ending) for ending in provider.mx_company)
    return None


@cache
def platform_of_host(host: str | None) -> Platform | None:
    """The platform an inbound mail host belongs to; None for hosts no platform id names
    (gmail.com's own hosts, say)."""
    match = _match(host)
    return _host_platform(*match) if match else None


def provider_of_host(host: str | None) -> tuple[str, bool] | None:
    """(mailbox provider id, whether the host serves only company mailboxes) for a host."""
    match = _match(host)
    if match is None or match[0].kind != MAILBOX:
        return None
    return match[0].id, match[1]


def company_host(host: str | None) -> bool | None:
    """True for a host that only serves company mail (a tenant's MX, a gateway), False for
    another known host, None for an unknown one."""
    match = _match(host)
    if match is None:
        return None
    return match[1] or match[0].kind == GATEWAY
