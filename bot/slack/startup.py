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
from bot.storage.writer import WriterTuning

log = logging.getLogger(__name__)


def open_app_store(settings: Settings) -> Store:
    """The database behind a background writer; in memory when the database cannot be reached."""
    try:
        sql = open_store(settings.database_url)
    except StorageUnavailable as exc:
        # The bot keeps answering; only history and cross-process de-duplication are lost.
        log.error("storage unavailable, keeping data in memory until restart: %s", exc)
        return MemoryStore()
    store = BackgroundRecorder(sql, tuning=WriterTuning(retention_days=settings.retention_days))
    atexit.register(store.close)
    return store


def load_app(settings: Settings) -> App:
    """Everything slow at start-up happens here: templates, intents, database, auth.test."""
    engine = Engine.load(settings)
    renderer = Renderer.load(engine.responses_dir, engine.catalog.intents.values())
    return build_app(
        settings=settings, engine=engine, renderer=renderer, store=open_app_store(settings)
    )
