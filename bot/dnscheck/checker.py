"""A whole check of one domain (and IP): every check at once, within one time budget."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from bot.dnscheck.config import DnsConfig
from bot.dnscheck.dkim import check_dkim
from bot.dnscheck.dmarc import Authentication, check_dmarc
from bot.dnscheck.ip import check_dnsbl, check_ptr
from bot.dnscheck.lookup import Deadline, Lookup, LookupFailedError
from bot.dnscheck.model import CheckResult, Finding, Report, Status
from bot.dnscheck.mx import check_mx
from bot.dnscheck.names import BadInputError, Domain, parse_domain
from bot.dnscheck.ns import check_ns
from bot.dnscheck.platforms import platform_of
from bot.dnscheck.spf import check_spf

CHECK_THREADS = 6
# A check's own lookups stop at the deadline; this is only how long to wait beyond it for a
# thread to notice.
GRACE_S = 0.5


@dataclass(frozen=True, slots=True)
class CheckRequest:
    domain: Domain
    selectors: tuple[str, ...] = ()
    ip: str | None = None
    region: str | None = None


def _out_of_time(check_id: str) -> CheckResult:
    facts = {"name": check_id, "reason": "out_of_time"}
    return CheckResult.of(check_id, [Finding("lookup.failed", Status.ERROR, facts)], {})


def _result(check_id: str, future: Future[CheckResult], deadline: Deadline) -> CheckResult:
    try:
        return future.result(timeout=max(0.0, deadline.remaining()) + GRACE_S)
    except FutureTimeout:
        return _out_of_time(check_id)


class DomainChecker:
    """Runs checks through one shared Lookup, so repeated checks are answered from its cache."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    @classmethod
    def from_config(cls, config: DnsConfig) -> DomainChecker:
        return cls(Lookup(config))

    def check(self, request: CheckRequest) -> Report:
        lookup, domain = self.lookup, request.domain.ascii
        deadline = lookup.deadline()
        pool = ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="mailhelp-dns")
        try:
            submit: Callable[..., Future[CheckResult]] = pool.submit
            spf = submit(check_spf, lookup, domain, deadline)
            dkim = submit(check_dkim, lookup, domain, deadline, request.selectors)
            mx = pool.submit(check_mx, lookup, domain, deadline, request.region)
            ns = submit(check_ns, lookup, domain, deadline)
            by_ip = {}
            if request.ip is not None:
                by_ip["ptr"] = submit(check_ptr, lookup, request.ip, deadline)
                by_ip["dnsbl"] = submit(check_dnsbl, lookup, request.ip, deadline)
            spf_result = _result("spf", spf, deadline)
            dkim_result = _result("dkim", dkim, deadline)
            auth = Authentication(
                spf_at_domain=bool(spf_result.details.get("record")),
                dkim_selectors=tuple(
                    str(key["selector"]) for key in dkim_result.details.get("found", [])
                )
                or None,
            )
            dmarc = submit(check_dmarc, lookup, domain, deadline, auth)
            try:
                mx_result, platform = mx.result(timeout=max(0.0, deadline.remaining()) + GRACE_S)
            except FutureTimeout:
                mx_result, platform = _out_of_time("mx"), None
            checks = [
                spf_result,
                dkim_result,
                _result("dmarc", dmarc, deadline),
                mx_result,
                _result("ns", ns, deadline),
                *(_result(check_id, future, deadline) for check_id, future in by_ip.items()),
            ]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        return Report(domain=domain, platform=platform, checks=tuple(checks))

    def recipient_platform(self, domain: str | None) -> str | None:
        """The mail platform a recipient's domain runs on, named from its MX hosts; None when
        unknown or not looked up. Answers come from the Lookup's cache for a few minutes."""
        if not domain:
            return None
        try:
            name = parse_domain(domain).ascii
            answer = self.lookup.query(name, "MX", Deadline(self.lookup.config.lookup_timeout_s))
        except (BadInputError, LookupFailedError):
            return None
        return platform_of(str(getattr(r, "exchange", "")).rstrip(".") for r in answer.records)
