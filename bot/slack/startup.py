"""Building the whole app from settings: engine, renderer, store, Bolt App and recovery."""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import App

from bot.engine import Engine
from bot.render.renderer import Renderer
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.recovery import Recovery
from bot.slack.work import WorkBook
from bot.storage.background import BackgroundRecorder
from bot.storage.engine import DatabaseUrlError, make_engine
from bot.storage.gate import DatabaseGate
from bot.storage.interface import Store
from bot.storage.memory import MemoryStore
from bot.storage.migrate import upgrade
from bot.storage.sql_store import SqlStore
from bot.storage.writer import WriterTuning

log = logging.getLogger(__name__)

# Start-up waits this long for the database (and its migrations) before it starts answering
# without it; the gate keeps trying in the background and the app moves to it when it answers.
STORAGE_WAIT_S = 1.0


@dataclass(frozen=True, slots=True)
class Service:
    """The loaded app, and what /healthz reports about it."""

    app: App
    health: Callable[[], str | None]


def open_app_store(settings: Settings) -> Store:
    """The database behind a background writer and a gate, usable even while it is away."""
    try:
        engine = make_engine(settings.database_url)
    except DatabaseUrlError as exc:
        # A URL that cannot work will not start working; memory is all there is.
        log.error("storage unavailable, keeping data in memory until restart: %s", exc)
        return MemoryStore()
    sql = SqlStore(engine)
    gate = DatabaseGate(sql, prepare=lambda: upgrade(engine))
    store = BackgroundRecorder(
        sql, gate=gate, tuning=WriterTuning(retention_days=settings.retention_days)
    )
    if not gate.wait_up(STORAGE_WAIT_S):
        log.error("starting without the database: %s", gate.problem())
    atexit.register(store.close)
    return store


def load_service(settings: Settings) -> Service:
    """Everything slow at start-up happens here: templates, intents, database, auth.test."""
    engine = Engine.load(settings)
    renderer = Renderer.load(engine.responses_dir, engine.catalog.intents.values())
    store = open_app_store(settings)
    book = WorkBook(store.finish_work)
    app = build_app(settings=settings, engine=engine, renderer=renderer, store=store, book=book)
    if isinstance(store, BackgroundRecorder):
        Recovery(app, store, book).start()
    return Service(app=app, health=store.health)


def load_app(settings: Settings) -> App:
    return load_service(settings).app
