"""The mailbox providers table (responses/providers.yaml): domains, inbound mail hosts, services."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot import DEFAULT_RESPONSES_DIR

PROVIDERS_FILE = "providers.yaml"
_REQUIRED = ("name", "consumer", "domains", "mx", "source")


class ProviderTableError(ValueError):
    """providers.yaml cannot be used; the message names the file and the provider."""


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: str
    consumer: str
    company: str | None
    domains: frozenset[str]
    only_under: dict[str, frozenset[str]]
    mx: tuple[str, ...]
    mx_company: tuple[str, ...]
    source: str


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProviderTableError(f"{where}: needs a list of names")
    return tuple(item.lower() for item in value)


def _provider(path: Path, key: str, row: Any) -> Provider:
    where = f"{path}: {key}"
    if not isinstance(row, dict):
        raise ProviderTableError(f"{where}: needs the fields {', '.join(_REQUIRED)}")
    missing = [name for name in _REQUIRED if name not in row]
    if missing:
        raise ProviderTableError(f"{where}: missing {', '.join(missing)}")
    if not str(row["source"]).startswith("https://"):
        raise ProviderTableError(f"{where}: source must be an https:// address")
    only_under = row.get("only_under") or {}
    if not isinstance(only_under, dict):
        raise ProviderTableError(f"{where}: only_under maps a name to its suffixes")
    return Provider(
        id=key,
        name=str(row["name"]),
        consumer=str(row["consumer"]),
        company=str(row["company"]) if row.get("company") else None,
        domains=frozenset(_strings(row["domains"], f"{where}: domains")),
        only_under={
            str(name): frozenset(_strings(suffixes, f"{where}: only_under"))
            for name, suffixes in only_under.items()
        },
        mx=_strings(row["mx"], f"{where}: mx"),
        mx_company=_strings(row.get("mx_company") or [], f"{where}: mx_company"),
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


def provider_of_host(host: str | None) -> tuple[str, bool] | None:
    """(provider id, whether the host serves only company mailboxes) for an inbound mail host."""
    if not host:
        return None
    host = host.lower().strip(".[]<> ")
    for provider in providers().values():
        for ending in provider.mx:
            if host == ending or host.endswith("." + ending):
                company = any(host.endswith(tail) for tail in provider.mx_company)
                return provider.id, company
    return None
