"""Reading `/mailhelp <text>`: a subcommand word, or a topic, or a question to triage."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verb(StrEnum):
    HELP = "help"
    WATCH = "watch"
    UNWATCH = "unwatch"
    STATS = "stats"
    CHECKLIST = "checklist"
    SHARE = "share"
    CHECK = "check"
    ASK = "ask"


# Beyond this many words the text is a description of a problem, not the name of a topic.
TOPIC_MAX_WORDS = 3
_SUBCOMMANDS = {verb.value: verb for verb in Verb if verb is not Verb.ASK}
_SUBCOMMANDS.update({"?": Verb.HELP, "usage": Verb.HELP, "topics": Verb.HELP})


@dataclass(frozen=True, slots=True)
class Command:
    verb: Verb
    rest: str

    @property
    def could_be_topic(self) -> bool:
        return self.verb in (Verb.ASK, Verb.SHARE) and 0 < len(self.rest.split()) <= TOPIC_MAX_WORDS


def parse_command(text: str) -> Command:
    stripped = " ".join(text.split()) if len(text) < 200 else text.strip()
    if not stripped:
        return Command(Verb.HELP, "")
    head, _, tail = stripped.partition(" ")
    verb = _SUBCOMMANDS.get(head.lower())
    if verb is None:
        return Command(Verb.ASK, stripped)
    if verb is Verb.SHARE and not tail.strip():
        return Command(Verb.HELP, "")
    return Command(verb, tail.strip())
