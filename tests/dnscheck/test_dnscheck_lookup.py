"""Lookups: cached for a few minutes, counted, time-boxed, and failures named by their reason."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from dns_server import DnsAddress
from dnscheck.conftest import check_of, config_for, run

from bot.dnscheck.checker import DomainChecker
from bot.dnscheck.config import DnsConfig, Server
from bot.dnscheck.lookup import Lookup, LookupFailedError
from bot.dnscheck.model import Status


class SteppedClock:
    """Monotonic seconds that move only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def silent_server() -> Iterator[Server]:
    """A UDP port that takes queries and never answers, like a resolver behind a dead link."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield Server("127.0.0.1", int(sock.getsockname()[1]))


def test_a_repeated_check_within_the_cache_time_makes_no_new_queries(
    checker: DomainChecker,
) -> None:
    first = run(checker, "spf-over.example", ip="45.33.10.7")
    sent = checker.lookup.queries_sent
    again = run(checker, "spf-over.example", ip="45.33.10.7")

    assert sent > 20
    assert checker.lookup.queries_sent == sent
    assert again == first


def test_answers_are_asked_again_once_the_cache_time_has_passed(dns_server: DnsAddress) -> None:
    clock = SteppedClock()
    lookup = Lookup(config_for(dns_server, cache_seconds=300), clock=clock)
    lookup.query("healthy.example", "TXT")
    lookup.query("nothing.healthy.example", "TXT")
    clock.now += 299
    lookup.query("healthy.example", "TXT")
    lookup.query("nothing.healthy.example", "TXT")
    assert lookup.queries_sent == 2

    clock.now += 2
    lookup.query("healthy.example", "TXT")
    assert lookup.queries_sent == 3


def test_a_name_that_does_not_exist_is_an_answer_not_a_failure(lookup: Lookup) -> None:
    answer = lookup.query("nothing.healthy.example", "TXT")

    assert not answer.exists and answer.records == ()


def test_a_server_that_never_answers_times_out_with_that_reason(silent_server: Server) -> None:
    lookup = Lookup(DnsConfig(servers=(silent_server,), lookup_timeout_s=0.2))

    with pytest.raises(LookupFailedError) as failed:
        lookup.query("healthy.example", "TXT")

    assert failed.value.reason == "timeout"


def test_a_whole_check_stops_when_its_time_is_spent(silent_server: Server) -> None:
    config = DnsConfig(servers=(silent_server,), lookup_timeout_s=0.2, check_budget_s=0.5)
    report = run(DomainChecker(Lookup(config)), "healthy.example", ip="54.240.8.5")

    assert [check.id for check in report.checks] == [
        "spf",
        "dkim",
        "dmarc",
        "mx",
        "ns",
        "ptr",
        "dnsbl",
    ]
    assert {check.status for check in report.checks} == {Status.ERROR}
    reasons = {finding.facts.get("reason") for check in report.checks for finding in check.findings}
    assert reasons <= {"timeout", "out_of_time"}


def test_failures_are_not_cached(silent_server: Server, dns_server: DnsAddress) -> None:
    lookup = Lookup(DnsConfig(servers=(silent_server,), lookup_timeout_s=0.2))
    with pytest.raises(LookupFailedError):
        lookup.query("healthy.example", "TXT")
    with pytest.raises(LookupFailedError):
        lookup.query("healthy.example", "TXT")

    assert lookup.queries_sent == 2


def test_a_refusing_server_is_named_as_refusing(lookup: Lookup) -> None:
    with pytest.raises(LookupFailedError) as failed:
        lookup.query("not-served.example", "TXT")

    assert failed.value.reason == "refused"


def test_the_second_server_is_asked_when_the_first_is_silent(
    silent_server: Server, dns_server: DnsAddress
) -> None:
    servers = (silent_server, Server(dns_server.host, dns_server.port))
    lookup = Lookup(DnsConfig(servers=servers, lookup_timeout_s=1.5))

    assert lookup.query("healthy.example", "MX").records


def test_the_recipient_platform_is_looked_up_once(checker: DomainChecker) -> None:
    assert checker.recipient_platform("m365.example") == "microsoft365"
    sent = checker.lookup.queries_sent
    assert checker.recipient_platform("M365.example") == "microsoft365"
    assert checker.lookup.queries_sent == sent
    assert checker.recipient_platform("localhost") is None
    assert checker.recipient_platform(None) is None
    assert checker.lookup.queries_sent == sent


def test_name_servers_that_cannot_be_asked_directly_are_named(dns_server: DnsAddress) -> None:
    # The zone's name servers are asked on a port where nothing answers for them.
    config = DnsConfig(
        servers=(Server(dns_server.host, dns_server.port),),
        lookup_timeout_s=0.3,
        authority_port=dns_server.port + 1 if dns_server.port < 65535 else 1,
    )
    ns = check_of(run(DomainChecker(Lookup(config)), "healthy.example"), "ns")

    assert ns.status is Status.WARN
    assert {finding.code for finding in ns.findings} >= {"ns.lame"}
