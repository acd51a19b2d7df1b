"""DNS queries for the checks: time-boxed, counted, and cached for a few minutes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.nameserver
import dns.query
import dns.rcode
import dns.rdata
import dns.rdatatype
import dns.resolver

from bot.dnscheck.config import DnsConfig

# CNAME chains longer than this are treated as broken (RFC 1034 gives no limit; resolvers
# commonly stop near here).
MAX_CNAME_HOPS = 8


class LookupFailedError(Exception):
    """A lookup got no usable answer; `reason` is a word the findings template explains:
    timeout, out_of_time, refused, servfail, no_resolver or dns_error."""

    def __init__(self, reason: str, name: str) -> None:
        self.reason = reason
        self.name = name
        super().__init__(f"{reason} for {name}")


@dataclass(frozen=True, slots=True)
class Answer:
    """What the DNS said about one name and type. `exists` is False for NXDOMAIN."""

    name: str
    rdtype: str
    records: tuple[dns.rdata.Rdata, ...] = ()
    exists: bool = True

    @property
    def texts(self) -> list[str]:
        """TXT records as their strings joined (RFC 7208 3.3 joins them with nothing between)."""
        return ["".join(parts) for parts in self.txt_parts]

    @property
    def txt_parts(self) -> list[tuple[str, ...]]:
        return [
            tuple(part.decode("utf-8", "replace") for part in getattr(record, "strings", ()))
            for record in self.records
        ]


class Deadline:
    """The time left for one whole check; every lookup in it gets at most this much."""

    def __init__(self, budget_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._end = clock() + budget_s

    def remaining(self) -> float:
        return self._end - self._clock()


def _failure_reason(error: dns.resolver.NoNameservers) -> str:
    """REFUSED or SERVFAIL from every server, read from what dnspython collected."""
    for item in error.kwargs.get("errors", []):
        response = item[-1] if isinstance(item, tuple) else None
        if isinstance(response, dns.message.Message):
            code = response.rcode()
            if code == dns.rcode.REFUSED:
                return "refused"
            if code == dns.rcode.SERVFAIL:
                return "servfail"
    return "dns_error"


class Lookup:
    """One per process: shared by every check so that their answers are shared too."""

    def __init__(self, config: DnsConfig, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self._clock = clock
        self._cache: dict[tuple[str, ...], tuple[float, Answer]] = {}
        self._lock = threading.Lock()
        self._queries = 0
        self._resolver: dns.resolver.Resolver | None = None
        try:
            self._resolver = dns.resolver.Resolver(configure=not config.servers)
        except dns.resolver.NoResolverConfiguration:
            self._resolver = None
        if self._resolver is not None:
            if config.servers:
                self._resolver.nameservers = [
                    dns.nameserver.Do53Nameserver(server.address, server.port)
                    for server in config.servers
                ]
            # Each server gets its share of half a lookup's time: a dead first resolver leaves
            # time to ask the next, and a lost datagram time to ask again.
            count = max(1, len(self._resolver.nameservers))
            self._resolver.timeout = config.lookup_timeout_s / (2 * count)
            self._resolver.cache = None

    @property
    def queries_sent(self) -> int:
        """Lookups that went to a DNS server (cache hits are not counted)."""
        with self._lock:
            return self._queries

    def deadline(self) -> Deadline:
        return Deadline(self.config.check_budget_s, self._clock)

    def _cached(self, key: tuple[str, ...]) -> Answer | None:
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] > self._clock():
                return hit[1]
            return None

    def _keep(self, key: tuple[str, ...], answer: Answer) -> Answer:
        with self._lock:
            self._cache[key] = (self._clock() + self.config.cache_seconds, answer)
            if len(self._cache) > 20_000:
                # Bounded memory: expired entries go first, then the oldest half.
                now = self._clock()
                self._cache = {k: v for k, v in self._cache.items() if v[0] > now}
                if len(self._cache) > 10_000:
                    self._cache = dict(list(self._cache.items())[-10_000:])
        return answer

    def _time_for(self, name: str, deadline: Deadline | None) -> float:
        limit = self.config.lookup_timeout_s
        if deadline is not None:
            limit = min(limit, deadline.remaining())
        if limit <= 0:
            raise LookupFailedError("out_of_time", name)
        return limit

    def _count(self) -> None:
        with self._lock:
            self._queries += 1

    def query(self, name: str, rdtype: str, deadline: Deadline | None = None) -> Answer:
        """Records of `rdtype` at `name`, following CNAMEs; LookupFailedError when none came."""
        key = (name.lower().rstrip("."), rdtype)
        cached = self._cached(key)
        if cached is not None:
            return cached
        if self._resolver is None:
            raise LookupFailedError("no_resolver", name)
        target = key[0]
        for _ in range(MAX_CNAME_HOPS):
            lifetime = self._time_for(name, deadline)
            self._count()
            try:
                answer = self._resolver.resolve(
                    target, rdtype, lifetime=lifetime, raise_on_no_answer=False, search=False
                )
            except dns.resolver.NXDOMAIN:
                return self._keep(key, Answer(key[0], rdtype, exists=False))
            except dns.resolver.LifetimeTimeout:
                raise LookupFailedError("timeout", name) from None
            except dns.resolver.NoNameservers as error:
                raise LookupFailedError(_failure_reason(error), name) from None
            except dns.exception.DNSException:
                raise LookupFailedError("dns_error", name) from None
            if answer.rrset is not None:
                return self._keep(key, Answer(key[0], rdtype, tuple(answer.rrset)))
            canonical = answer.canonical_name.to_text(omit_final_dot=True).lower()
            if canonical == target:
                return self._keep(key, Answer(key[0], rdtype))
            # The server gave the CNAME but not what it points to: ask for the target.
            target = canonical
        raise LookupFailedError("dns_error", name)

    def ask_authority(
        self, address: str, zone: str, rdtype: str, deadline: Deadline | None = None
    ) -> Answer:
        """Ask one of a zone's own name servers directly, without recursion."""
        key = ("@" + address, zone.lower(), rdtype)
        cached = self._cached(key)
        if cached is not None:
            return cached
        timeout = self._time_for(zone, deadline)
        request = dns.message.make_query(zone, rdtype)
        request.flags &= ~dns.flags.RD
        self._count()
        try:
            response, _ = dns.query.udp_with_fallback(
                request, address, timeout=timeout, port=self.config.authority_port
            )
        except dns.exception.Timeout:
            raise LookupFailedError("timeout", zone) from None
        except (dns.exception.DNSException, OSError):
            raise LookupFailedError("dns_error", zone) from None
        code = response.rcode()
        if code == dns.rcode.REFUSED or (
            code == dns.rcode.NOERROR and not response.flags & dns.flags.AA
        ):
            raise LookupFailedError("refused", zone)
        if code != dns.rcode.NOERROR:
            raise LookupFailedError("servfail", zone)
        wanted = dns.rdatatype.from_text(rdtype)
        records: tuple[dns.rdata.Rdata, ...] = ()
        for rrset in response.answer:
            if rrset.rdtype == wanted:
                records = tuple(rrset)
        return self._keep(key, Answer(zone.lower(), rdtype, records))
