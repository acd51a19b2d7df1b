"""Building the whole app from settings: engine, renderer, store (or its fallback) and Bolt App."""

from __future__ import annotations

import atexit
import logging

from slack_bolt import App

from bot.engine import Engine
from bot.render.renderer import Renderer
from bot.settings import Settings
from bot.slack.app import build_app
from bot.storage.background import BackgroundRecorder
from bot.storage.interface import Store
from bot.storage.memory import MemoryStore
from bot.storage.startup import StorageUnavailable, open_store
from bot.storage.workspace_memory import MemoryWorkspaceStore
from bot.storage.workspace_sql import SqlWorkspaceStore
from bot.storage.workspaces import WorkspaceStore
from bot.storage.writer import WriterTuning

log = logging.getLogger(__name__)


def open_app_store(settings: Settings) -> tuple[Store, WorkspaceStore]:
    """The database behind a background writer, and the workspace state beside it; both in
    memory when the database cannot be reached."""
    try:
        sql = open_store(settings.database_url)
    except StorageUnavailable as exc:
        # The bot keeps answering; only history and cross-process de-duplication are lost.
        log.error("storage unavailable, keeping data in memory until restart: %s", exc)
        memory = MemoryStore()
        return memory, MemoryWorkspaceStore(memory)
    store = BackgroundRecorder(sql, tuning=WriterTuning(retention_days=settings.retention_days))
    atexit.register(store.close)
    return store, SqlWorkspaceStore(sql.engine)


def load_app(settings: Settings) -> App:
    """Everything slow at start-up happens here: templates, intents, database, auth.test."""
    engine = Engine.load(settings)
    renderer = Renderer.load(engine.responses_dir, engine.catalog.intents.values())
    store, workspaces = open_app_store(settings)
    return build_app(
        settings=settings, engine=engine, renderer=renderer, store=store, workspaces=workspaces
    )
