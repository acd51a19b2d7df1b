"""The `spf` check: one record, its syntax, its `all`, and RFC 7208's lookup limits counted
through every include."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.dnscheck.lookup import Answer, Deadline, Lookup, LookupFailedError
from bot.dnscheck.model import CheckResult, Finding, Status
from bot.dnscheck.spf_terms import ParsedSpf, Term, is_spf, parse_spf, read_term

# RFC 7208 section 4.6.4: at most 10 terms that query DNS, and at most 2 "void" lookups
# (NXDOMAIN or no records), per evaluation; past either, SPF fails with a permerror.
LOOKUP_LIMIT = 10
VOID_LIMIT = 2
MX_HOST_LIMIT = 10
# Records are walked no deeper than this, and no further than this many lookups, whatever
# a (possibly hostile) include chain says.
MAX_DEPTH = 10
MAX_WALKED = 40


@dataclass(slots=True)
class _Walk:
    lookup: Lookup
    deadline: Deadline
    lookups: int = 0
    voids: list[str] = field(default_factory=list)
    limit_passed_in: str | None = None
    findings: list[Finding] = field(default_factory=list)


def spf_records(answer: Answer) -> list[str]:
    return [text for text in answer.texts if is_spf(text)]


def _quoted(parts: tuple[str, ...]) -> bool:
    """A value typed with its quotes or leading spaces: SPF text that does not start the record."""
    joined = "".join(parts)
    return not is_spf(joined) and is_spf(joined.lstrip(" \"'\u201c\u201d"))


def _glued_split(parts: tuple[str, ...]) -> str | None:
    """Where a record split into strings joins two terms with no space between (RFC 7208 3.3
    joins the strings as they are), the glued text; None when every join is sound."""
    for left, right in itertools.pairwise(parts):
        if not left or not right or left[-1].isspace() or right[0].isspace():
            continue
        head = right.split()[0]
        term, _ = read_term(head)
        if term is not None and (term.modifier or ":" in head or head.lstrip("+-~?") == "all"):
            return left.split()[-1] + head
    return None


def _void(walk: _Walk, name: str, rdtype: str) -> None:
    try:
        answer = walk.lookup.query(name, rdtype, walk.deadline)
        if not answer.records and rdtype == "A" and answer.exists:
            answer = walk.lookup.query(name, "AAAA", walk.deadline)
    except LookupFailedError as error:
        walk.findings.append(
            Finding("spf.lookup_failed", Status.ERROR, {"name": name, "reason": error.reason})
        )
        return
    if not answer.records:
        walk.voids.append(name)
    elif rdtype == "MX" and len(answer.records) > MX_HOST_LIMIT:
        walk.findings.append(
            Finding("spf.mx_too_many", Status.FAIL, {"name": name, "count": len(answer.records)})
        )


def _follow(walk: _Walk, term: Term, target: str, chain: tuple[str, ...], top: str) -> int:
    """Lookups made by the record an include or redirect points to."""
    if term.has_macro:
        return 0
    if target.lower() in chain:
        walk.findings.append(Finding("spf.loop", Status.FAIL, {"term": term.raw}))
        return 0
    try:
        answer = walk.lookup.query(target, "TXT", walk.deadline)
    except LookupFailedError as error:
        walk.findings.append(
            Finding("spf.lookup_failed", Status.ERROR, {"name": target, "reason": error.reason})
        )
        return 0
    records = spf_records(answer)
    if not answer.exists or not answer.records:
        walk.voids.append(target)
    if len(records) != 1:
        code = "spf.include_without_spf" if not records else "spf.include_multiple"
        walk.findings.append(Finding(code, Status.FAIL, {"term": term.raw}))
        return 0
    return _walk_record(walk, parse_spf(records[0]), target, (*chain, target.lower()), top)


def _walk_record(
    walk: _Walk, parsed: ParsedSpf, domain: str, chain: tuple[str, ...], top: str | None
) -> int:
    made = 0
    if len(chain) > MAX_DEPTH:
        return 0
    has_all = parsed.mechanism("all") is not None
    for term in parsed.terms:
        if not term.queries_dns or (term.kind == "redirect" and has_all):
            continue
        if walk.lookups > MAX_WALKED:
            break
        where = top or term.raw
        made += 1
        walk.lookups += 1
        if walk.lookups == LOOKUP_LIMIT + 1 and walk.limit_passed_in is None:
            walk.limit_passed_in = where
        target = term.value.split("/")[0] or domain
        if term.kind in ("include", "redirect"):
            made += _follow(walk, term, target, chain, where)
        elif term.kind in ("a", "mx") and not term.has_macro:
            _void(walk, target, "A" if term.kind == "a" else "MX")
    return made


def _top_level_findings(parsed: ParsedSpf) -> list[Finding]:
    findings = [
        Finding("spf.syntax", Status.FAIL, {"term": raw, "problem": problem})
        for raw, problem in parsed.errors
    ]
    every_all = parsed.mechanism("all")
    if every_all is None and parsed.modifier("redirect") is None:
        findings.append(Finding("spf.no_all", Status.WARN))
    elif every_all is not None and every_all.qualifier == "+":
        findings.append(Finding("spf.all_pass", Status.FAIL, {"term": every_all.raw}))
    elif every_all is not None and every_all.qualifier == "?":
        findings.append(Finding("spf.all_neutral", Status.WARN, {"term": every_all.raw}))
    if parsed.mechanism("ptr") is not None:
        findings.append(Finding("spf.ptr", Status.WARN))
    return findings


def _shape_findings(answer: Answer, records: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    for parts in answer.txt_parts:
        if _quoted(parts):
            findings.append(Finding("spf.quoted", Status.FAIL, {"record": "".join(parts)}))
        elif is_spf("".join(parts)) and (glued := _glued_split(parts)):
            findings.append(Finding("spf.split", Status.FAIL, {"glued": glued}))
    if len(records) > 1:
        findings.append(Finding("spf.multiple", Status.FAIL, {"count": len(records)}))
    elif not records and not findings:
        findings.append(Finding("spf.missing", Status.FAIL))
    return findings


def check_spf(lookup: Lookup, domain: str, deadline: Deadline) -> CheckResult:
    try:
        answer = lookup.query(domain, "TXT", deadline)
    except LookupFailedError as error:
        failed = Finding("lookup.failed", Status.ERROR, {"name": domain, "reason": error.reason})
        return CheckResult.of("spf", [failed], {})
    records = spf_records(answer)
    findings = _shape_findings(answer, records)
    if len(records) != 1:
        return CheckResult.of("spf", findings, {"records": records})
    parsed = parse_spf(records[0])
    findings += _top_level_findings(parsed)
    walk = _Walk(lookup, deadline)
    per_term: list[dict[str, object]] = []
    has_all = parsed.mechanism("all") is not None
    for term in parsed.terms:
        if term.queries_dns and not (term.kind == "redirect" and has_all):
            before = walk.lookups
            _walk_record(walk, ParsedSpf((term,)), domain, (domain.lower(),), term.raw)
            per_term.append({"term": term.raw, "lookups": walk.lookups - before})
    findings += walk.findings
    if walk.lookups > LOOKUP_LIMIT:
        biggest = max(per_term, key=lambda item: int(str(item["lookups"])))
        facts = {
            "lookups": walk.lookups,
            "limit": LOOKUP_LIMIT,
            "biggest": str(biggest["term"]),
            "biggest_lookups": int(str(biggest["lookups"])),
            "passed_in": walk.limit_passed_in,
        }
        findings.append(Finding("spf.too_many_lookups", Status.FAIL, facts))
    if len(walk.voids) > VOID_LIMIT:
        facts = {"voids": len(walk.voids), "limit": VOID_LIMIT, "names": walk.voids[:5]}
        findings.append(Finding("spf.too_many_voids", Status.FAIL, facts))
    if not any(f.status in (Status.FAIL, Status.WARN) for f in findings):
        findings.append(
            Finding("spf.ok", Status.OK, {"lookups": walk.lookups, "limit": LOOKUP_LIMIT})
        )
    details = {
        "record": records[0],
        "lookups": walk.lookups,
        "lookup_limit": LOOKUP_LIMIT,
        "void_lookups": len(walk.voids),
        "terms": per_term,
        "limit_passed_in": walk.limit_passed_in,
    }
    return CheckResult.of("spf", findings, details)
