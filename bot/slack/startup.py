"""Building the whole app from settings: engine, renderer, store (or its fallback) and Bolt App."""

from __future__ import annotations

import atexit
import logging
from urllib.error import URLError

from slack_bolt import App

from bot.engine import Engine
from bot.errors import SetupError
from bot.render.renderer import Renderer
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.held_logs import WEB_API_LOGGER, held_back
from bot.storage.background import BackgroundRecorder
from bot.storage.interface import Store
from bot.storage.memory import MemoryStore
from bot.storage.sql_store import SqlStore
from bot.storage.startup import StorageUnavailable, open_current_store, open_store
from bot.storage.workspace_memory import MemoryWorkspaceStore
from bot.storage.workspace_sql import SqlWorkspaceStore
from bot.storage.workspaces import WorkspaceStore
from bot.storage.writer import WriterTuning

log = logging.getLogger(__name__)


# Named for what the person sees; the message says where and why.
class SlackUnreachable(SetupError):  # noqa: N818
    """Slack's Web API at SLACK_API_URL did not answer at start-up (DNS, network, proxy)."""


def open_app_store(settings: Settings, *, migrate: bool) -> tuple[Store, WorkspaceStore]:
    """The database behind a background writer, and the workspace state beside it; both in
    memory when the database cannot be used.

    `migrate` is for a process that runs alone (`mailhelp run`); web workers wait for the
    release phase to migrate instead.
    """
    try:
        sql: SqlStore = (
            open_store(settings.database_url)
            if migrate
            else open_current_store(
                settings.database_url, wait_seconds=settings.mailhelp_schema_wait_seconds
            )
        )
    except StorageUnavailable as exc:
        # The bot keeps answering; only history and cross-process de-duplication are lost.
        log.error("storage unavailable, keeping data in memory until restart: %s", exc)
        memory = MemoryStore()
        return memory, MemoryWorkspaceStore(memory)
    store = BackgroundRecorder(sql, tuning=WriterTuning(retention_days=settings.retention_days))
    atexit.register(store.close)
    return store, SqlWorkspaceStore(sql.engine)


def load_app(settings: Settings, *, migrate: bool = False) -> App:
    """Everything slow at start-up happens here: templates, intents, database, auth.test."""
    engine = Engine.load(settings)
    renderer = Renderer.load(engine.responses_dir, engine.catalog.intents.values())
    store, workspaces = open_app_store(settings, migrate=migrate)
    try:
        # build_app asks Slack who the token belongs to (auth.test); a failure is reported
        # once, below, instead of once per retry as well.
        with held_back(WEB_API_LOGGER):
            return build_app(
                settings=settings,
                engine=engine,
                renderer=renderer,
                store=store,
                workspaces=workspaces,
            )
    except URLError as exc:
        raise SlackUnreachable(
            f"cannot reach Slack's Web API at SLACK_API_URL={settings.slack_api_url}: {exc.reason}"
        ) from exc
