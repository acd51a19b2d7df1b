"""The receiving server's reply as it was written, cut from a pasted message without the
person's own words around it."""

from __future__ import annotations

import re

_REPLY_PREFIX = re.compile(r"\s*([245]\d\d)[ -]")
_CLOSERS = {"'": "'", '"': '"', "`": "`", "(": ")", "“": "”", "‘": "’"}
# A reply ends where the person starts talking again: a sentence that opens with their words.
_COMMENTARY = re.compile(
    r"[.!?]\s+(?=(?:what|how|why|who|can|could|is|are|any|anything|we|i|they|she|he|but|so|"
    r"still|and|then|our|my|the customer|customer|pls|please help|help|thanks|now)\b)",
    re.I,
)
_MAX_FOLLOWING = 8


def _reply_part(line: str, start: int) -> str:
    """The reply within its line: a quoted or bracketed reply ends at its closing mark, and a
    reply ends before the sentence where the person's commentary begins."""
    opener = line[start - 1] if start > 0 else ""
    closer = _CLOSERS.get(opener)
    end = line.find(closer, start) if closer else -1
    part = line[start : end if end > 0 else len(line)]
    commentary = _COMMENTARY.search(part)
    if commentary is not None:
        part = part[: commentary.start() + 1]
    return part.strip().rstrip("`'\"")


def _start(line: str, basic: str | None, enhanced: str | None) -> int:
    """Where the reply starts: its basic code when present (not a `dsn=` field before it)."""
    if basic:
        match = re.search(rf"(?<![\w.=]){basic}[ -]", line)
        if match:
            return match.start()
    if enhanced:
        match = re.search(rf"(?<![\w.=]){re.escape(enhanced)}\b", line)
        if match:
            return match.start()
        position = line.find(enhanced)
        if position >= 0:
            return position
    return line.find(basic) if basic else -1


def reply_from_text(text: str, basic: str | None, enhanced: str | None) -> str | None:
    """The line of a pasted message that carries the SMTP reply, with its continuation lines.

    Only codes the triage recognised count: a "422" from an HTTP API is no SMTP reply.
    """
    if not (basic or enhanced):
        return None
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not ((basic and basic in line) or (enhanced and enhanced in line)):
            continue
        start = _start(line, basic, enhanced)
        if start < 0:
            continue
        picked = [_reply_part(line, start)]
        prefix = _REPLY_PREFIX.match(line, start)
        # Multi-line replies repeat the basic code on every line ("550-5.7.26 ...").
        for following in lines[index + 1 : index + 1 + _MAX_FOLLOWING]:
            if prefix is None or not following.lstrip().startswith(prefix.group(1)):
                break
            picked.append(following.strip())
        return " ".join(picked)
    return " ".join(code for code in (basic, enhanced) if code)
