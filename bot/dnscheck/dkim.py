"""The `dkim` check: the key under each selector, its `p=`, its size, and records holding the
wrong text."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.dnscheck.dkim_key import KeyFormatError, key_bits
from bot.dnscheck.lookup import Deadline, Lookup, LookupFailedError
from bot.dnscheck.model import CheckResult, Finding, Status
from bot.dnscheck.selectors import COMMON_SELECTORS
from bot.dnscheck.spf_terms import is_spf

# RFC 8301 section 3.2: signers MUST use RSA keys of at least 1024 bits and SHOULD use 2048.
MIN_BITS = 1024
RECOMMENDED_BITS = 2048
PROBE_THREADS = 8


def dkim_tags(text: str) -> dict[str, str]:
    """The tag=value pairs of a DKIM key record (RFC 6376 3.2); later duplicates are ignored."""
    tags: dict[str, str] = {}
    for item in text.split(";"):
        name, equals, value = item.partition("=")
        if equals and name.strip():
            tags.setdefault(name.strip().lower(), "".join(value.split()))
    return tags


def _record_findings(selector: str, text: str) -> tuple[list[Finding], int | None]:
    facts: dict[str, Any] = {"selector": selector}
    stripped = text.strip()
    if is_spf(stripped):
        return [Finding("dkim.holds_spf", Status.FAIL, facts)], None
    if stripped[:1] in ('"', "'"):
        return [Finding("dkim.quoted", Status.FAIL, facts)], None
    tags = dkim_tags(stripped)
    if tags.get("v", "DKIM1") != "DKIM1" or "p" not in tags:
        return [Finding("dkim.not_a_key", Status.FAIL, facts)], None
    if not tags["p"]:
        return [Finding("dkim.revoked", Status.FAIL, facts)], None
    key_type = tags.get("k", "rsa").lower()
    try:
        bits = key_bits(tags["p"], key_type)
    except KeyFormatError:
        return [Finding("dkim.bad_key", Status.FAIL, facts)], None
    facts["bits"] = bits
    if key_type == "rsa" and bits < MIN_BITS:
        return [Finding("dkim.key_too_short", Status.FAIL, facts)], bits
    if key_type == "rsa" and bits < RECOMMENDED_BITS:
        return [Finding("dkim.key_short", Status.WARN, facts)], bits
    return [], bits


def _probe(
    lookup: Lookup, domain: str, selector: str, deadline: Deadline, given: bool
) -> tuple[list[Finding], dict[str, Any] | None]:
    name = f"{selector}._domainkey.{domain}"
    try:
        answer = lookup.query(name, "TXT", deadline)
    except LookupFailedError as error:
        # A common selector that could not be asked matters only if no key is found at all.
        failed = Finding("lookup.failed", Status.ERROR, {"name": name, "reason": error.reason})
        return [failed], None
    texts = answer.texts
    if not texts:
        missing = Finding("dkim.missing", Status.FAIL, {"selector": selector, "name": name})
        return ([missing] if given else []), None
    if len(texts) > 1:
        facts = {"selector": selector, "count": len(texts)}
        return [Finding("dkim.multiple", Status.FAIL, facts)], {"selector": selector}
    findings, bits = _record_findings(selector, texts[0])
    found = {"selector": selector, "bits": bits, "service": COMMON_SELECTORS.get(selector)}
    return findings, found


def check_dkim(
    lookup: Lookup, domain: str, deadline: Deadline, selectors: tuple[str, ...] = ()
) -> CheckResult:
    given = bool(selectors)
    tried = selectors or tuple(COMMON_SELECTORS)
    with ThreadPoolExecutor(min(PROBE_THREADS, len(tried))) as pool:
        probes = list(pool.map(lambda s: _probe(lookup, domain, s, deadline, given), tried))
    findings = [finding for found, _ in probes for finding in found]
    keys = [key for _, key in probes if key is not None]
    errors = [finding for finding in findings if finding.status is Status.ERROR]
    if not given:
        findings = [finding for finding in findings if finding.status is not Status.ERROR]
        if not keys:
            findings += errors[:1] or [
                Finding("dkim.none_found", Status.WARN, {"tried": list(tried)})
            ]
    if keys and not any(f.status in (Status.FAIL, Status.WARN) for f in findings):
        names = [str(key["selector"]) for key in keys]
        findings.append(Finding("dkim.ok", Status.OK, {"selectors": names}))
    return CheckResult.of("dkim", findings, {"tried": list(tried), "found": keys})
