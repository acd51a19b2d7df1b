"""Fixtures for every test: a scrubbed environment and the optional shared evaluation data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from dns_server import DnsAddress, serving_test_zones

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO_ROOT.parent / "shared" / "eval"

_SCRUBBED_PREFIXES = ("SLACK_", "MAILHELP_", "DATABASE_URL", "PORT")


@pytest.fixture(autouse=True)
def scrubbed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads a real token, a developer's database or a stray .env file."""
    for name in list(os.environ):
        if name.startswith(_SCRUBBED_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'mailhelp-test.sqlite3'}")
    # Answers look up a company recipient's MX; the machine's own resolver may be unreachable,
    # so only tests that point MAILHELP_DNS_SERVERS at the test DNS server turn this on.
    monkeypatch.setenv("MAILHELP_RECIPIENT_PLATFORM", "false")
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture(scope="session")
def dns_server() -> Iterator[DnsAddress]:
    """The test DNS server (tests/dns_server.py): the one .ci/run started, named by
    MAILHELP_TEST_DNS, or one of this session's own on a free port."""
    with serving_test_zones() as address:
        yield address


@pytest.fixture
def dns_env(dns_server: DnsAddress, monkeypatch: pytest.MonkeyPatch) -> DnsAddress:
    """The environment of a process that resolves names through the test DNS server."""
    monkeypatch.setenv("MAILHELP_DNS_SERVERS", dns_server.servers)
    monkeypatch.setenv("MAILHELP_DNS_AUTHORITY_PORT", str(dns_server.port))
    monkeypatch.setenv("MAILHELP_RECIPIENT_PLATFORM", "true")
    return dns_server


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """The labelled data beside the checkout; absent in a user's clone, so those tests skip."""
    if not SHARED_EVAL.is_dir():
        reason = f"labelled data not found at {SHARED_EVAL} (it sits beside the checkout in CI)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    return SHARED_EVAL
