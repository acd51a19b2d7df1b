"""The Slack app's buttons, help, prompts, form labels and error messages, read from the
templates in WORDING_FILES under responses/.

Answers come from bot.render, and the sentences with parts of their own (settings,
escalations, follow-ups) from bot.slack.texts. Each text below is a top-level `{% set %}` of
one of these templates, under its lower-case name; `{name}` slots in a text are filled in with
`str.format` by the code that sends it, with values it has escaped. The templates are read
once: from the responses directory the app was built with (`use`), else the shipped one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, TemplateError

from bot import DEFAULT_RESPONSES_DIR
from bot.render.environment import build_environment
from bot.render.errors import RenderSetupError

# The slash command as manifest.json registers it: a name, not wording.
COMMAND = "/mailhelp"
WORDING_FILES = (
    "slack/buttons.j2",
    "slack/help.j2",
    "slack/prompts.j2",
    "slack/checklist.j2",
    "slack/errors.j2",
)

# The texts, declared for type checkers; their values come from the templates (__getattr__).
CHECKLIST_BUTTON: str
HELPED_BUTTON: str
NOT_HELPED_BUTTON: str
ESCALATE_BUTTON: str
CORRECTION_PLACEHOLDER: str
SOMETHING_ELSE: str

HOME_TITLE: str
HELP_INTRO: str
HELP_USAGE: str
HELP_TOPICS: str
UNRECOGNISED: str
UNRECOGNISED_HINT: str

CLARIFY_QUESTION: str
CLARIFY_FALLBACK: str
PICKED_TOPIC: str
CORRECTED_TOPIC: str
CHOICE_EXPIRED: str
ALREADY_ANSWERED: str
THANKS_HELPED: str
ASK_CORRECTION: str
SOMETHING_ELSE_REPLY: str
WATCH_ON: str
WATCH_NEEDS_INVITE: str
WATCH_OFF: str
WATCH_NOT_HERE: str
STATS_HEADING: str
STATS_NONE: str
STATS_LINE: str

UNKNOWN_TOPIC_TITLE: str

CHECKLIST_TITLE: str
CHECKLIST_SUBMIT: str
CHECKLIST_CANCEL: str
CHECKLIST_INTRO: str
CHECKLIST_POSTED: str
CHECKLIST_DM_POSTED: str
CHECKLIST_FIELDS: dict[str, str]
NOT_AN_ADDRESS: str
CHECKLIST_NEEDS_TOPIC: str

SOMETHING_WENT_WRONG: str
BAD_BUTTON: str
CANNOT_READ_MESSAGE: str
WATCH_FAILED: str
STATS_UNAVAILABLE: str

# Every declared text and its type, as written above ("str" or "dict[str, str]").
TEXTS: dict[str, str] = {
    name: kind for name, kind in __annotations__.items() if name.isupper() and name != "TEXTS"
}
# Texts whose line breaks are part of the message; every other text is one line in Slack.
MULTILINE = frozenset({"HELP_USAGE"})


def _one_line(name: str, value: str) -> str:
    if name in MULTILINE:
        return "\n".join(line.strip() for line in value.strip().splitlines())
    return " ".join(value.split())


def _checked(where: str, name: str, value: Any) -> Any:
    if TEXTS[name] == "str" and isinstance(value, str) and value.strip():
        return _one_line(name, value)
    if (
        TEXTS[name] != "str"
        and isinstance(value, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    ):
        return {key: " ".join(text.split()) for key, text in value.items()}
    raise RenderSetupError(f"{where}: {name.lower()} must be {TEXTS[name]}, not {value!r}")


@dataclass(frozen=True, slots=True)
class SlackWording:
    """The texts of responses/slack/*.j2, by their upper-case names."""

    texts: dict[str, Any]

    @classmethod
    def load(cls, responses_dir: Path) -> SlackWording:
        """Read every template; a missing, unknown or repeated text fails naming the file."""
        environment = build_environment(responses_dir)
        # Wording kept elsewhere (MAILHELP_RESPONSES_DIR) may predate these files.
        environment.loader = ChoiceLoader(
            [FileSystemLoader(str(responses_dir)), FileSystemLoader(str(DEFAULT_RESPONSES_DIR))]
        )
        texts: dict[str, Any] = {}
        for file_name in WORDING_FILES:
            try:
                template = environment.get_template(file_name)
                module = template.make_module({"command": COMMAND})
            except TemplateError as exc:
                raise RenderSetupError(f"Slack wording: {file_name}: {exc}") from exc
            where = template.filename or file_name
            for key, value in vars(module).items():
                name = key.upper()
                if key.startswith("_") or key != key.lower():
                    continue
                if name not in TEXTS or name in texts:
                    what = "is set twice" if name in texts else "is not a text the app uses"
                    raise RenderSetupError(f"{where}: {key} {what}")
                texts[name] = _checked(where, name, value)
        missing = sorted(name.lower() for name in TEXTS if name not in texts)
        if missing:
            raise RenderSetupError(f"Slack wording: missing texts: {', '.join(missing)}")
        return cls(texts)


_active: SlackWording | None = None


def use(responses_dir: Path) -> SlackWording:
    """Load the texts of a responses directory and make them the ones the app says; called
    once when the app is built, so a broken template stops start-up instead of a reply."""
    global _active
    _active = SlackWording.load(responses_dir)
    return _active


def active() -> SlackWording:
    return _active if _active is not None else use(DEFAULT_RESPONSES_DIR)


def __getattr__(name: str) -> Any:
    if name in TEXTS:
        return active().texts[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
