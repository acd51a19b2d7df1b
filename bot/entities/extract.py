"""Pull every detail the triage and the IT checklist need out of one message."""

from __future__ import annotations

from bot.entities.addresses import find_addresses, unique_addresses
from bot.entities.codes import decisive_codes
from bot.entities.dates import first_date
from bot.entities.domains import address_domains, at_domains, bare_domains, unique
from bot.entities.message_id import find_message_ids, first_message_id
from bot.entities.model import Entities
from bot.entities.prepare import HEAD_CHARS, Message, prepare
from bot.entities.provider import recipient_provider
from bot.entities.roles import sender_and_recipient
from bot.entities.subject import find_subject
from bot.entities.typos import typo_hints
from bot.intents.smtp import StatusCodes


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


def extract_entities(text: str, *, status_codes: StatusCodes | None = None) -> Entities:
    """Addresses, roles, provider, codes, date, subject, Message-ID and typo hints of `text`.

    Only the first part of a long paste is read (see `prepare.MAX_SCAN_CHARS`), every value is
    capped in length, and no text makes this raise. A caller that has parsed the status codes of
    the same text passes them as `status_codes` to save parsing them twice.
    """
    message = prepare(text)
    if not message.text.strip():
        return Entities()
    ids = find_message_ids(message)
    found = find_addresses(message.text, skip=[(start, end) for start, end, _ in ids])
    sender, recipient = sender_and_recipient(message, found)
    # What is left once addresses and ids are blanked: the provider named in words, domains
    # written on their own, dates (a Message-ID is full of digits).
    rest = _blank_out(
        message, [(item.start, item.end) for item in found] + [(s, e) for s, e, _ in ids]
    )
    domains = unique(address_domains(found) + at_domains(rest.lower))
    smtp_code, enhanced_code = decisive_codes(message.text, status_codes)
    return Entities(
        sender=sender,
        recipient=recipient,
        addresses=unique_addresses(found),
        domains=domains,
        provider=recipient_provider(recipient, rest.lower),
        smtp_code=smtp_code,
        enhanced_code=enhanced_code,
        date=first_date(rest),
        subject=find_subject(message),
        message_id=first_message_id(ids),
        typo_hints=typo_hints([*domains, *bare_domains(rest.lower[:HEAD_CHARS])]),
    )
