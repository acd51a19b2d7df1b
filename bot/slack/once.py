"""One feedback and one escalation per answer and person, across every web process."""

from __future__ import annotations

import logging

from bot.slack.clicks import Click
from bot.slack.refs import AnswerRef
from bot.storage.workspaces import ClickAction, ClickKey, WorkspaceStore

log = logging.getLogger(__name__)


def click_key(click: Click, ref: AnswerRef, action: ClickAction) -> ClickKey:
    return ClickKey(click.team_id, click.channel_id, ref.answer_key, click.user_id or "", action)


def claim_click(store: WorkspaceStore, key: ClickKey) -> bool:
    """True the first time; a storage failure counts as a first time (better twice than never)."""
    try:
        return store.claim_click(key)
    except Exception:
        log.warning(
            "could not claim %s in %s; going ahead", key.action, key.channel_id, exc_info=True
        )
        return True


def release_click(store: WorkspaceStore, key: ClickKey) -> None:
    try:
        store.release_click(key)
    except Exception:
        log.warning("could not release %s in %s", key.action, key.channel_id, exc_info=True)
