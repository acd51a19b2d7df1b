"""What a template sees: cleaned details wrapped as user values, plus facts derived from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.codes.decisive import decisive_codes
from bot.codes.table import CodeTable
from bot.entities.model import TypoHint
from bot.entities.provider import provider_of_domain
from bot.entities.provider_table import Platform, platforms, providers
from bot.render.details import CaseDetails, clean
from bot.render.markup import BLANK, user

# A time zone written after a time: UTC, GMT, an offset, a Z suffix or an abbreviation like CEST.
_ZONE = re.compile(r"(\b(UTC|GMT|Z)\b|\d(Z|[+-]\d\d:?\d\d)\b|[+-]\d\d:?\d\d\b|\b[A-Z]{1,4}T\b)")


@dataclass(frozen=True, slots=True)
class Shown:
    """The details as templates print them: each value wrapped as a user value, or None."""

    sender: str | None
    recipient: str | None
    sender_domain: str | None
    recipient_domain: str | None
    domain: str | None
    date: str | None
    subject: str | None
    message_id: str | None
    smtp_reply: str | None
    queue_id: str | None
    return_date: str | None
    alternative_contact: str | None
    # The receiving mail server's host name, only when it is one: it goes into commands.
    mail_server: str | None


def domain_of(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1].strip().strip(">").lower()
    return domain or None


def consumer_provider(domain: str | None) -> str | None:
    """The provider of a consumer mailbox domain (hotmail.co.uk is microsoft), else None.

    Such a mailbox has no IT team of its own, so answers speak to the person instead.
    """
    return provider_of_domain(domain) if domain else None


# A host name (or IPv4 address) as a reply or a DSN's Remote-MTA names the receiving server.
_HOST = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def mail_server(remote_mta: str | None) -> str | None:
    """The host of a Remote-MTA such as `mx.contoso.com [192.0.2.7]`, or None if there is none
    safe to put into a command line."""
    if not remote_mta:
        return None
    first = remote_mta.split()[0].strip("[]").rstrip(".").lower()
    return first if _HOST.fullmatch(first) or _IPV4.fullmatch(first) else None


def _wrap(value: str | None) -> str | None:
    return user(value) if value else None


def reply_codes(reply: str | None) -> tuple[str | None, str | None]:
    """The deciding basic and enhanced codes of an SMTP reply."""
    return decisive_codes(reply) if reply else (None, None)


def _our_domain(
    sender_domain: str | None, recipient_domain: str | None, domains: tuple[str, ...]
) -> str | None:
    """The sending domain: the sender's, else a named domain that is not the recipient's."""
    if sender_domain:
        return sender_domain
    for domain in domains:
        if domain != recipient_domain and consumer_provider(domain) is None:
            return clean(domain)
    return None


_TOKEN = re.compile(r"-?[A-Za-z0-9]{1,12}")


def _verdicts(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    # Verdict values are short tokens (SPM, NLI, 5, pass); anything else is dropped, so what
    # remains can be looked up and printed without any escaping concern.
    return {key: value for key, value in pairs if _TOKEN.fullmatch(value)}


def _platform(
    recipient_platform: str | None, provider: str | None, mailbox: str | None
) -> Platform | None:
    """The recipient's mail platform: what its MX records name, else the company service of a
    provider known otherwise (a Microsoft 365 tenant named in the message)."""
    if recipient_platform:
        return platforms().get(recipient_platform)
    row = providers().get(provider or "")
    if mailbox == "company" and row is not None and row.mx_company:
        return platforms().get(row.platform)
    return None


def _platform_facts(platform: Platform | None) -> dict[str, str] | None:
    # Names come from providers.yaml, never from DNS; a template needs no more than these.
    if platform is None:
        return None
    return {"id": platform.id, "name": platform.name, "kind": platform.kind}


def template_context(
    *,
    intent_id: str,
    title: str,
    details: CaseDetails,
    codes: CodeTable,
    typo_hints: tuple[TypoHint, ...] = (),
    domains: tuple[str, ...] = (),
    smtp_code: str | None = None,
    enhanced_code: str | None = None,
    tried: tuple[str, ...] = (),
    antispam: tuple[tuple[str, str], ...] = (),
    authentication: tuple[tuple[str, str], ...] = (),
    recipient_platform: str | None = None,
) -> dict[str, Any]:
    """The variables every answer and checklist template can use.

    `recipient_platform` is the id of the mail platform the recipient's domain runs on, named
    from its MX records (microsoft365, google_workspace, proofpoint, mimecast ...), or None;
    templates see it as {id, name, kind} (kind: mailbox, gateway or relay).
    """
    sender_domain = domain_of(details.sender)
    recipient_domain = domain_of(details.recipient)
    if not (smtp_code or enhanced_code):
        smtp_code, enhanced_code = reply_codes(details.smtp_reply)
    consumer = consumer_provider(recipient_domain)
    # A consumer domain's own provider decides; otherwise what the MX records say beats a
    # provider guessed from the wording of the message (a Microsoft 365 tenant is microsoft).
    mx_platform = None if consumer else platforms().get(recipient_platform or "")
    platform_provider = mx_platform.mailbox_provider if mx_platform else None
    provider = consumer or platform_provider or details.provider
    mailbox = details.mailbox
    if recipient_domain:
        mailbox = "consumer" if consumer else "company"
    code = codes.explain(smtp_code, enhanced_code, details.smtp_reply, provider)
    if provider is None and code.decisive and code.row is not None:
        # A provider's own code names the provider: `250 2.6.0 ... Queued` is Microsoft's.
        provider = code.row.provider
    shown = Shown(
        sender=_wrap(details.sender),
        recipient=_wrap(details.recipient),
        sender_domain=_wrap(clean(sender_domain)),
        recipient_domain=_wrap(clean(recipient_domain)),
        domain=_wrap(_our_domain(sender_domain, recipient_domain, domains)),
        date=_wrap(details.date),
        subject=_wrap(details.subject),
        message_id=_wrap(details.message_id),
        smtp_reply=_wrap(details.smtp_reply),
        queue_id=_wrap(details.queue_id),
        return_date=_wrap(details.return_date),
        alternative_contact=_wrap(details.alternative_contact),
        mail_server=_wrap(mail_server(details.remote_mta)),
    )
    hints = [
        {"domain": user(domain), "suggestion": user(suggestion)}
        for hint in typo_hints
        if (domain := clean(hint.domain)) and (suggestion := clean(hint.suggestion))
    ]
    return {
        "intent": {"id": intent_id, "title": title},
        "d": shown,
        "known": frozenset(details.known),
        "date_has_zone": bool(details.date and _ZONE.search(details.date)),
        "provider": provider,
        "mailbox": mailbox,
        "code": code,
        "tried": frozenset(tried),
        # Verdict values are short tokens (SPM, NLI, pass); only known keys reach templates.
        "antispam": _verdicts(antispam),
        "auth": _verdicts(authentication),
        "typo_hints": hints,
        "blank": BLANK,
        # Who reads the text; the checklist template sets it to recipient_it for IT teams.
        "reader": "sender",
        "recipient_platform": None
        if consumer
        else _platform_facts(_platform(recipient_platform, provider, mailbox)),
    }
