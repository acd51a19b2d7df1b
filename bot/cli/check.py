"""`mailhelp check DOMAIN`: look up a sending domain's DNS (and an IP's) and say what to fix."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.dnscheck.checker import CheckRequest
    from bot.dnscheck.model import Report
    from bot.dnscheck.wording import CheckWording

# Exit codes: the stable contract README documents for scripts.
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def report_json(report: Report, wording: CheckWording) -> dict[str, Any]:
    """The stable --json object: domain, provider (the mail platform from MX) and checks."""
    return {
        "domain": report.domain,
        "provider": report.platform,
        "checks": [
            {
                "id": check.id,
                "status": check.status.value,
                "summary": wording.summary(check, report.domain),
                "details": {
                    **check.details,
                    "findings": [
                        {
                            "code": finding.code,
                            "status": finding.status.value,
                            "text": wording.line(finding, report.domain).plain,
                        }
                        for finding in check.findings
                    ],
                },
            }
            for check in report.checks
        ],
    }


def _request(args: argparse.Namespace) -> CheckRequest:
    from bot.dnscheck.checker import CheckRequest
    from bot.dnscheck.names import parse_domain, parse_ip, parse_selector

    return CheckRequest(
        domain=parse_domain(args.domain),
        selectors=tuple(dict.fromkeys(parse_selector(s) for s in args.selector or ())),
        ip=parse_ip(args.ip) if args.ip else None,
        region=args.region.strip().lower() if args.region else None,
    )


def run_check(args: argparse.Namespace) -> int:
    # dnspython, pydantic and Jinja2 load only when a check runs, never for the parser.
    from bot import DEFAULT_RESPONSES_DIR
    from bot.dnscheck.checker import DomainChecker
    from bot.dnscheck.names import BadInputError
    from bot.dnscheck.wording import CheckWording
    from bot.render import plain
    from bot.render.document import Format
    from bot.render.renderer import render_document
    from bot.settings import load_settings

    settings = load_settings()
    wording = CheckWording.load(settings.mailhelp_responses_dir or DEFAULT_RESPONSES_DIR)
    try:
        request = _request(args)
    except BadInputError as error:
        print(f"mailhelp check: {plain.inline(wording.refusal(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    report = DomainChecker.from_config(settings.dns).check(request)
    if args.json:
        print(json.dumps(report_json(report, wording), ensure_ascii=False, indent=2))
    else:
        document = wording.document(report, ip=request.ip, shown=request.domain.shown)
        print(render_document(document, Format.TEXT).text.rstrip())
    return EXIT_FAILED if report.failed else EXIT_OK


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="look up a sending domain's SPF, DKIM, DMARC, MX and name servers",
        description="Check DOMAIN's DNS for what stops mail from verifying or arriving: SPF "
        "(with RFC 7208's lookup limits counted through every include), DKIM keys, DMARC, MX "
        "records and name servers; with --ip, the IP's reverse name and block lists. "
        "Exit code 0 when nothing fails, 1 when a check fails, 2 for bad input.",
    )
    parser.add_argument("domain", metavar="DOMAIN", help="the sending domain, e.g. example.com")
    parser.add_argument(
        "--selector",
        action="append",
        metavar="SEL",
        help="a DKIM selector to check (repeatable); without it, common services' selectors",
    )
    parser.add_argument("--ip", metavar="ADDRESS", help="a sending IP: reverse DNS, block lists")
    parser.add_argument(
        "--region",
        metavar="REGION",
        help="the Amazon SES region the domain is set up in (e.g. eu-west-1), to compare MX with",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run_check)
