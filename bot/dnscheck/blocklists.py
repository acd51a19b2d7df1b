"""The public DNS block lists the `dnsbl` check asks, each with the page that explains removal."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class BlockList:
    id: str
    name: str
    zone: str
    delisting: str
    # Answer address -> the sub-list it means, where the list documents them.
    codes: dict[str, str] = field(default_factory=dict)
    ipv6: bool = False


BLOCK_LISTS: tuple[BlockList, ...] = (
    # Spamhaus ZEN combines SBL, XBL and PBL; return codes from Spamhaus's "DNSBL usage"
    # documentation. Answers in 127.255.255.0/24 are not listings but refusals (a query
    # through a public resolver, a mistyped zone, or too many queries).
    BlockList(
        id="spamhaus_zen",
        name="Spamhaus ZEN",
        zone="zen.spamhaus.org",
        delisting="https://check.spamhaus.org/",
        codes={
            "127.0.0.2": "SBL",
            "127.0.0.3": "SBL CSS",
            "127.0.0.4": "XBL",
            "127.0.0.5": "XBL",
            "127.0.0.6": "XBL",
            "127.0.0.7": "XBL",
            "127.0.0.9": "SBL DROP",
            "127.0.0.10": "PBL",
            "127.0.0.11": "PBL",
        },
        ipv6=True,
    ),
    # Barracuda Reputation Block List: removal request form on barracudacentral.org.
    BlockList(
        id="barracuda",
        name="Barracuda BRBL",
        zone="b.barracudacentral.org",
        delisting="https://www.barracudacentral.org/rbl/removal-request",
    ),
    # SpamCop: listings expire by themselves once reports stop (spamcop.net/bl.shtml).
    BlockList(
        id="spamcop",
        name="SpamCop",
        zone="bl.spamcop.net",
        delisting="https://www.spamcop.net/bl.shtml",
    ),
    # Passive Spam Block List: self-service removal at psbl.org.
    BlockList(
        id="psbl",
        name="PSBL",
        zone="psbl.surriel.com",
        delisting="https://psbl.org/remove",
    ),
)
