"""Whether the recipient's mailbox is a consumer one (gmail.com, hotmail.com ...) or a company's.

A consumer mailbox has no IT team: the steps go to the sender and to the person. A company
mailbox has an administrator with logs, quarantine and rules.
"""

from __future__ import annotations

import re

from bot.entities.provider import provider_of_domain
from bot.entities.provider_table import company_host

CONSUMER = "consumer"
COMPANY = "company"

# Patterns run on the lower-cased text, addresses already blanked out.
_CONSUMER_WORDS = re.compile(
    r"\b(?:gmail|googlemail|hotmail|outlook\.com|live\.com|msn\.com|yahoo|ymail|aol|icloud"
    r"|me\.com|gmx|web\.de|comcast\.net)\b(?!\s+(?:workspace|tenant|365))"
    # Outlook.com's own block list (S3140/S3150) and iCloud's CS01 only refuse mail to consumer
    # mailboxes; see responses/codes.yaml for their sources.
    r"|\ba?s3(?:140|150)\b|\[cs0\d\]"
)
_COMPANY_WORDS = re.compile(
    r"\b(?:office\s?365|microsoft\s?365|m365|o365|exchange(?:\s+online)?|google\s+workspace"
    r"|g\s?suite|tenant|their it\b|it (?:team|department|admin)|mail admin|company (?:mail|domain)"
    r"|corporate|mimecast|proofpoint|barracuda)\b|\bgcdp\b"
)


def mailbox_kind(recipient: str | None, lower: str, remote_host: str | None = None) -> str | None:
    """consumer, company, or None when nothing tells."""
    if recipient:
        domain = recipient.rpartition("@")[2].lower()
        return CONSUMER if provider_of_domain(domain) else COMPANY
    host_is_company = company_host(remote_host)
    if host_is_company is not None:
        return COMPANY if host_is_company else None
    consumer = _CONSUMER_WORDS.search(lower)
    company = _COMPANY_WORDS.search(lower)
    if consumer and not company:
        return CONSUMER
    if company and not consumer:
        return COMPANY
    return None
