"""Verdicts pasted from a received copy's headers: Authentication-Results and Microsoft's
X-Forefront-Antispam-Report / X-Microsoft-Antispam.

Field meanings: RFC 8601 (Authentication-Results) and Microsoft, "Anti-spam message headers"
(https://learn.microsoft.com/en-us/defender-office-365/message-headers-eop-mdo).
"""

from __future__ import annotations

import re

# Patterns run on the lower-cased text; each header value runs to the next header line.
_AUTH_HEADER = re.compile(
    r"authentication-results\s*:(.{1,2000}?)(?=\n\S[\w-]*\s*:|\n\s*\n|\Z)", re.S
)
_AUTH_RESULT = re.compile(r"\b(spf|dkim|dmarc|compauth|arc)\s*=\s*([a-z]+)")
_FOREFRONT = re.compile(
    r"x-forefront-antispam-report\s*:(.{1,3000}?)(?=\n\S[\w-]*\s*:|\n\s*\n|\Z)", re.S
)
_MS_ANTISPAM = re.compile(r"x-microsoft-antispam\s*:(.{1,500}?)(?=\n\S[\w-]*\s*:|\n\s*\n|\Z)", re.S)
_PAIR = re.compile(r"\b([a-z]{2,8})\s*:\s*([^;\s]{0,64})\s*(?:;|\Z)")
# The Forefront fields an answer explains; the rest (PTR, H, SFS ...) mean nothing to a reader.
_FOREFRONT_KEYS = ("scl", "sfv", "cat", "ipv", "cip", "ctry", "dir")


def authentication_results(lower: str) -> dict[str, str]:
    """spf, dkim, dmarc (and compauth, arc) results from every pasted Authentication-Results."""
    results: dict[str, str] = {}
    for header in _AUTH_HEADER.finditer(lower):
        for method, result in _AUTH_RESULT.findall(header.group(1)):
            results.setdefault(method, result)
    return results


def antispam_report(lower: str) -> dict[str, str]:
    """SCL, SFV, CAT, IPV, CIP, CTRY, DIR from X-Forefront-Antispam-Report; BCL if pasted."""
    fields: dict[str, str] = {}
    header = _FOREFRONT.search(lower)
    if header is not None:
        value = " ".join(header.group(1).split())
        pairs = dict(_PAIR.findall(value))
        fields.update({key: pairs[key].upper() for key in _FOREFRONT_KEYS if pairs.get(key)})
    extra = _MS_ANTISPAM.search(lower)
    if extra is not None:
        bcl = re.search(r"\bbcl\s*:\s*(\d)", extra.group(1))
        if bcl:
            fields["bcl"] = bcl.group(1)
    return fields
