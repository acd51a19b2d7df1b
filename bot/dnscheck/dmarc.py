"""The `dmarc` check: one record, its policy, pct and rua, and whether SPF or DKIM can align."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.dnscheck.lookup import Deadline, Lookup, LookupFailedError
from bot.dnscheck.model import CheckResult, Finding, Status
from bot.entities.domains import split_domain

_DMARC = re.compile(r"v\s*=\s*DMARC1\s*(;|$)")
POLICIES = ("none", "quarantine", "reject")


@dataclass(frozen=True, slots=True)
class Authentication:
    """What the other checks found, for the alignment hints: SPF at the domain itself, and
    DKIM keys found (None when no selector was given and no common one was found)."""

    spf_at_domain: bool
    dkim_selectors: tuple[str, ...] | None


def organisational_domain(domain: str) -> str:
    """RFC 7489 6.6.3: the policy of `news.example.com` falls back to `example.com`'s."""
    _, name, suffix = split_domain(domain)
    return f"{name}.{suffix}" if name else domain


def dmarc_tags(text: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for item in text.split(";"):
        name, equals, value = item.partition("=")
        if equals and name.strip():
            tags.setdefault(name.strip().lower(), value.strip())
    return tags


def _records(lookup: Lookup, domain: str, deadline: Deadline) -> tuple[str, list[str]]:
    """(where the policy was found, the DMARC records there)."""
    name = f"_dmarc.{domain}"
    records = [t for t in lookup.query(name, "TXT", deadline).texts if _DMARC.match(t)]
    org = organisational_domain(domain)
    if not records and org != domain:
        name = f"_dmarc.{org}"
        records = [t for t in lookup.query(name, "TXT", deadline).texts if _DMARC.match(t)]
    return name, records


def _policy_findings(tags: dict[str, str], inherited: bool) -> tuple[list[Finding], str | None]:
    policy = (tags["sp"] if inherited and "sp" in tags else tags.get("p", "")).lower()
    findings: list[Finding] = []
    if policy not in POLICIES:
        findings.append(Finding("dmarc.bad_policy", Status.FAIL, {"policy": policy or None}))
        return findings, None
    if policy == "none":
        findings.append(Finding("dmarc.monitor_only", Status.WARN))
    pct = tags.get("pct", "100")
    if not pct.isdigit() or int(pct) > 100:
        findings.append(Finding("dmarc.bad_pct", Status.FAIL, {"pct": pct}))
    elif int(pct) < 100 and policy != "none":
        findings.append(Finding("dmarc.partial", Status.WARN, {"pct": int(pct), "policy": policy}))
    if not tags.get("rua"):
        findings.append(Finding("dmarc.no_rua", Status.WARN))
    return findings, policy


def _alignment_findings(
    tags: dict[str, str], policy: str | None, domain: str, auth: Authentication
) -> list[Finding]:
    findings: list[Finding] = []
    enforcing = policy in ("quarantine", "reject")
    if tags.get("aspf", "r").lower() == "s" and not auth.spf_at_domain:
        findings.append(Finding("dmarc.strict_spf", Status.WARN, {"domain": domain}))
    if enforcing and not auth.spf_at_domain and auth.dkim_selectors is None:
        findings.append(Finding("dmarc.nothing_aligns", Status.WARN, {"policy": policy}))
    return findings


def check_dmarc(
    lookup: Lookup, domain: str, deadline: Deadline, auth: Authentication
) -> CheckResult:
    try:
        found_at, records = _records(lookup, domain, deadline)
    except LookupFailedError as error:
        failed = Finding(
            "lookup.failed", Status.ERROR, {"name": error.name, "reason": error.reason}
        )
        return CheckResult.of("dmarc", [failed], {})
    if not records:
        return CheckResult.of("dmarc", [Finding("dmarc.missing", Status.WARN)], {"records": []})
    if len(records) > 1:
        facts = {"count": len(records), "name": found_at}
        return CheckResult.of("dmarc", [Finding("dmarc.multiple", Status.FAIL, facts)], {})
    tags = dmarc_tags(records[0])
    inherited = found_at != f"_dmarc.{domain}"
    findings, policy = _policy_findings(tags, inherited)
    findings += _alignment_findings(tags, policy, domain, auth)
    if inherited:
        findings.append(Finding("dmarc.inherited", Status.OK, {"name": found_at}))
    if not any(f.status in (Status.FAIL, Status.WARN) for f in findings):
        findings.insert(0, Finding("dmarc.ok", Status.OK, {"policy": policy}))
    details: dict[str, Any] = {
        "record": records[0],
        "found_at": found_at,
        "policy": policy,
        "pct": int(tags["pct"]) if tags.get("pct", "").isdigit() else 100,
        "rua": [item.strip() for item in tags.get("rua", "").split(",") if item.strip()],
        "aspf": tags.get("aspf", "r").lower(),
        "adkim": tags.get("adkim", "r").lower(),
    }
    return CheckResult.of("dmarc", findings, details)
