"""Email addresses in free text: where each one is, lower-cased domain, duplicates dropped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_ADDRESS_CHARS = 254
MAX_LOCAL_CHARS = 64
# A pasted list of thousands of addresses needs no more than this to be triaged; a run of "@"
# signs in junk input stops being examined after this many.
MAX_ADDRESSES = 200
_MAX_AT_SIGNS = 1_000

# Read backwards from the "@": the characters people's mailbox names use in practice. Quotes,
# "=", "&" and "?" are left out so that `to='a@b'`, `from=a@b` and URLs do not leak into it.
_LOCAL_REVERSED = re.compile(rf"[A-Za-z0-9._%+'-]{{1,{MAX_LOCAL_CHARS + 1}}}")
_LOCAL_START = re.compile(r"[A-Za-z0-9_]")
_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9-]|\.[A-Za-z0-9])"
)


@dataclass(frozen=True, slots=True)
class Found:
    """One occurrence of an address in the text."""

    start: int
    end: int
    address: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


def _local_part(text: str, at: int) -> int | None:
    """Where the mailbox name before the "@" at `at` starts, or None when there is none."""
    window = text[max(0, at - MAX_LOCAL_CHARS - 1) : at][::-1]
    match = _LOCAL_REVERSED.match(window)
    if match is None:
        return None
    length = match.end()
    if length > MAX_LOCAL_CHARS:
        return None
    start = at - length
    # Trim punctuation that opened a quote or a sentence: "'bob@x.com'", "-bob@x.com".
    while start < at and not _LOCAL_START.match(text, start):
        start += 1
    return start if start < at else None


def find_addresses(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Found]:
    """Every address occurrence in order, leaving out the spans in `skip` (Message-IDs)."""
    found: list[Found] = []
    at = text.find("@")
    examined = 0
    while at != -1 and len(found) < MAX_ADDRESSES and examined < _MAX_AT_SIGNS:
        examined += 1
        start = _local_part(text, at) if at else None
        domain = _DOMAIN.match(text, at + 1) if start is not None else None
        if start is not None and domain is not None:
            end = domain.end()
            if not any(low <= start < high for low, high in skip):
                address = f"{text[start:at]}@{domain.group(0).lower()}"
                if len(address) <= MAX_ADDRESS_CHARS:
                    found.append(Found(start, end, address))
            at = text.find("@", end)
        else:
            at = text.find("@", at + 1)
    return found


def unique_addresses(found: list[Found]) -> tuple[str, ...]:
    """The addresses in order of first appearance; case never makes two addresses differ."""
    seen: dict[str, str] = {}
    for item in found:
        seen.setdefault(item.address.lower(), item.address)
        if len(seen) >= MAX_ADDRESSES:
            break
    return tuple(seen.values())
