"""Every failure the DNS check knows, found in a test zone and explained in one line that says
what to change. Zones are in tests/dnscheck/zones; the server is NSD on loopback."""

from __future__ import annotations

from typing import Any

import pytest
from dnscheck.conftest import check_of, codes, run

from bot.dnscheck.checker import DomainChecker
from bot.dnscheck.model import Status
from bot.dnscheck.wording import CheckWording

# (domain, request, check, finding code, status, words the line must hold)
CASES: list[tuple[str, dict[str, Any], str, str, Status, tuple[str, ...]]] = [
    (
        "spf-over.example",
        {},
        "spf",
        "spf.too_many_lookups",
        Status.FAIL,
        (
            "12 DNS lookups (limit 10)",
            "include:_spf.crm.example alone makes 6",
            "include:mail.helpdesk.example",
            "remove includes",
        ),
    ),
    (
        "spf-void.example",
        {},
        "spf",
        "spf.too_many_voids",
        Status.FAIL,
        ("3 names", "gone1.spf-void.example", "remove them"),
    ),
    ("spf-two.example", {}, "spf", "spf.multiple", Status.FAIL, ("2 SPF records", "merge them")),
    (
        "spf-split.example",
        {},
        "spf",
        "spf.split",
        Status.FAIL,
        ("include:amazonses.cominclude:_spf.google.com", "end the first string with a space"),
    ),
    ("spf-quoted.example", {}, "spf", "spf.quoted", Status.FAIL, ("remove the quotes",)),
    (
        "spf-syntax.example",
        {},
        "spf",
        "spf.syntax",
        Status.FAIL,
        ("inlcude:amazonses.com", "unknown mechanism"),
    ),
    (
        "spf-plusall.example",
        {},
        "spf",
        "spf.all_pass",
        Status.FAIL,
        ("+all", "every server", "~all"),
    ),
    ("spf-neutral.example", {}, "spf", "spf.all_neutral", Status.WARN, ("?all", "~all")),
    ("spf-noall.example", {}, "spf", "spf.no_all", Status.WARN, ("~all",)),
    ("spf-loop.example", {}, "spf", "spf.loop", Status.FAIL, ("circular include",)),
    (
        "spf-badinclude.example",
        {},
        "spf",
        "spf.include_without_spf",
        Status.FAIL,
        ("nothing-here.spf-badinclude.example", "no SPF record"),
    ),
    ("spf-none.example", {}, "spf", "spf.missing", Status.FAIL, ("add a TXT record",)),
    (
        "dkim.example",
        {"selectors": ("short",)},
        "dkim",
        "dkim.key_too_short",
        Status.FAIL,
        ("512 bits", "2048-bit"),
    ),
    (
        "dkim.example",
        {"selectors": ("weak",)},
        "dkim",
        "dkim.key_short",
        Status.WARN,
        ("1024 bits",),
    ),
    (
        "dkim.example",
        {"selectors": ("revoked",)},
        "dkim",
        "dkim.revoked",
        Status.FAIL,
        ("empty", "revoked"),
    ),
    (
        "dkim.example",
        {"selectors": ("spfmix",)},
        "dkim",
        "dkim.holds_spf",
        Status.FAIL,
        ("holds SPF text", "replace it"),
    ),
    (
        "dkim.example",
        {"selectors": ("broken",)},
        "dkim",
        "dkim.bad_key",
        Status.FAIL,
        ("cut short", "copy the whole value"),
    ),
    (
        "dkim.example",
        {"selectors": ("quoted",)},
        "dkim",
        "dkim.quoted",
        Status.FAIL,
        ("quote mark",),
    ),
    (
        "dkim.example",
        {"selectors": ("two",)},
        "dkim",
        "dkim.multiple",
        Status.FAIL,
        ("2 records", "keep only"),
    ),
    (
        "dkim.example",
        {"selectors": ("absent",)},
        "dkim",
        "dkim.missing",
        Status.FAIL,
        ("absent._domainkey.dkim.example",),
    ),
    ("spf-none.example", {}, "dkim", "dkim.none_found", Status.WARN, ("--selector",)),
    (
        "dmarc-weak.example",
        {},
        "dmarc",
        "dmarc.partial",
        Status.WARN,
        ("pct=50", "raise it to 100"),
    ),
    ("dmarc-weak.example", {}, "dmarc", "dmarc.no_rua", Status.WARN, ("rua=mailto:",)),
    ("spf-over.example", {}, "dmarc", "dmarc.monitor_only", Status.WARN, ("quarantine",)),
    ("dmarc-two.example", {}, "dmarc", "dmarc.multiple", Status.FAIL, ("2 DMARC records",)),
    ("dmarc-bad.example", {}, "dmarc", "dmarc.bad_policy", Status.FAIL, ("p=block",)),
    (
        "dmarc-strict.example",
        {},
        "dmarc",
        "dmarc.strict_spf",
        Status.WARN,
        ("aspf=s", "send.dmarc-strict.example"),
    ),
    ("dmarc-strict.example", {}, "dmarc", "dmarc.nothing_aligns", Status.WARN, ("no DKIM key",)),
    ("spf-none.example", {}, "dmarc", "dmarc.missing", Status.WARN, ("_dmarc.spf-none.example",)),
    (
        "send.mx-appended.example",
        {},
        "mx",
        "mx.appended",
        Status.FAIL,
        (
            "ends in .amazonses.com.mx-appended.example",
            "appended the domain",
            "feedback-smtp.eu-west-1.amazonses.com.",
            "trailing dot",
        ),
    ),
    (
        "mx-regions.example",
        {},
        "mx",
        "mx.ses_regions",
        Status.FAIL,
        ("eu-west-1, us-east-1", "keep only the one"),
    ),
    ("mx-oddregion.example", {}, "mx", "mx.ses_region_unusual", Status.WARN, ("us-west-2",)),
    (
        "send.healthy.example",
        {"region": "eu-west-1"},
        "mx",
        "mx.ses_region_mismatch",
        Status.FAIL,
        ("us-east-1", "eu-west-1"),
    ),
    (
        "mx-samepri.example",
        {},
        "mx",
        "mx.same_priority",
        Status.WARN,
        ("share priority 10", "its own priority"),
    ),
    ("dkim.example", {}, "mx", "mx.none", Status.WARN, ("No MX records",)),
    ("gone.healthy.example", {}, "mx", "mx.no_domain", Status.FAIL, ("does not exist",)),
    (
        "ns-mixed.example",
        {},
        "ns",
        "ns.mixed_providers",
        Status.WARN,
        ("Cloudflare, GoDaddy", "keep only the name servers"),
    ),
    (
        "ns-split.example",
        {},
        "ns",
        "ns.serials_differ",
        Status.WARN,
        ("2024060101", "2024060102", "has not reached"),
    ),
    (
        "ns-lame.example",
        {},
        "ns",
        "ns.lame",
        Status.WARN,
        ("ns2.ns-lame.example", "does not serve ns-lame.example"),
    ),
    (
        "healthy.example",
        {"ip": "45.33.10.7"},
        "dnsbl",
        "dnsbl.listed",
        Status.FAIL,
        ("Spamhaus ZEN (SBL, XBL)", "https://check.spamhaus.org/"),
    ),
    (
        "healthy.example",
        {"ip": "45.33.10.6"},
        "dnsbl",
        "dnsbl.not_asked",
        Status.ERROR,
        ("Spamhaus ZEN", "refuses queries"),
    ),
    (
        "healthy.example",
        {"ip": "45.33.10.8"},
        "ptr",
        "ptr.missing",
        Status.FAIL,
        ("no reverse DNS name",),
    ),
    (
        "healthy.example",
        {"ip": "45.33.10.9"},
        "ptr",
        "ptr.no_match",
        Status.FAIL,
        ("mail.wrong-ptr.example", "does not lead back", "45.33.10.99"),
    ),
]


