"""How lookups are made: which resolvers, how long each may take, how long answers are kept."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

DNS_PORT = 53
# The budget: one lookup may take 2 s, a whole check 8 s; a slow resolver then costs
# a person a few seconds, never a hung command or a Slack reply that never comes.
LOOKUP_TIMEOUT_S = 2.0
CHECK_BUDGET_S = 8.0
CACHE_SECONDS = 300


class ServerListError(ValueError):
    """MAILHELP_DNS_SERVERS holds something that is not host[:port],...; the message says what."""


@dataclass(frozen=True, slots=True)
class Server:
    address: str
    port: int = DNS_PORT


@dataclass(frozen=True, slots=True)
class DnsConfig:
    """`servers` empty means the system's resolvers (/etc/resolv.conf).

    `authority_port` is where a zone's own name servers are asked directly (to compare what
    each serves); that is port 53 on the internet, and the test server's port in tests.
    """

    servers: tuple[Server, ...] = ()
    lookup_timeout_s: float = LOOKUP_TIMEOUT_S
    check_budget_s: float = CHECK_BUDGET_S
    cache_seconds: float = CACHE_SECONDS
    authority_port: int = DNS_PORT


def _server(item: str) -> Server:
    host, port_text = item, ""
    if item.startswith("["):
        host, _, rest = item[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif item.count(":") == 1:
        host, port_text = item.split(":")
    try:
        address = str(ipaddress.ip_address(host))
    except ValueError:
        raise ServerListError(f"{item!r} is not an IP address (host[:port])") from None
    if not port_text:
        return Server(address)
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ServerListError(f"{item!r} has no valid port (1-65535)")
    return Server(address, int(port_text))


def parse_servers(value: str | None) -> tuple[Server, ...]:
    """`10.0.0.53, 127.0.0.1:5300, [::1]:53`: IP addresses, each with an optional port."""
    if value is None or not value.strip():
        return ()
    return tuple(_server(item.strip()) for item in value.split(",") if item.strip())
