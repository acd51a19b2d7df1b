"""A workspace removing the app: its installation and what only served it are deleted."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.slack.deps import Deps

log = logging.getLogger(__name__)


def forget_workspace(deps: Deps, enterprise_id: str | None, team_id: str | None) -> None:
    """Tokens first (they are what can do harm), then the workspace's settings and state."""
    if not team_id:
        log.error("app_uninstalled without a team id; nothing deleted")
        return
    delete_installation(deps, enterprise_id, team_id)
    try:
        deps.workspaces.forget(team_id)
    except Exception:
        log.exception("could not delete the stored data of team %s", team_id)
        return
    log.info("app uninstalled from team %s: installation and workspace data deleted", team_id)


def delete_installation(deps: Deps, enterprise_id: str | None, team_id: str) -> None:
    if deps.installations is None:
        # One workspace with a bot token from the environment: no installation is stored.
        return
    try:
        deps.installations.delete_all(enterprise_id=enterprise_id, team_id=team_id)
    except Exception:
        log.exception("could not delete the installation of team %s", team_id)


def drop_revoked_tokens(
    deps: Deps, event: dict[str, Any], enterprise_id: str | None, team_id: str | None
) -> None:
    tokens = event.get("tokens") or {}
    # mailhelp asks for no user tokens; a revoked bot token leaves the installation useless,
    # and the installation rows hold that same token, so all of it goes. Settings stay: an
    # admin who reinstalls finds them again (app_uninstalled is what removes them).
    if isinstance(tokens, dict) and tokens.get("bot") and team_id:
        delete_installation(deps, enterprise_id, team_id)
        log.info("bot token revoked in team %s: installation deleted", team_id)


def register(app: App, deps: Deps) -> None:
    # Slack sends these after the token stopped working, so Bolt runs them without auth.test.
    @app.event("app_uninstalled")
    def acknowledge_uninstall(ack: Ack, context: BoltContext) -> None:
        ack()
        deps.defer(forget_workspace, deps, context.enterprise_id, context.team_id)

    @app.event("tokens_revoked")
    def acknowledge_revoked_tokens(ack: Ack, event: dict[str, Any], context: BoltContext) -> None:
        ack()
        deps.defer(drop_revoked_tokens, deps, event, context.enterprise_id, context.team_id)
