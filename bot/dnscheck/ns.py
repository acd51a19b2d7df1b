"""The `ns` check: which provider's name servers serve the zone, and whether they agree."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.dnscheck.lookup import Deadline, Lookup, LookupFailedError
from bot.dnscheck.model import CheckResult, Finding, Status
from bot.dnscheck.platforms import dns_provider

MAX_SERVERS = 8


def find_zone(lookup: Lookup, domain: str, deadline: Deadline) -> tuple[str, list[str]]:
    """The zone `domain` sits in and its name servers: `send.example.com` is usually served as
    part of `example.com`."""
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        zone = ".".join(labels[start:])
        answer = lookup.query(zone, "NS", deadline)
        hosts = sorted({str(getattr(r, "target", "")).rstrip(".").lower() for r in answer.records})
        if hosts:
            return zone, hosts[:MAX_SERVERS]
    return domain, []


def _ask(lookup: Lookup, zone: str, host: str, deadline: Deadline) -> dict[str, Any]:
    """What one name server says the zone's SOA serial is, or why it would not say."""
    seen: dict[str, Any] = {"host": host, "provider": dns_provider(host)}
    try:
        addresses = lookup.query(host, "A", deadline).records
        if not addresses:
            return {**seen, "problem": "no_address"}
        seen["address"] = str(addresses[0])
        soa = lookup.ask_authority(seen["address"], zone, "SOA", deadline).records
    except LookupFailedError as error:
        return {**seen, "problem": error.reason}
    if not soa:
        return {**seen, "problem": "refused"}
    return {**seen, "serial": int(getattr(soa[0], "serial", 0))}


def check_ns(lookup: Lookup, domain: str, deadline: Deadline) -> CheckResult:
    try:
        zone, hosts = find_zone(lookup, domain, deadline)
    except LookupFailedError as error:
        failed = Finding(
            "lookup.failed", Status.ERROR, {"name": error.name, "reason": error.reason}
        )
        return CheckResult.of("ns", [failed], {})
    if not hosts:
        return CheckResult.of("ns", [Finding("ns.none", Status.FAIL)], {"zone": None})
    with ThreadPoolExecutor(len(hosts)) as pool:
        servers = list(pool.map(lambda host: _ask(lookup, zone, host, deadline), hosts))
    providers = sorted({s["provider"] for s in servers if s["provider"]})
    findings: list[Finding] = []
    if len(providers) > 1:
        findings.append(Finding("ns.mixed_providers", Status.WARN, {"providers": providers}))
    for server in servers:
        if "problem" in server:
            facts = {"host": server["host"], "zone": zone, "reason": server["problem"]}
            findings.append(Finding("ns.lame", Status.WARN, facts))
    serials = sorted({server["serial"] for server in servers if "serial" in server})
    if len(serials) > 1:
        by_serial = [f"{s['host']} {s['serial']}" for s in servers if "serial" in s]
        findings.append(Finding("ns.serials_differ", Status.WARN, {"servers": by_serial}))
    if len(providers) == 1:
        findings.append(Finding("ns.provider", Status.OK, {"provider": providers[0], "zone": zone}))
    elif not providers:
        findings.append(Finding("ns.servers", Status.OK, {"hosts": hosts, "zone": zone}))
    details = {"zone": zone, "providers": providers, "name_servers": servers}
    return CheckResult.of("ns", findings, details)
