"""Slack OAuth ("Add to Slack") for many workspaces, kept in mailhelp's own database."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from bot.settings import Settings, SettingsError
from bot.slack.client import build_web_client
from bot.storage.schema import BOTS_TABLE, INSTALLATIONS_TABLE, OAUTH_STATES_TABLE

if TYPE_CHECKING:
    from slack_bolt.oauth.oauth_settings import OAuthSettings

# Seconds a person has between clicking "Add to Slack" and approving the install.
STATE_EXPIRATION_S = 600

logger = logging.getLogger(__name__)


def oauth_settings(
    settings: Settings, engine: Engine, *, default_scopes: Sequence[str]
) -> OAuthSettings | None:
    """Bolt's OAuth settings with installations and states kept in `engine`'s database.

    None when no OAuth credentials are set (a single-workspace install with a bot token).
    The tables come from the migrations (see bot.storage.schema), so several web processes
    starting together never race to create them.
    """
    client_id, client_secret = settings.slack_client_id, settings.slack_client_secret
    if not client_id or not client_secret:
        if client_id or client_secret:
            # Half a configuration is a mistake worth stopping for, naming what is missing.
            settings.require("slack_client_id", "slack_client_secret")
        return None

    # Imported here: these pull in SQLAlchemy's asyncio support, needed only in this mode.
    from slack_bolt.authorization.authorize import InstallationStoreAuthorize
    from slack_bolt.oauth.oauth_settings import OAuthSettings
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    installations = SQLAlchemyInstallationStore(
        client_id=client_id,
        engine=engine,
        bots_table_name=BOTS_TABLE,
        installations_table_name=INSTALLATIONS_TABLE,
        logger=logger,
    )
    states = SQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_EXPIRATION_S,
        engine=engine,
        logger=logger,
        table_name=OAUTH_STATES_TABLE,
    )
    configured = OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=_scopes(settings.slack_scopes, default_scopes),
        # Slack needs it only when the app lists several Redirect URLs (then it must be one
        # of them); the setting is validated with the others before Bolt sees it.
        redirect_uri=settings.slack_redirect_uri,
        installation_store=installations,
        state_store=states,
        state_expiration_seconds=STATE_EXPIRATION_S,
    )
    # Rebuilt with a client of our own: Bolt's default one refreshes rotating tokens at
    # slack.com whatever SLACK_API_URL says, and without the retries every other call has.
    # The cache keeps each token's auth.test answer, which Bolt would otherwise ask for on
    # every request; a rotated token is a new key, an uninstalled workspace finds no token.
    configured.authorize = InstallationStoreAuthorize(
        logger=logger,
        client_id=client_id,
        client_secret=client_secret,
        installation_store=installations,
        token_rotation_expiration_minutes=configured.token_rotation_expiration_minutes,
        client=build_web_client(token=None, base_url=settings.slack_api_url),
        cache_enabled=True,
    )
    return configured


def _scopes(configured: str | None, default_scopes: Sequence[str]) -> list[str]:
    """SLACK_SCOPES when set; otherwise the scopes the app's listeners need."""
    if not configured:
        return list(default_scopes)
    scopes = [scope.strip() for scope in configured.split(",") if scope.strip()]
    if not scopes:
        raise SettingsError("SLACK_SCOPES: give a comma-separated list of bot scopes")
    return scopes
