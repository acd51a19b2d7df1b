"""What may be looked up: public domains and addresses only; everything else is refused."""

from __future__ import annotations

import pytest

from bot.dnscheck.config import Server, ServerListError, parse_servers
from bot.dnscheck.names import BadInputError, parse_domain, parse_ip, parse_selector


@pytest.mark.parametrize(
    ("given", "ascii_name", "shown"),
    [
        ("example.com", "example.com", "example.com"),
        ("  Example.COM. ", "example.com", "example.com"),
        ("billing@Example.com", "example.com", "example.com"),
        ("https://example.com/pricing", "example.com", "example.com"),
        ("bücher.example", "xn--bcher-kva.example", "bücher.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example", "bücher.example"),
        ("send.mail.example.co.uk", "send.mail.example.co.uk", "send.mail.example.co.uk"),
    ],
)
def test_domains_are_read_in_the_forms_people_paste(
    given: str, ascii_name: str, shown: str
) -> None:
    domain = parse_domain(given)

    assert (domain.ascii, domain.shown) == (ascii_name, shown)


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("192.0.2.1", "ip_not_domain"),
        ("[2001:db8::1]", "ip_not_domain"),
        ("localhost", "internal_name"),
        ("mail.localhost", "internal_name"),
        ("intranet", "internal_name"),
        ("fileserver.internal", "internal_name"),
        ("printer.local", "internal_name"),
        ("nas.home.arpa", "internal_name"),
        ("dc01.corp", "internal_name"),
        ("5.2.0.192.in-addr.arpa", "internal_name"),
        ("", "not_a_domain"),
        ("bad..name", "not_a_domain"),
        ("-leading.example", "not_a_domain"),
        ("under_score.example", "not_a_domain"),
        ("<!channel>.example", "not_a_domain"),
        ("a" * 64 + ".example", "not_a_domain"),
        ("example.123", "not_a_domain"),
    ],
)
def test_what_is_not_a_public_domain_is_refused(given: str, problem: str) -> None:
    with pytest.raises(BadInputError) as refused:
        parse_domain(given)

    assert refused.value.problem == problem


@pytest.mark.parametrize(
    "given", ["10.1.2.3", "127.0.0.1", "192.168.0.5", "::1", "fe80::1", "203.0.113.5"]
)
def test_private_and_reserved_addresses_are_refused(given: str) -> None:
    with pytest.raises(BadInputError) as refused:
        parse_ip(given)

    assert refused.value.problem == "ip_not_public"


def test_a_public_address_is_kept_in_its_canonical_form() -> None:
    assert parse_ip(" 2A00:1450:4001:0::1 ") == "2a00:1450:4001::1"
    with pytest.raises(BadInputError):
        parse_ip("mail.example.com")


@pytest.mark.parametrize(
    ("given", "selector"), [("S1", "s1"), ("s1._domainkey", "s1"), ("2024a.mail", "2024a.mail")]
)
def test_selectors_are_labels(given: str, selector: str) -> None:
    assert parse_selector(given) == selector


@pytest.mark.parametrize("given", ["", "a b", "sel;rm", "x" * 101])
def test_a_selector_that_is_not_a_label_is_refused(given: str) -> None:
    with pytest.raises(BadInputError):
        parse_selector(given)


def test_dns_servers_are_addresses_with_optional_ports() -> None:
    assert parse_servers("10.0.0.53, 127.0.0.1:5300,[::1]:53") == (
        Server("10.0.0.53"),
        Server("127.0.0.1", 5300),
        Server("::1", 53),
    )
    assert parse_servers("  ") == ()


@pytest.mark.parametrize("given", ["dns.example", "127.0.0.1:0", "127.0.0.1:dns", "[::1]:99999"])
def test_a_dns_server_that_is_not_an_address_is_refused(given: str) -> None:
    with pytest.raises(ServerListError):
        parse_servers(given)
