"""Who runs a domain's mail (named from its MX hosts) and its DNS (named from its NS hosts).

Each entry is a host-name suffix from the provider's own setup documentation, cited beside it.
"""

from __future__ import annotations

from collections.abc import Iterable

# MX host suffix -> mail platform id (the names shown are in responses/check/words.j2).
MX_PLATFORMS: tuple[tuple[str, str], ...] = (
    # Microsoft 365: "<domain>.mail.protection.outlook.com" (learn.microsoft.com/microsoft-365/
    # enterprise/external-domain-name-system-records). Outlook.com's own consumer domains use
    # "*.olc.protection.outlook.com", which is Microsoft's consumer service.
    (".olc.protection.outlook.com", "outlook_consumer"),
    (".mail.protection.outlook.com", "microsoft365"),
    # Google Workspace: smtp.google.com, or the older aspmx.l.google.com set
    # (support.google.com/a/answer/140034).
    ("smtp.google.com", "google_workspace"),
    ("aspmx.l.google.com", "google_workspace"),
    (".aspmx.l.google.com", "google_workspace"),
    (".googlemail.com", "google_workspace"),
    # Proofpoint: "*.pphosted.com" (Proofpoint Enterprise) and "*.ppe-hosted.com"
    # (Proofpoint Essentials), per Proofpoint's MX set-up guides.
    (".pphosted.com", "proofpoint"),
    (".ppe-hosted.com", "proofpoint"),
    # Mimecast: "<region>-smtp-inbound-N.mimecast.com" (Mimecast's "MX records" knowledge base).
    (".mimecast.com", "mimecast"),
    (".mimecast.co.za", "mimecast"),
    # Cisco Secure Email (IronPort) cloud: "*.iphmx.com".
    (".iphmx.com", "cisco_secure_email"),
    # Barracuda Email Protection: "*.ess.barracudanetworks.com".
    (".barracudanetworks.com", "barracuda"),
    # Broadcom (Symantec) Email Security.cloud: "*.messagelabs.com".
    (".messagelabs.com", "symantec_email_security"),
    # Amazon SES: inbound-smtp.<region>.amazonaws.com receives; feedback-smtp.<region>.
    # amazonses.com takes bounces for a sending subdomain (seed 003).
    (".amazonaws.com", "amazon_ses"),
    (".amazonses.com", "amazon_ses"),
    # Zoho Mail: mx.zoho.com, mx.zoho.eu ...
    # (zoho.com/mail/help/adminconsole/configure-email-delivery.html).
    (".zoho.com", "zoho"),
    (".zoho.eu", "zoho"),
    # Yahoo and AOL consumer mail: "*.yahoodns.net".
    (".yahoodns.net", "yahoo"),
    # iCloud Mail custom domains: mx01.mail.icloud.com (support.apple.com/en-us/102374).
    (".mail.icloud.com", "icloud"),
    # Fastmail: in1-smtp.messagingengine.com (fastmail.help, "DNS records for your domain").
    (".messagingengine.com", "fastmail"),
    # Proton Mail: mail.protonmail.ch (proton.me/support/custom-domain).
    (".protonmail.ch", "proton"),
    # Cloudflare Email Routing: route1.mx.cloudflare.net (developers.cloudflare.com/email-routing).
    (".mx.cloudflare.net", "cloudflare_email_routing"),
    # GoDaddy (Workspace Email / Microsoft 365 from GoDaddy): mailstore1.secureserver.net.
    (".secureserver.net", "godaddy"),
)

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
    return _by_suffix(host, MX_PLATFORMS)


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
