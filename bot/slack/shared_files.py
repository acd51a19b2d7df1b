"""Bounce files that came with a message: their text for triage, and a line saying what was read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.web import WebClient

from bot.slack import wording
from bot.slack.case import details_of
from bot.slack.deps import Deps
from bot.slack.files import MAX_FILE_BYTES, FileReader, Problem, shared_file_ids
from bot.slack.replies import Outlet

TEMPLATE = "slack/conversation.j2"
# What the line above the answer names, in this order, when the file held it.
NAMED_DETAILS = ("recipient", "sender", "smtp_reply", "date", "subject", "message_id")
NAMED_CHARS = 120


@dataclass(frozen=True, slots=True)
class FromFiles:
    text: str = ""
    note: str | None = None
    # True when files came and none of them could be read (the person was told why).
    all_failed: bool = False


def read_shared_files(
    deps: Deps, client: WebClient, event: dict[str, Any], outlet: Outlet, *, surface: str
) -> FromFiles:
    """Read the message's bounce files; problems are told to the person, privately."""
    file_ids = shared_file_ids(event)
    if not file_ids:
        return FromFiles()
    reader = FileReader(
        client,
        api_url=deps.settings.slack_api_url,
        surface=surface,
        channel=str(event.get("channel", "")),
    )
    texts: list[str] = []
    notes: list[str] = []
    for read in reader.read_all(file_ids):
        if read.problem is not None or read.text is None:
            problem = read.problem or Problem.UNREADABLE
            extra = {"limit_kb": MAX_FILE_BYTES // 1000} if problem is Problem.TOO_BIG else {}
            outlet.notice(deps.texts.say(TEMPLATE, problem.value, name=read.name, **extra))
            continue
        texts.append(read.text)
        found = details_of(deps.engine.triage(read.text).entities, read.text)
        named = [
            (wording.CHECKLIST_FIELDS[name].lower(), _short(found[name]))
            for name in NAMED_DETAILS
            if found.get(name)
        ]
        macro = "file_found" if named else "file_nothing"
        notes.append(deps.texts.say(TEMPLATE, macro, name=read.name, found=named))
    return FromFiles(
        text="\n".join(texts),
        note="\n".join(notes) or None,
        all_failed=not texts,
    )


def _short(value: str) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= NAMED_CHARS else flat[: NAMED_CHARS - 1] + "…"
