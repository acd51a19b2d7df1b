"""The subject line a message quotes: a `Subject:` header, or "subject 'PO 1182'" in prose."""

from __future__ import annotations

import re

from bot.entities.prepare import Message

MAX_SUBJECT_CHARS = 200

# Patterns run on the lower-cased text; the subject is sliced from the original.
_HEADER = re.compile(r"^[ \t>]*subject[ \t]*:[ \t]*(\S[^\n]{0,400})", re.M)
# The subject in quotes or brackets after the word: subject 'PO 1182', subject line "Your
# invoice", with the subject of (foo). A closing quote must end a word so that "Don't miss out"
# stays whole.
_QUOTED = re.compile(
    r"\bsubject(?:\s+line)?(?:\s+(?:is|was|of|reads|said|says))?\s*[:=]?\s*"
    r"(?:'([^\n]{1,400}?)'(?!\w)|\"([^\n]{1,400}?)\"|“([^\n]{1,400}?)”|‘([^\n]{1,400}?)’(?!\w)"
    r"|`([^\n]{1,400}?)`|\(([^()\n]{1,400})\))"
)
# "with subject Invoice 2291, sent at 9": unquoted, up to the end of the clause.
_WITH_SUBJECT = re.compile(
    r"\bwith\s+(?:the\s+)?subject(?:\s+line)?\s*:?\s+([^\s'\"“‘`(][^,;\n]{0,400}?)"
    r"(?=[,;\n]|\.\s|\.?$)"
)


def _span(match: re.Match[str]) -> tuple[int, int]:
    # Each alternative has one group, so the last group that matched holds the subject.
    group = match.lastindex or 1
    return match.start(group), match.end(group)


def find_subject(message: Message) -> str | None:
    text, lower = message.head, message.head_lower
    if "subject" not in lower:
        return None
    candidates: list[tuple[int, tuple[int, int]]] = []
    for pattern in (_HEADER, _QUOTED):
        match = pattern.search(lower)
        if match is not None:
            candidates.append((match.start(), _span(match)))
    if not candidates:
        match = _WITH_SUBJECT.search(lower)
        if match is not None:
            candidates.append((match.start(), _span(match)))
    for _, (start, end) in sorted(candidates):
        cleaned = text[start:end].strip()
        if cleaned:
            return cleaned[:MAX_SUBJECT_CHARS]
    return None
