"""Who runs a domain's mail (named from its MX hosts) and its DNS (named from its NS hosts).

Mail platforms come from the one providers table, responses/providers.yaml, where each row
cites its source; each name-server entry below is a host-name suffix from the DNS provider's
own documentation, cited beside it.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.entities.provider_table import platform_of_host

# NS host suffix -> DNS provider id, from each provider's name-server documentation.
NS_PROVIDERS: tuple[tuple[str, str], ...] = (
    (".ns.cloudflare.com", "cloudflare"),  # developers.cloudflare.com/dns/nameservers
    (".domaincontrol.com", "godaddy"),  # GoDaddy help: ns??.domaincontrol.com
    (".vercel-dns.com", "vercel"),  # vercel.com/docs/projects/domains: ns1.vercel-dns.com
    (".registrar-servers.com", "namecheap"),  # Namecheap: dns1.registrar-servers.com
    (".googledomains.com", "google_cloud_dns"),  # cloud.google.com/dns: ns-cloud-a1...
    (".digitalocean.com", "digitalocean"),  # docs.digitalocean.com: ns1.digitalocean.com
    (".nsone.net", "ns1"),  # NS1 (IBM), also behind Netlify DNS: dns1.p01.nsone.net
    (".dnsimple.com", "dnsimple"),
    (".gandi.net", "gandi"),
    (".ovh.net", "ovh"),
    (".hetzner.com", "hetzner"),
    (".ui-dns.com", "ionos"),
    (".ui-dns.de", "ionos"),
    (".wixdns.net", "wix"),
    (".squarespacedns.com", "squarespace"),
    (".porkbun.com", "porkbun"),
)
# Route 53 and Azure DNS put the provider in the middle of the host name:
# ns-123.awsdns-45.com (docs.aws.amazon.com/Route53) and ns1-01.azure-dns.com (learn.microsoft.com).
NS_INFIXES: tuple[tuple[str, str], ...] = ((".awsdns-", "route53"), (".azure-dns.", "azure_dns"))


def _by_suffix(host: str, table: Iterable[tuple[str, str]]) -> str | None:
    name = host.lower().rstrip(".")
    for suffix, provider in table:
        if name == suffix.lstrip(".") or name.endswith(suffix) or name == suffix:
            return provider
    return None


def mx_platform(host: str) -> str | None:
    platform = platform_of_host(host.rstrip("."))
    return platform.id if platform is not None else None


def platform_of(hosts: Iterable[str]) -> str | None:
    """The platform most of the MX hosts belong to (the first one named on a tie)."""
    counts: dict[str, int] = {}
    for host in hosts:
        platform = mx_platform(host)
        if platform is not None:
            counts[platform] = counts.get(platform, 0) + 1
    return max(counts, key=lambda name: counts[name]) if counts else None


def dns_provider(host: str) -> str | None:
    name = "." + host.lower().rstrip(".")
    for infix, provider in NS_INFIXES:
        if infix in name:
            return provider
    return _by_suffix(host, NS_PROVIDERS)
