"""The checker the DNS-check tests use: every lookup goes to the test DNS server on loopback."""

from __future__ import annotations

import pytest
from dns_server import DnsAddress

from bot import DEFAULT_RESPONSES_DIR
from bot.dnscheck.checker import CheckRequest, DomainChecker
from bot.dnscheck.config import DnsConfig, Server
from bot.dnscheck.lookup import Lookup
from bot.dnscheck.model import CheckResult, Report
from bot.dnscheck.names import parse_domain
from bot.dnscheck.wording import CheckWording


def config_for(server: DnsAddress, **overrides: float) -> DnsConfig:
    return DnsConfig(
        servers=(Server(server.host, server.port),),
        authority_port=server.port,
        **overrides,
    )


@pytest.fixture
def lookup(dns_server: DnsAddress) -> Lookup:
    """A fresh Lookup, so each test starts with an empty cache."""
    return Lookup(config_for(dns_server))


@pytest.fixture
def checker(lookup: Lookup) -> DomainChecker:
    return DomainChecker(lookup)


@pytest.fixture(scope="session")
def wording() -> CheckWording:
    return CheckWording.load(DEFAULT_RESPONSES_DIR)


def run(checker: DomainChecker, domain: str, **request: object) -> Report:
    return checker.check(CheckRequest(domain=parse_domain(domain), **request))  # type: ignore[arg-type]


def check_of(report: Report, check_id: str) -> CheckResult:
    [check] = [check for check in report.checks if check.id == check_id]
    return check


def codes(check: CheckResult) -> list[str]:
    return [finding.code for finding in check.findings]
