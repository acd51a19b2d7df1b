"""Pull every detail the triage and the IT checklist need out of one message."""

from __future__ import annotations

import re

from bot.codes.decisive import decisive_codes
from bot.codes.parse import StatusCodes, parse_status_codes
from bot.entities.addresses import Found, find_addresses, unique_addresses
from bot.entities.audience import mailbox_kind
from bot.entities.autoreply import read_auto_reply
from bot.entities.bounce import read_bounce
from bot.entities.bounce_model import Bounce
from bot.entities.dates import first_date
from bot.entities.domains import address_domains, at_domains, bare_domains, unique
from bot.entities.message_id import find_message_ids, first_message_id, queue_id
from bot.entities.model import Entities
from bot.entities.prepare import HEAD_CHARS, Message, prepare
from bot.entities.provider import recipient_provider
from bot.entities.provider_table import provider_of_host
from bot.entities.roles import sender_and_recipient
from bot.entities.subject import find_subject
from bot.entities.tried import already_tried
from bot.entities.typos import typo_hints
from bot.entities.verdicts import antispam_report, authentication_results

# Addresses a reply or a notice tells the sender to write to; they never name the recipient.
# delist@microsoft.com: Microsoft's NDR for 5.7.511 (see responses/codes.yaml).
_SERVICE_ADDRESS = re.compile(r"delist@microsoft\.com|abuse@|postmaster@", re.I)


def _blank_out(message: Message, spans: list[tuple[int, int]]) -> Message:
    """The message with each span replaced by spaces, so later scans do not read inside it."""
    if not spans:
        return message
    text, lower = message.text, message.lower
    text_pieces: list[str] = []
    lower_pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if start >= end:
            continue
        text_pieces += (text[position:start], " " * (end - start))
        lower_pieces += (lower[position:start], " " * (end - start))
        position = end
    text_pieces.append(text[position:])
    lower_pieces.append(lower[position:])
    return Message(text="".join(text_pieces), lower="".join(lower_pieces))


def _codes(
    text: str, bounce: Bounce | None, codes: StatusCodes | None
) -> tuple[str | None, str | None]:
    """A bounce's own reply and Status field decide; otherwise the codes of the whole text."""
    if bounce is not None and (bounce.reply or bounce.status):
        basic, enhanced = decisive_codes(bounce.reply) if bounce.reply else (None, None)
        status = parse_status_codes(f"status: {bounce.status}").decisive_enhanced
        if basic or enhanced or status:
            return basic, enhanced or status
    return decisive_codes(text, codes)


def extract_entities(
    text: str,
    *,
    status_codes: StatusCodes | None = None,
    not_typos: frozenset[str] = frozenset(),
) -> Entities:
    """Addresses, roles, provider, codes, date, subject, Message-ID and typo hints of `text`.

    A whole bounce (MIME, pasted, forwarded or a webhook event) is read for the message it
    returns. Only the first part of a long paste is read (see `prepare.MAX_SCAN_CHARS`), every
    value is capped in length, and no text makes this raise. A caller that has parsed the status
    codes of the same text passes them as `status_codes` to save parsing them twice.
    """
    message = prepare(text)
    if not message.text.strip():
        return Entities()
    bounce = read_bounce(message.text)
    auto = None if bounce else read_auto_reply(message.text, message.lower)
    ids = find_message_ids(message)
    found = find_addresses(message.text, skip=[(start, end) for start, end, _ in ids])
    aside = {auto.alternative_contact.lower()} if auto and auto.alternative_contact else set()
    people: list[Found] = [
        item
        for item in found
        if item.address.lower() not in aside and not _SERVICE_ADDRESS.match(item.address)
    ]
    if bounce is not None:
        sender, recipient = bounce.sender, bounce.recipient
    else:
        sender, recipient = sender_and_recipient(message, people)
    # What is left once addresses and ids are blanked: the provider named in words, domains
    # written on their own, dates (a Message-ID is full of digits).
    rest = _blank_out(
        message,
        [(item.start, item.end) for item in found]
        + [(s, e) for s, e, _ in ids]
        + list(auto.spans if auto else ()),
    )
    domains = unique(address_domains(found) + at_domains(rest.lower))
    smtp_code, enhanced_code = _codes(message.text, bounce, status_codes)
    antispam = antispam_report(message.lower) if "antispam" in message.lower else {}
    provider = recipient_provider(recipient, rest.lower)
    remote = bounce.remote_mta if bounce else None
    if provider is None and remote is not None:
        provider = (provider_of_host(remote) or (None, False))[0]
    if provider is None and antispam:
        # Only Exchange Online writes X-Forefront-Antispam-Report on the mail it receives.
        provider = "microsoft"
    return Entities(
        sender=sender,
        recipient=recipient,
        addresses=unique_addresses(found),
        domains=domains,
        provider=provider,
        mailbox=mailbox_kind(recipient, rest.lower, remote),
        smtp_code=smtp_code,
        enhanced_code=enhanced_code,
        reply=bounce.reply if bounce else None,
        date=bounce.date if bounce else first_date(rest),
        subject=bounce.subject if bounce else find_subject(message),
        message_id=bounce.message_id if bounce else first_message_id(ids),
        queue_id=(bounce.queue_id if bounce else None) or queue_id(message.text),
        bounce_layout=bounce.layout if bounce else None,
        reporting_mta=bounce.reporting_mta if bounce else None,
        remote_mta=remote,
        return_date=auto.return_date if auto else None,
        alternative_contact=auto.alternative_contact if auto else None,
        authentication=tuple(authentication_results(message.lower).items())
        if "authentication-results" in message.lower
        else (),
        antispam=tuple(antispam.items()),
        tried=already_tried(message.lower),
        typo_hints=typo_hints([*domains, *bare_domains(rest.lower[:HEAD_CHARS])], not_typos),
    )
