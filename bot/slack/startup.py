"""Building the whole app from settings: engine, renderer, store (or its fallback) and Bolt App."""

from __future__ import annotations

import atexit
import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.error import URLError

from slack_bolt import App

from bot.engine import Engine
from bot.errors import SetupError
from bot.render.renderer import Renderer
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.held_logs import WEB_API_LOGGER, held_back
from bot.slack.recovery import Recovery
from bot.slack.work import WorkBook
from bot.storage.background import BackgroundRecorder
from bot.storage.engine import DatabaseUrlError, make_engine
from bot.storage.gate import DatabaseGate
from bot.storage.interface import Store
from bot.storage.sql_store import SqlStore
from bot.storage.startup import SchemaCheck, StorageUnavailable, migrate_schema
from bot.storage.workspace_gated import GatedWorkspaceStore
from bot.storage.workspace_sql import SqlWorkspaceStore
from bot.storage.workspaces import WorkspaceStore
from bot.storage.writer import WriterTuning

log = logging.getLogger(__name__)

# Start-up waits this long for the database before it starts answering without it; the gate
# keeps trying in the background and the app moves to it when it answers.
STORAGE_WAIT_S = 1.0


@dataclass(frozen=True, slots=True)
class Service:
    """The loaded app, and what /healthz reports about it."""

    app: App
    health: Callable[[], str | None]


# Named for what the person sees; the message says where and why.
class SlackUnreachable(SetupError):  # noqa: N818
    """Slack's Web API at SLACK_API_URL did not answer at start-up (DNS, network, proxy)."""


def open_app_store(settings: Settings, *, migrate: bool) -> tuple[Store, WorkspaceStore]:
    """The database behind a background writer and a gate, usable even while it is away, and
    the workspace state beside it through the same gate.

    `migrate` is for a process that runs alone (`mailhelp run`), which brings the schema up
    itself; a web worker only checks it, and waits for the release phase to migrate.
    """
    try:
        # The record writer below checkpoints SQLite's log; claims before acks never do.
        engine = make_engine(settings.database_url, background_checkpoints=True)
    except DatabaseUrlError as exc:
        # A URL that cannot work will not start working: a setting to fix, like any other.
        raise StorageUnavailable(str(exc)) from exc
    sql = SqlStore(engine)
    url = settings.database_url
    check = None if migrate else SchemaCheck(engine, url)
    gate = DatabaseGate(sql, prepare=check or (lambda: migrate_schema(engine, url)))
    store = BackgroundRecorder(
        sql, gate=gate, tuning=WriterTuning(retention_days=settings.retention_days)
    )
    _wait_for_storage(gate, check, settings.mailhelp_schema_wait_seconds)
    atexit.register(store.close)
    workspaces = GatedWorkspaceStore(
        SqlWorkspaceStore(engine), gate, remember=store.remember_diagnosis
    )
    return store, workspaces


def _wait_for_storage(gate: DatabaseGate, check: SchemaCheck | None, schema_wait_s: float) -> None:
    """A short wait for the database; a longer one for a release phase that is migrating it."""
    if gate.wait_up(STORAGE_WAIT_S):
        return
    if check is not None and check.behind is not None:
        log.warning("waiting for the database schema: %s", check.behind)
        if gate.wait_up(schema_wait_s):
            return
    log.error("starting without the database: %s", gate.problem())


def load_service(settings: Settings, *, migrate: bool = False) -> Service:
    """Everything slow at start-up happens here: templates, intents, database, auth.test."""
    engine = Engine.load(settings)
    renderer = Renderer.load(engine.responses_dir, engine.catalog.intents.values())
    store, workspaces = open_app_store(settings, migrate=migrate)
    book = WorkBook(store.finish_work)
    try:
        # build_app asks Slack who the token belongs to (auth.test); a failure is reported
        # once, below, instead of once per retry as well.
        with held_back(WEB_API_LOGGER):
            app = build_app(
                settings=settings,
                engine=engine,
                renderer=renderer,
                store=store,
                workspaces=workspaces,
                book=book,
            )
    except URLError as exc:
        raise SlackUnreachable(
            f"cannot reach Slack's Web API at SLACK_API_URL={settings.slack_api_url}: {exc.reason}"
        ) from exc
    if isinstance(store, BackgroundRecorder):
        Recovery(app, store, book).start()
    return Service(app=app, health=store.health)


def settle_heap() -> None:
    """Called once the app is loaded in a long-running process, before it serves anything.

    What loading built (rules, model index, templates, the libraries) lives as long as the
    process; frozen, it is left out of every later garbage collection. Without this, a full
    collection during a burst of 1,000 mentions walked all of it and held every thread for
    about 100 ms, which was the slowest 1% of acks.
    """
    gc.collect()
    gc.freeze()


def load_app(settings: Settings, *, migrate: bool = False) -> App:
    return load_service(settings, migrate=migrate).app
