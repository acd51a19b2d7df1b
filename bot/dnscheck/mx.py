"""The `mx` check: records present, values with the domain appended, Amazon SES feedback
regions, priorities shared between platforms, and the mail platform the hosts name."""

from __future__ import annotations

import re
from typing import Any

from bot.dnscheck.lookup import Deadline, Lookup, LookupFailedError
from bot.dnscheck.model import CheckResult, Finding, Status
from bot.dnscheck.platforms import mx_platform, platform_of

_SES_FEEDBACK = re.compile(r"feedback-smtp\.([a-z0-9-]+)\.amazonses\.com")
# The regions Resend adds domains in, as its feedback MX records name them (seed 003,
# "DNS provider auto-appending domain names").
RESEND_REGIONS = ("us-east-1", "eu-west-1", "ap-northeast-1", "sa-east-1")
# Top-level names that end a host someone meant to type in full; an in-zone name such as
# `mx1.mail` ends in none of them.
_GENERIC_TLDS = frozenset(
    {"com", "net", "org", "io", "co", "info", "biz", "app", "dev", "cloud", "email", "ch"}
)


def _full_name_typed(prefix: str, domain: str) -> bool:
    """Whether `prefix` (what stands before the appended domain) was itself a full host name."""
    labels = prefix.split(".")
    if len(labels) < 2:
        return False
    last = labels[-1]
    return (
        prefix == domain
        or prefix.endswith("." + domain)
        or mx_platform(prefix) is not None
        or last in _GENERIC_TLDS
        or (len(last) == 2 and last.isalpha())
    )


def appended_part(host: str, domain: str) -> str | None:
    """The suffix a DNS host appended to an MX value typed without its final dot, if any."""
    labels = domain.split(".")
    # The zone may be the domain or any parent of it with at least two labels.
    for start in range(len(labels) - 1):
        suffix = ".".join(labels[start:])
        if host.endswith("." + suffix) and _full_name_typed(host[: -len(suffix) - 1], suffix):
            return suffix
    return None


def _region_findings(hosts: list[str], expected: str | None) -> tuple[list[Finding], list[str]]:
    regions = sorted({m.group(1) for h in hosts if (m := _SES_FEEDBACK.match(h))})
    findings: list[Finding] = []
    if len(regions) > 1:
        findings.append(Finding("mx.ses_regions", Status.FAIL, {"regions": regions}))
    elif regions and expected and regions[0] != expected:
        facts = {"region": regions[0], "expected": expected}
        findings.append(Finding("mx.ses_region_mismatch", Status.FAIL, facts))
    elif regions and not expected and regions[0] not in RESEND_REGIONS:
        facts = {"region": regions[0], "regions": list(RESEND_REGIONS)}
        findings.append(Finding("mx.ses_region_unusual", Status.WARN, facts))
    return findings, regions


def _shared_priorities(records: list[tuple[int, str]]) -> list[Finding]:
    """Equal priorities split mail at random; that is only intended between hosts of one
    platform (Google's own set shares priorities), not between two services."""
    findings = []
    for priority in sorted({p for p, _ in records}):
        hosts = [h for p, h in records if p == priority]
        platforms = {mx_platform(h) or h for h in hosts}
        if len(hosts) > 1 and len(platforms) > 1:
            facts = {"priority": priority, "hosts": hosts}
            findings.append(Finding("mx.same_priority", Status.WARN, facts))
    return findings


def check_mx(
    lookup: Lookup, domain: str, deadline: Deadline, expected_region: str | None = None
) -> tuple[CheckResult, str | None]:
    """The check, and the mail platform the MX hosts name (None when unknown)."""
    try:
        answer = lookup.query(domain, "MX", deadline)
    except LookupFailedError as error:
        failed = Finding("lookup.failed", Status.ERROR, {"name": domain, "reason": error.reason})
        return CheckResult.of("mx", [failed], {}), None
    if not answer.exists:
        return CheckResult.of("mx", [Finding("mx.no_domain", Status.FAIL)], {"records": []}), None
    records = sorted(
        (int(getattr(r, "preference", 0)), str(getattr(r, "exchange", "")).rstrip(".").lower())
        for r in answer.records
    )
    details: dict[str, Any] = {"records": [{"priority": p, "host": h} for p, h in records]}
    if not records:
        return CheckResult.of("mx", [Finding("mx.none", Status.WARN)], details), None
    if len(records) == 1 and records[0][1] in ("", "."):
        return CheckResult.of("mx", [Finding("mx.null", Status.OK)], details), None
    hosts = [host for _, host in records]
    findings: list[Finding] = []
    for host in hosts:
        suffix = appended_part(host, domain)
        if suffix is not None:
            typed = host[: -len(suffix) - 1]
            tail = ".".join(typed.split(".")[-2:])
            facts = {"host": host, "doubled": f".{tail}.{suffix}", "meant": typed + "."}
            findings.append(Finding("mx.appended", Status.FAIL, facts))
    meant = [host[: -len(s) - 1] if (s := appended_part(host, domain)) else host for host in hosts]
    region_findings, regions = _region_findings(meant, expected_region)
    findings += region_findings + _shared_priorities(records)
    platform = platform_of(meant)
    details.update(platform=platform, ses_regions=regions)
    if platform is not None:
        findings.append(Finding("mx.platform", Status.OK, {"platform": platform}))
    elif not findings:
        findings.append(Finding("mx.ok", Status.OK, {"count": len(records)}))
    return CheckResult.of("mx", findings, details), platform
