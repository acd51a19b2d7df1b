"""OAuth for many workspaces keeps installations and states in mailhelp's own database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.settings import Settings, SettingsError, load_settings
from bot.storage.engine import make_engine
from bot.storage.oauth import oauth_settings

APP_SCOPES = ("app_mentions:read", "chat:write", "commands")

NO_OAUTH = {"slack_client_id": None, "slack_client_secret": None}


def _settings(**values: str | None) -> Settings:
    return load_settings(**{**NO_OAUTH, "slack_scopes": None, **values})


def _oauth_configured(**extra: str) -> Settings:
    return _settings(
        slack_client_id="1111.2222",
        slack_client_secret="client-secret-value",
        **extra,
    )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    yield built
    built.dispose()


def _configured(engine: Engine, settings: Settings | None = None) -> OAuthSettings:
    configured = oauth_settings(settings or _oauth_configured(), engine, default_scopes=APP_SCOPES)
    assert configured is not None
    return configured


def test_single_workspace_install_has_no_oauth(engine: Engine) -> None:
    assert oauth_settings(_settings(), engine, default_scopes=APP_SCOPES) is None


def test_half_an_oauth_configuration_names_what_is_missing(engine: Engine) -> None:
    with pytest.raises(SettingsError, match="SLACK_CLIENT_SECRET"):
        oauth_settings(_settings(slack_client_id="1111.2222"), engine, default_scopes=APP_SCOPES)


def test_oauth_uses_the_sql_stores_on_the_same_engine(engine: Engine) -> None:
    configured = _configured(engine)
    assert isinstance(configured.installation_store, SQLAlchemyInstallationStore)
    assert isinstance(configured.state_store, SQLAlchemyOAuthStateStore)
    assert configured.installation_store.engine is engine
    assert configured.state_store.engine is engine
    assert configured.client_id == "1111.2222"
    assert configured.scopes == list(APP_SCOPES)


def test_configured_scopes_replace_the_defaults(engine: Engine) -> None:
    settings = _oauth_configured(slack_scopes="app_mentions:read, chat:write,")
    assert _configured(engine, settings).scopes == ["app_mentions:read", "chat:write"]


def test_an_installation_is_saved_and_found_again(engine: Engine) -> None:
    store = _configured(engine).installation_store
    store.save(
        Installation(
            app_id="A01",
            team_id="T-acme",
            team_name="Acme",
            bot_token="xoxb-installed-token",
            bot_id="B01",
            bot_user_id="U-bot",
            bot_scopes=["chat:write"],
            user_id="U-admin",
        )
    )
    bot = store.find_bot(enterprise_id=None, team_id="T-acme")
    assert bot is not None
    assert bot.bot_token == "xoxb-installed-token"
    assert store.find_bot(enterprise_id=None, team_id="T-other") is None


def test_an_oauth_state_is_accepted_once(engine: Engine) -> None:
    states = _configured(engine).state_store
    state = states.issue()
    assert states.consume(state) is True
    assert states.consume(state) is False
    assert states.consume("forged-state") is False
