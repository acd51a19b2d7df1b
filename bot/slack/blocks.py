"""Block Kit for the app's own messages: answer buttons, topic questions, help and stats."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.render.slack import escape
from bot.slack import wording
from bot.slack.ids import Action
from bot.slack.refs import AnswerRef
from bot.storage.interface import Stats

Block = dict[str, Any]
# (intent id, title) pairs, in the catalog's order.
Topics = Sequence[tuple[str, str]]

# Slack allows at most 25 elements in an actions block and 100 options in a select.
MAX_BUTTONS = 25
CORRECTION_BLOCK_PREFIX = "mailhelp_correction:"


def plain(text: str) -> dict[str, Any]:
    # plain_text is never parsed for mentions or links, so it needs no escaping; 75 is the
    # ceiling for button labels and option texts.
    return {"type": "plain_text", "text": text[:75], "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def answer_actions(ref: AnswerRef, extra: Sequence[Block] = ()) -> Block:
    """The buttons under every answer; the checklist and escalation buttons carry the case.
    `extra` buttons (such as "Check the domain") come after the checklist button."""
    short = AnswerRef(ref.intent, ref.thread_ts, ref.asked_ts, ref.confidence, nonce=ref.nonce)
    with_case = replace(ref, question="")
    return {
        "type": "actions",
        "block_id": "mailhelp_answer_actions",
        "elements": [
            button(
                wording.CHECKLIST_BUTTON, Action.OPEN_CHECKLIST, with_case.encode(), style="primary"
            ),
            *extra,
            button(wording.HELPED_BUTTON, Action.HELPED, short.encode()),
            button(wording.NOT_HELPED_BUTTON, Action.NOT_HELPED, short.encode()),
            button(wording.ESCALATE_BUTTON, Action.ESCALATE, ref.encode()),
        ],
    }


def topic_list(topics: Topics) -> str:
    return "\n".join(f"• {escape(title)}" for _, title in topics)


def clarify(choices: Topics, ref: AnswerRef) -> tuple[list[Block], str]:
    """Ask which of the likeliest topics the person means, one button each."""
    elements = [
        button(title, f"{Action.PICK_TOPIC}:{intent}", _with_intent(ref, intent))
        for intent, title in choices[:MAX_BUTTONS]
    ]
    blocks = [
        section(wording.CLARIFY_QUESTION),
        {"type": "actions", "block_id": "mailhelp_clarify", "elements": elements},
    ]
    return blocks, wording.CLARIFY_FALLBACK


def _with_intent(ref: AnswerRef, intent: str) -> str:
    return AnswerRef(intent, ref.thread_ts, ref.asked_ts, 0.0, ref.details).encode()


def unrecognised(topics: Topics) -> tuple[list[Block], str]:
    blocks = [
        section(wording.UNRECOGNISED),
        section(topic_list(topics)),
        context(wording.UNRECOGNISED_HINT),
    ]
    return blocks, wording.UNRECOGNISED


def topic_options(topics: Topics) -> list[Block]:
    return [{"text": plain(title), "value": intent} for intent, title in topics[:99]]


def correction(topics: Topics, ref: AnswerRef) -> tuple[list[Block], str]:
    """After "Didn't help": a select of every other topic, plus a way out when none fits."""
    others = [(intent, title) for intent, title in topics if intent != ref.intent]
    options = [*topic_options(others), {"text": plain(wording.SOMETHING_ELSE), "value": "none"}]
    select = {
        "type": "static_select",
        "action_id": Action.CORRECT_TOPIC,
        "placeholder": plain(wording.CORRECTION_PLACEHOLDER),
        "options": options,
    }
    blocks = [
        {
            "type": "section",
            # The ephemeral message this sits in has no thread of its own, so the block id
            # (255 characters at most; this ref stays under 120) remembers the answer's thread.
            "block_id": CORRECTION_BLOCK_PREFIX
            + AnswerRef(ref.intent, ref.thread_ts, ref.asked_ts, nonce=ref.nonce).encode(),
            "text": {"type": "mrkdwn", "text": wording.ASK_CORRECTION},
            "accessory": select,
        }
    ]
    return blocks, wording.ASK_CORRECTION


def help_message(
    topics: Topics, *, aliases: dict[str, str], emoji: Sequence[str]
) -> tuple[list[Block], str]:
    lines = [f"• `{wording.COMMAND} {escape(aliases.get(i, i))}`: {escape(t)}" for i, t in topics]
    blocks = [
        section(wording.HELP_INTRO),
        section(
            wording.HELP_USAGE.format(emoji=" or ".join(f":{escape(name)}:" for name in emoji))
        ),
        section(wording.HELP_TOPICS + "\n" + "\n".join(lines)),
    ]
    return blocks, wording.HELP_INTRO


def _share(part: int, whole: int) -> str:
    return "–" if whole == 0 else f"{round(100 * part / whole)}%"


def stats_section(stats: Stats, titles: dict[str, str]) -> list[Block]:
    heading = f"*{wording.STATS_HEADING.format(days=stats.days)}*"
    if stats.triages == 0 and stats.escalations == 0:
        return [section(f"{heading}\n{wording.STATS_NONE}")]
    rated = stats.helpful + stats.not_helpful
    summary = wording.STATS_LINE.format(
        triages=stats.triages,
        unrecognised=_share(stats.unrecognised, stats.triages),
        helpful=_share(stats.helpful, rated),
        escalations=stats.escalations,
        checklists=stats.checklists,
    )
    per_intent = "\n".join(
        f"• {escape(titles.get(intent, intent))}: {count}"
        for intent, count in sorted(stats.by_intent.items(), key=lambda item: -item[1])
    )
    return [section(f"{heading}\n{summary}" + (f"\n{per_intent}" if per_intent else ""))]


def stats_message(periods: Sequence[Stats], titles: dict[str, str]) -> tuple[list[Block], str]:
    blocks = [block for stats in periods for block in stats_section(stats, titles)]
    return blocks, wording.STATS_HEADING.format(days=periods[0].days if periods else 0)


def without_autolinks(blocks: Sequence[Block]) -> list[Block]:
    """Every mrkdwn text marked verbatim, so Slack does not turn a pasted URL or #name into a
    link; the app's own `<@U…>` and `<#C…>` still work, as Slack documents for verbatim text."""
    return [_verbatim(block) for block in blocks]


def _verbatim(value: Any) -> Any:
    # Exact types, and no call for a plain value: this runs over every block of every reply.
    if type(value) is list:
        return [_verbatim(item) if type(item) in _NESTED else item for item in value]
    if type(value) is not dict:
        return value
    marked = {
        key: _verbatim(item) if type(item) in _NESTED else item for key, item in value.items()
    }
    if marked.get("type") == "mrkdwn" and type(marked.get("text")) is str:
        marked["verbatim"] = True
    return marked


_NESTED = (dict, list)
