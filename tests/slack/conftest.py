"""Fixtures for the in-process Slack tests: a fake Slack, the real engine and renderer, a Bolt app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import pytest
from fake_slack import FakeSlack
from fake_slack.driver import Driver
from fake_slack.http_driver import HttpDriver

from bot import DEFAULT_INTENTS_PATH, DEFAULT_RESPONSES_DIR
from bot.engine import Engine
from bot.intents.decision import Thresholds
from bot.render.renderer import Renderer
from bot.settings import Settings, load_settings
from bot.slack.app import build_app
from bot.slack.client import build_web_client
from bot.slack.requirements import LISTENER_NEEDS, METHOD_SCOPES
from bot.storage.interface import Store
from bot.storage.memory import MemoryStore

SECRET = "test-signing-secret"
ESCALATION_CHANNEL = "C0ESCALATE"
SUPPORT_GROUP = "S0SUPPORT"
# Calls the fake serves that are not Web API methods.
NOT_METHODS = {"upload", "response_url", "file_download"}


@pytest.fixture(scope="session")
def base_engine() -> Engine:
    defaults = Settings.model_fields
    return Engine.from_paths(
        intents_path=DEFAULT_INTENTS_PATH,
        responses_dir=DEFAULT_RESPONSES_DIR,
        thresholds=Thresholds(
            direct=defaults["mailhelp_direct_threshold"].default,
            unprompted=defaults["mailhelp_unprompted_threshold"].default,
        ),
    )


@pytest.fixture(scope="session")
def renderer(base_engine: Engine) -> Renderer:
    return Renderer.load(base_engine.responses_dir, base_engine.catalog.intents.values())


@pytest.fixture
def engine(base_engine: Engine) -> Engine:
    return base_engine


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack
    # Every Web API method the app called must be in the table manifest.json is checked against.
    used = {call.method for call in slack.calls} - NOT_METHODS
    declared = {method for needs in LISTENER_NEEDS.values() for method in needs.methods}
    # Bolt's own calls: auth.test authorises requests, oauth.v2.access installs and rotates.
    framework = {"auth.test", "oauth.v2.access"}
    assert used <= set(METHOD_SCOPES) | framework, used - set(METHOD_SCOPES)
    assert used - framework <= declared, used - declared


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "mailhelp_escalation_channel": ESCALATION_CHANNEL,
        "mailhelp_escalation_group": SUPPORT_GROUP,
    }


@pytest.fixture
def settings(fake: FakeSlack, settings_overrides: dict[str, Any]) -> Settings:
    return load_settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
        **settings_overrides,
    )


@pytest.fixture
def store() -> Store:
    return MemoryStore()


class DriverFactory(Protocol):
    def __call__(
        self,
        *,
        engine: Engine | None = None,
        store: Store | None = None,
        renderer: Renderer | None = None,
        **overrides: Any,
    ) -> Driver: ...


@pytest.fixture
def make_driver(
    settings: Settings, engine: Engine, renderer: Renderer, store: Store, fake: FakeSlack
) -> DriverFactory:
    """A driver for an app built from these fixtures, with any of them swapped."""

    def build(
        *,
        engine: Engine | None = None,
        store: Store | None = None,
        renderer: Renderer | None = None,
        **overrides: Any,
    ) -> Driver:
        chosen = load_settings(**{**settings.model_dump(), **overrides}) if overrides else settings
        # Fast back-off: that retries happen is under test, not how long they wait.
        client = build_web_client(token="xoxb-test", base_url=fake.api_url, backoff_s=0.01)
        app = build_app(
            settings=chosen,
            engine=engine or base,
            renderer=renderer or default_renderer,
            store=store or default_store,
            client=client,
        )
        fake.reset()  # forget auth.test from start-up; tests look at what requests caused
        return Driver(app, fake, secret=SECRET)

    base, default_store, default_renderer = engine, store, renderer
    return build


@pytest.fixture
def slack(make_driver: DriverFactory) -> Driver:
    return make_driver()


@pytest.fixture
def web_slack(make_driver: DriverFactory) -> Iterator[HttpDriver]:
    """The app behind its real WSGI endpoint, reached over HTTP with signed requests."""
    driver = HttpDriver(make_driver())
    yield driver
    driver.close()
