"""The DNS check in words: findings, the report and refusals, from responses/check/*.j2."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateError

from bot.dnscheck.model import CheckResult, Finding, Report
from bot.dnscheck.names import BadInputError
from bot.render.details import clean
from bot.render.document import Document, Line
from bot.render.environment import build_environment
from bot.render.errors import RenderSetupError
from bot.render.markup import parse_document, parse_inline, user

FINDINGS_TEMPLATE = "check/findings.j2"
REPORT_TEMPLATE = "check/report.j2"
WORDS_TEMPLATE = "check/words.j2"
# Values from DNS are shown at most this long: a TXT record can be thousands of characters.
VALUE_LIMIT = 160


def _shown(value: Any) -> Any:
    """A fact as a template sees it: text from DNS wrapped as a user value, numbers as they are."""
    if isinstance(value, str):
        cleaned = clean(value, VALUE_LIMIT)
        return user(cleaned) if cleaned else None
    if isinstance(value, list):
        return [item for item in (_shown(item) for item in value) if item is not None]
    return value


def shown_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    # Ids the template looks up in its own tables (platform, provider, reason ...) stay bare.
    bare = {"platform", "provider", "providers", "reason", "problem", "policy"}
    return {k: (v if k in bare else _shown(v)) for k, v in facts.items()}


@dataclass(frozen=True, slots=True)
class CheckWording:
    """The check's templates, loaded and tried once at start-up like the answers."""

    findings: Template
    report: Template
    words: Template

    @classmethod
    def load(cls, responses_dir: Path) -> CheckWording:
        environment = build_environment(responses_dir)
        try:
            loaded = cls(
                findings=environment.get_template(FINDINGS_TEMPLATE),
                report=environment.get_template(REPORT_TEMPLATE),
                words=environment.get_template(WORDS_TEMPLATE),
            )
            loaded.document(Report("example.com", None, ()))
        except TemplateError as exc:
            raise RenderSetupError(f"the DNS check's templates in {responses_dir}: {exc}") from exc
        return loaded

    def _word(self, name: str) -> Any:
        return getattr(self.words.module, name)

    @property
    def button_label(self) -> str:
        return str(self._word("button_label"))

    @property
    def help_line(self) -> str:
        return str(self._word("help_line"))

    def line(self, finding: Finding, domain: str) -> Line:
        macro = self.findings.module.line  # type: ignore[attr-defined]
        text = str(macro(finding.code, shown_facts(finding.facts), user(domain))).strip()
        return parse_inline(" ".join(text.split()))

    def summary(self, check: CheckResult, domain: str) -> str:
        """The check's most important finding as one line of plain text (for --json)."""
        return self.line(check.findings[0], domain).plain if check.findings else ""

    def document(
        self, report: Report, *, ip: str | None = None, shown: str | None = None
    ) -> Document:
        checks = [
            {
                "id": check.id,
                "status": check.status.value,
                "findings": [
                    {"code": f.code, "status": f.status.value, "facts": shown_facts(f.facts)}
                    for f in check.findings
                ],
            }
            for check in report.checks
        ]
        rendered = self.report.render(
            domain=user(shown or report.domain),
            ip=user(ip) if ip else None,
            platform=report.platform,
            checks=checks,
        )
        return parse_document(rendered)

    def refusal(self, error: BadInputError) -> Line:
        value = clean(error.value, VALUE_LIMIT) or ""
        macro = self.words.module.refusal  # type: ignore[attr-defined]
        text = str(macro(error.problem, user(value) if value else "")).strip()
        return parse_inline(" ".join(text.split()))