@pytest.mark.parametrize(
    ("domain", "request_", "check_id", "code", "status", "words"),
    CASES,
    ids=[f"{case[3]}-{case[0]}" for case in CASES],
)
def test_each_failure_is_found_and_explained(
    checker: DomainChecker,
    wording: CheckWording,
    domain: str,
    request_: dict[str, Any],
    check_id: str,
    code: str,
    status: Status,
    words: tuple[str, ...],
) -> None:
    report = run(checker, domain, **request_)
    check = check_of(report, check_id)

    finding = next(f for f in check.findings if f.code == code)
    assert finding.status is status
    line = wording.line(finding, report.domain).plain
    assert "\n" not in line
    for word in words:
        assert word in line, line


def test_a_healthy_domain_has_nothing_to_fix(checker: DomainChecker) -> None:
    report = run(checker, "healthy.example", ip="54.240.8.5")

    assert {check.id: check.status for check in report.checks} == {
        "spf": Status.OK,
        "dkim": Status.OK,
        "dmarc": Status.OK,
        "mx": Status.OK,
        "ns": Status.OK,
        "ptr": Status.OK,
        "dnsbl": Status.OK,
    }
    assert report.platform == "google_workspace"
    assert not report.failed


def test_spf_counts_lookups_term_by_term(checker: DomainChecker) -> None:
    spf = check_of(run(checker, "spf-over.example"), "spf")

    assert spf.details["lookups"] == 12
    assert spf.details["terms"] == [
        {"term": "a", "lookups": 1},
        {"term": "mx", "lookups": 1},
        {"term": "include:amazonses.com", "lookups": 1},
        {"term": "include:_spf.crm.example", "lookups": 6},
        {"term": "include:mail.helpdesk.example", "lookups": 3},
    ]
    assert spf.details["limit_passed_in"] == "include:mail.helpdesk.example"


