"""What a check finds: statuses, findings (a code and its facts) and the report of a domain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """How a check came out; `error` means it could not be checked, with the reason."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"

    @property
    def rank(self) -> int:
        # A failure outweighs a warning; a check that could not run outweighs neither, since
        # it says nothing about the domain, but it outweighs a plain "ok".
        return {"ok": 0, "error": 1, "warn": 2, "fail": 3}[self.value]


# The facts a finding's sentence is written from: text, numbers, or lists of text.
Facts = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check noticed; `code` names the sentence in responses/check/findings.j2."""

    code: str
    status: Status
    facts: Facts = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check (spf, dkim, ...): every finding, worst first, and machine-readable details."""

    id: str
    findings: tuple[Finding, ...]
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> Status:
        return self.findings[0].status if self.findings else Status.OK

    @classmethod
    def of(cls, check_id: str, findings: list[Finding], details: Mapping[str, Any]) -> CheckResult:
        ordered = sorted(findings, key=lambda finding: -finding.status.rank)
        return cls(check_id, tuple(ordered), details)


@dataclass(frozen=True, slots=True)
class Report:
    """Every check of one domain (and IP), plus the mail platform its MX names."""

    domain: str
    platform: str | None
    checks: tuple[CheckResult, ...]

    @property
    def failed(self) -> bool:
        return any(check.status is Status.FAIL for check in self.checks)

    def count(self, status: Status) -> int:
        return sum(1 for check in self.checks if check.status is status)
