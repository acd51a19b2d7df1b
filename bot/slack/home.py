"""The App Home tab: how to ask, this workspace's settings, last week's figures, what was missed."""

from __future__ import annotations

import logging
from typing import Any

from bot.slack import blocks, wording
from bot.slack.deps import Deps
from bot.slack.ids import Action
from bot.slack.texts import SlackTexts
from bot.storage.interface import Stats

log = logging.getLogger(__name__)

SETTINGS = "slack/settings.j2"
HOME = "slack/home.j2"
DAYS = 7
TOP_PHRASINGS = 5


def _settings_blocks(deps: Deps, team_id: str) -> list[dict[str, Any]]:
    texts = deps.texts
    config = deps.workspaces.config_for(team_id)
    try:
        watched = deps.workspaces.store.watched_channels(team_id)
    except Exception:
        log.warning("could not list the watched channels of team %s", team_id, exc_info=True)
        watched = []
    current = texts.say(
        SETTINGS,
        "home_current",
        channel=config.escalation_channel,
        group=config.escalation_group,
        watched=watched,
        unprompted=config.answer_unprompted,
    )
    edit = blocks.button(texts.say(SETTINGS, "edit_button"), Action.OPEN_SETTINGS, "edit")
    return [
        blocks.section(f"{texts.say(SETTINGS, 'home_heading')}\n{current}"),
        {"type": "actions", "block_id": "mailhelp_settings", "elements": [edit]},
    ]


def _stats_blocks(deps: Deps, team_id: str) -> list[dict[str, Any]]:
    try:
        stats: Stats | None = deps.store.stats(DAYS, team_id)
    except Exception:
        log.warning("could not read stats for team %s", team_id, exc_info=True)
        stats = None
    if stats is None:
        return [blocks.section(wording.STATS_UNAVAILABLE)]
    return blocks.stats_section(stats, dict(deps.topics))


def _phrasing_blocks(texts: SlackTexts, deps: Deps, team_id: str) -> list[dict[str, Any]]:
    try:
        top = deps.workspaces.store.top_unrecognised(team_id, DAYS, TOP_PHRASINGS)
    except Exception:
        log.warning("could not read unrecognised messages of team %s", team_id, exc_info=True)
        return []
    lines = [texts.say(HOME, "phrasing", text=text, count=count) for text, count in top]
    body = "\n".join(lines) if lines else texts.say(HOME, "no_phrasings")
    return [blocks.section(f"{texts.say(HOME, 'phrasings_heading', days=DAYS)}\n{body}")]


def home_view(deps: Deps, team_id: str) -> dict[str, Any]:
    help_blocks, _ = blocks.help_message(deps.topics, aliases=deps.aliases, emoji=deps.triage_emoji)
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": blocks.plain(wording.HOME_TITLE)},
            *help_blocks,
            {"type": "divider"},
            *_settings_blocks(deps, team_id),
            {"type": "divider"},
            *_stats_blocks(deps, team_id),
            *_phrasing_blocks(deps.texts, deps, team_id),
        ],
    }
