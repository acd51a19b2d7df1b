"""The two periods the app reports on, read from the store without letting a failure escape."""

from __future__ import annotations

import logging

from bot.storage.interface import Stats, Store

log = logging.getLogger(__name__)

PERIODS_DAYS = (7, 30)


def load_stats(store: Store, team_id: str | None) -> list[Stats] | None:
    """Stats for the last 7 and 30 days, or None when storage cannot say."""
    try:
        return [store.stats(days, team_id or None) for days in PERIODS_DAYS]
    except Exception:
        log.warning("could not read stats for team %s", team_id, exc_info=True)
        return None