def test_a_redirect_is_followed_and_counted(checker: DomainChecker) -> None:
    spf = check_of(run(checker, "spf-redirect.example"), "spf")

    assert spf.status is Status.OK
    assert spf.details["lookups"] == 2


def test_dkim_keys_behind_cnames_and_ed25519_keys_are_read(checker: DomainChecker) -> None:
    dkim = check_of(run(checker, "dkim.example", selectors=("s1", "ed", "good")), "dkim")

    assert codes(dkim) == ["dkim.ok"]
    assert {key["selector"]: key["bits"] for key in dkim.details["found"]} == {
        "s1": 2048,
        "ed": 256,
        "good": 2048,
    }


def test_a_subdomain_takes_the_parent_domains_dmarc_policy(checker: DomainChecker) -> None:
    dmarc = check_of(run(checker, "send.healthy.example"), "dmarc")

    assert dmarc.status is Status.OK
    assert dmarc.details["found_at"] == "_dmarc.healthy.example"
    assert "dmarc.inherited" in codes(dmarc)


@pytest.mark.parametrize(
    ("domain", "platform"),
    [
        ("m365.example", "microsoft365"),
        ("healthy.example", "google_workspace"),
        ("pp.example", "proofpoint"),
        ("mc.example", "mimecast"),
        ("send.healthy.example", "amazon_ses"),
        ("dkim.example", None),
    ],
)
def test_the_mail_platform_is_named_from_mx(
    checker: DomainChecker, domain: str, platform: str | None
) -> None:
    assert run(checker, domain).platform == platform
    assert checker.recipient_platform(domain) == platform


def test_a_null_mx_is_not_a_problem(checker: DomainChecker) -> None:
    mx = check_of(run(checker, "mx-null.example"), "mx")

    assert codes(mx) == ["mx.null"]


def test_a_subdomain_is_checked_against_its_zones_name_servers(checker: DomainChecker) -> None:
    ns = check_of(run(checker, "send.healthy.example"), "ns")

    assert ns.status is Status.OK
    assert ns.details["zone"] == "healthy.example"
    assert ns.details["providers"] == ["cloudflare"]
    assert {server["serial"] for server in ns.details["name_servers"]} == {2024060101}


def test_an_internationalised_domain_is_looked_up_by_its_ascii_name(
    checker: DomainChecker,
) -> None:
    report = run(checker, "Bücher.example")

    assert report.domain == "xn--bcher-kva.example"
    assert check_of(report, "spf").status is Status.OK


def test_a_zone_the_server_does_not_serve_is_an_error_with_its_reason(
    checker: DomainChecker, wording: CheckWording
) -> None:
    report = run(checker, "not-served.example")

    assert {check.status for check in report.checks} == {Status.ERROR}
    assert not report.failed
    line = wording.summary(check_of(report, "spf"), report.domain)
    assert "refused" in line
