"""`mailhelp check`: the text report, the stable --json object, exit codes, refused input."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from dns_server import DnsAddress

from bot import PROJECT_ROOT
from bot.cli.main import main
from bot.dnscheck.model import Finding, Status
from bot.dnscheck.wording import CheckWording

STATUSES = {"ok", "warn", "fail", "error"}


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_one_stable_object(dns_env: DnsAddress, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, "healthy.example", "--ip", "54.240.8.5", "--json")

    data = json.loads(out)
    assert code == 0
    assert set(data) == {"domain", "provider", "checks"}
    assert data["domain"] == "healthy.example"
    assert data["provider"] == "google_workspace"
    assert [c["id"] for c in data["checks"]] == ["spf", "dkim", "dmarc", "mx", "ns", "ptr", "dnsbl"]
    for item in data["checks"]:
        assert set(item) == {"id", "status", "summary", "details"}
        assert item["status"] == "ok"
        assert item["summary"] and "\n" not in item["summary"]
        assert isinstance(item["details"], dict)


def test_a_failing_check_exits_1_and_says_what_to_change(
    dns_env: DnsAddress, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = check(capsys, "send.mx-appended.example")

    assert code == 1
    text = " ".join(out.split())
    assert "DNS check of send.mx-appended.example" in text
    assert "your DNS host appended the domain" in text


def test_json_of_a_failure_names_the_include_and_counts(
    dns_env: DnsAddress, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = check(capsys, "spf-over.example", "--json")

    spf = json.loads(out)["checks"][0]
    assert code == 1
    assert spf["status"] == "fail"
    assert spf["summary"].startswith("Your SPF makes 12 DNS lookups (limit 10)")
    assert spf["details"]["lookups"] == 12
    assert spf["details"]["findings"][0]["code"] == "spf.too_many_lookups"


def test_selectors_and_region_are_passed_to_the_checks(
    dns_env: DnsAddress, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = check(capsys, "dkim.example", "--selector", "good", "--selector", "S1", "--json")

    dkim = json.loads(out)["checks"][1]
    assert dkim["details"]["tried"] == ["good", "s1"]
    assert dkim["status"] == "ok"
    assert code == 0


@pytest.fixture
def listening_resolver(monkeypatch: pytest.MonkeyPatch) -> socket.socket:
    """A resolver address that records whether anything was asked."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.setblocking(False)
    monkeypatch.setenv("MAILHELP_DNS_SERVERS", f"127.0.0.1:{sock.getsockname()[1]}")
    return sock


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["192.0.2.1"], "is an IP address"),
        (["localhost"], "internal or reserved name"),
        (["payroll.internal"], "internal or reserved name"),
        (["intranet"], "internal or reserved name"),
        (["not a domain"], "is not a domain name"),
        (["example.com", "--ip", "10.0.0.7"], "private or reserved address"),
        (["example.com", "--ip", "mail.example.com"], "is not an IP address"),
        (["example.com", "--selector", "a;b"], "is not a DKIM selector"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message_and_asks_no_server(
    listening_resolver: socket.socket,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    said: str,
) -> None:
    code, out, err = check(capsys, *args)

    assert code == 2
    assert out == ""
    assert said in err and "Traceback" not in err
    with pytest.raises(BlockingIOError):
        listening_resolver.recv(512)
    listening_resolver.close()


def test_a_malformed_dns_server_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAILHELP_DNS_SERVERS", "resolver.example")

    code, _, err = check(capsys, "example.com")

    assert code == 2
    assert "MAILHELP_DNS_SERVERS" in err


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in (PROJECT_ROOT / "bot" / "dnscheck").glob("*.py"):
        found |= set(re.findall(r'Finding\(\s*"([a-z]+\.[a-z_]+)"', path.read_text("utf-8")))
        found |= set(re.findall(r'code = "([a-z]+\.[a-z_]+)"', path.read_text("utf-8")))
        found |= set(re.findall(r'"(spf\.include_[a-z_]+)"', path.read_text("utf-8")))
    return found


def test_every_finding_the_checks_make_has_its_own_sentence() -> None:
    wording = CheckWording.load(Path(PROJECT_ROOT / "responses"))
    codes = _codes_in_source()

    assert len(codes) > 50
    for code in sorted(codes):
        line = wording.line(Finding(code, Status.WARN, {}), "example.com").plain
        assert line and line != code, code
