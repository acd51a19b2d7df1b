"""Runs of `Name: value` lines in pasted text, read with the standard library's header parser.

A pasted bounce holds several such runs: the notice's own headers, the delivery-status fields,
the returned original's headers, and sometimes a forwarding client's "From/Sent/To" block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message as EmailMessage
from email.parser import HeaderParser
from email.policy import compat32

# A header line: a field name, a colon, and a value (Exchange puts some values on the next line).
_FIELD = re.compile(r"([A-Za-z][A-Za-z0-9-]{0,60})[ \t]*:(?:[ \t]+|$)")
# Forwarding and quoting put these before every line of what they quote.
_QUOTE = re.compile(r"^(?:[ \t]*>)+[ \t]?")
# Fields of a message's head; a run needs two of them to count as a message's headers.
_MESSAGE_FIELDS = frozenset(
    {"from", "to", "cc", "subject", "date", "sent", "message-id", "reply-to", "return-path"}
)
_MAX_BLOCKS = 40
_MAX_BLOCK_LINES = 400


@dataclass(frozen=True, slots=True)
class HeaderBlock:
    """One run of header lines: where it starts and ends in the text, and its fields."""

    start: int
    end: int
    fields: EmailMessage

    def get(self, name: str) -> str | None:
        value = self.fields.get(name)
        if value is None:
            return None
        text = " ".join(str(value).split())
        return text or None

    @property
    def names(self) -> frozenset[str]:
        return frozenset(key.lower() for key in self.fields)

    @property
    def is_message_head(self) -> bool:
        return len(self.names & _MESSAGE_FIELDS) >= 2


def unquote(text: str) -> str:
    """The text with `> ` quoting removed from every line; line count and order stay the same."""
    if ">" not in text:
        return text
    return "\n".join(_QUOTE.sub("", line) for line in text.split("\n"))


def _is_field(line: str) -> bool:
    match = _FIELD.match(line)
    return match is not None and not line.lower().startswith(("http:", "https:", "mailto:"))


def header_blocks(text: str) -> list[HeaderBlock]:
    """Every run of two or more header lines (continuations included), in order."""
    lines = text.split("\n")
    blocks: list[HeaderBlock] = []
    offsets: list[int] = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    index = 0
    parser = HeaderParser(policy=compat32)
    while index < len(lines) and len(blocks) < _MAX_BLOCKS:
        if not _is_field(lines[index].lstrip(" \t") if index == 0 else lines[index]):
            index += 1
            continue
        first = index
        taken: list[str] = []
        while index < len(lines) and len(taken) < _MAX_BLOCK_LINES:
            line = lines[index].rstrip("\r")
            if _is_field(line) or (taken and line[:1] in (" ", "\t") and line.strip()):
                taken.append(line)
            elif taken and taken[-1].rstrip().endswith(":") and line.strip():
                # Pasting from a mail client can drop the indent of a value on its own line.
                taken.append(" " + line.strip())
            else:
                break
            index += 1
        fields = sum(1 for line in taken if _is_field(line))
        if fields >= 2:
            parsed = parser.parsestr("\n".join(taken) + "\n\n", headersonly=True)
            end = offsets[index] if index < len(lines) else len(text)
            blocks.append(HeaderBlock(start=offsets[first], end=end, fields=parsed))
        if index == first:
            index += 1
    return blocks
