"""The checks of a sending IP: `ptr` (its reverse name, and that the name leads back to it)
and `dnsbl` (whether the block lists in bot.dnscheck.blocklists hold it)."""

from __future__ import annotations

import ipaddress
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import dns.reversename

from bot.dnscheck.blocklists import BLOCK_LISTS, BlockList
from bot.dnscheck.lookup import Deadline, Lookup, LookupFailedError
from bot.dnscheck.model import CheckResult, Finding, Status

# How many of an IP's reverse names are followed back to their addresses.
MAX_PTR_NAMES = 3


def _failed(error: LookupFailedError) -> Finding:
    return Finding("lookup.failed", Status.ERROR, {"name": error.name, "reason": error.reason})


def check_ptr(lookup: Lookup, ip: str, deadline: Deadline) -> CheckResult:
    reverse = dns.reversename.from_address(ip).to_text(omit_final_dot=True)
    family = "A" if ipaddress.ip_address(ip).version == 4 else "AAAA"
    try:
        names = [str(r).rstrip(".").lower() for r in lookup.query(reverse, "PTR", deadline).records]
        if not names:
            return CheckResult.of("ptr", [Finding("ptr.missing", Status.FAIL, {"ip": ip})], {})
        back: dict[str, list[str]] = {}
        for name in names[:MAX_PTR_NAMES]:
            back[name] = [str(r) for r in lookup.query(name, family, deadline).records]
    except LookupFailedError as error:
        return CheckResult.of("ptr", [_failed(error)], {})
    details = {"ip": ip, "names": names, "addresses": back}
    matching = [name for name, addresses in back.items() if ip in addresses]
    if matching:
        return CheckResult.of(
            "ptr", [Finding("ptr.ok", Status.OK, {"ip": ip, "name": matching[0]})], details
        )
    facts = {"ip": ip, "name": names[0], "addresses": back[names[0]]}
    return CheckResult.of("ptr", [Finding("ptr.no_match", Status.FAIL, facts)], details)


def _listing_name(ip: str, block_list: BlockList) -> str:
    reverse = dns.reversename.from_address(ip).to_text(omit_final_dot=True)
    return reverse.rsplit(".", 2)[0] + "." + block_list.zone


def _ask_list(lookup: Lookup, ip: str, block_list: BlockList, deadline: Deadline) -> Any:
    name = _listing_name(ip, block_list)
    base: dict[str, Any] = {"list": block_list.id, "name": block_list.name}
    try:
        answer = lookup.query(name, "A", deadline)
    except LookupFailedError as error:
        return {**base, "listed": None, "problem": error.reason}
    codes = sorted(str(record) for record in answer.records)
    if not codes:
        return {**base, "listed": False}
    if any(code.startswith("127.255.255.") for code in codes) or not all(
        code.startswith("127.") for code in codes
    ):
        return {**base, "listed": None, "problem": "list_refused", "answer": codes}
    meanings = sorted({block_list.codes[code] for code in codes if code in block_list.codes})
    listed = {"listed": True, "codes": codes, "meaning": meanings}
    return {**base, **listed, "delisting": block_list.delisting}


def check_dnsbl(lookup: Lookup, ip: str, deadline: Deadline) -> CheckResult:
    version = ipaddress.ip_address(ip).version
    lists = [b for b in BLOCK_LISTS if version == 4 or b.ipv6]
    with ThreadPoolExecutor(len(lists)) as pool:
        results = list(pool.map(lambda b: _ask_list(lookup, ip, b, deadline), lists))
    findings: list[Finding] = []
    for result in results:
        if result["listed"]:
            facts = {
                "ip": ip,
                "list": result["name"],
                "meaning": result["meaning"],
                "delisting": result["delisting"],
            }
            findings.append(Finding("dnsbl.listed", Status.FAIL, facts))
        elif result["listed"] is None:
            facts = {"list": result["name"], "reason": result["problem"]}
            findings.append(Finding("dnsbl.not_asked", Status.ERROR, facts))
    if not findings:
        findings.append(Finding("dnsbl.clean", Status.OK, {"ip": ip, "count": len(lists)}))
    elif not any(f.status is Status.FAIL for f in findings) and any(
        r["listed"] is False for r in results
    ):
        asked = [r["name"] for r in results if r["listed"] is False]
        findings.append(Finding("dnsbl.clean_where_asked", Status.OK, {"ip": ip, "lists": asked}))
    return CheckResult.of("dnsbl", findings, {"ip": ip, "lists": results})
