"""What a whole bounce says about the message it returns, kept apart from the notice itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from email.utils import getaddresses

# A bounce speaks for a mail server; these mailboxes never sent or missed the original.
SYSTEM_LOCAL = re.compile(
    r"(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|microsoftexchange[0-9a-f]*|bounces?)\Z",
    re.I,
)
_ADDRESS = re.compile(r"[A-Za-z0-9._%+'=-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}")
_SPACES = re.compile(r"\s+")
MAX_FIELD_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Bounce:
    """The case a non-delivery report, a delivery status notice or a webhook event describes.

    `layout` names the mail system or service whose format was read. `reply` is the receiving
    server's own words; `queue_id` is an id a server or service gave the message (never an
    address or a Message-ID).
    """

    layout: str
    recipient: str | None = None
    sender: str | None = None
    subject: str | None = None
    message_id: str | None = None
    date: str | None = None
    status: str | None = None
    reply: str | None = None
    remote_mta: str | None = None
    reporting_mta: str | None = None
    queue_id: str | None = None

    def filled_from(self, other: Bounce) -> Bounce:
        """This reading, with blanks taken from another reading of the same bounce."""
        changes = {
            name: getattr(other, name)
            for name in self.__dataclass_fields__
            if getattr(self, name) is None and getattr(other, name) is not None
        }
        return replace(self, **changes) if changes else self


def one_line(value: object) -> str | None:
    """A field value as one line of text, or None when it is empty or not text."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    return text[:MAX_FIELD_CHARS] or None


def address_in(value: object) -> str | None:
    """The first person's address in a header value (`"Kim" <kim@x.com>`, `rfc822; kim@x.com`)."""
    text = one_line(value)
    if text is None:
        return None
    if ";" in text and text.lower().startswith(("rfc822", "x-", "utf-8")):
        text = text.split(";", 1)[1]
    for _, address in getaddresses([text]):
        if _ADDRESS.fullmatch(address):
            return address
    match = _ADDRESS.search(text)
    return match.group(0) if match else None


def is_system(address: str | None) -> bool:
    return address is not None and SYSTEM_LOCAL.match(address.partition("@")[0]) is not None


def without_type(value: object) -> str | None:
    """A DSN field without its type prefix: `smtp; 550 ...` gives `550 ...`, `dns; mx.x` `mx.x`."""
    text = one_line(value)
    if text is None:
        return None
    head, separator, rest = text.partition(";")
    if separator and re.fullmatch(r"\s*[A-Za-z0-9-]{1,20}\s*", head):
        return rest.strip() or None
    return text
