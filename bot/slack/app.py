"""The app factory: a Bolt App with mailhelp's middleware and every listener registered."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web import WebClient

from bot.dnscheck.checker import DomainChecker
from bot.dnscheck.wording import CheckWording
from bot.engine import Engine
from bot.render.renderer import Renderer
from bot.settings import Settings, SettingsError
from bot.slack import wording
from bot.slack.client import SharedClient, build_web_client
from bot.slack.deps import Deps
from bot.slack.listeners import register_all
from bot.slack.middleware import build_middleware
from bot.slack.pool import ListenerPool, listeners_inline
from bot.slack.predicates import is_event_callback
from bot.slack.requirements import required_scopes
from bot.slack.texts import SlackTexts
from bot.slack.work import CURRENT, WorkBook
from bot.slack.workspace_config import Workspaces
from bot.storage.engine import make_engine
from bot.storage.interface import Store
from bot.storage.memory import MemoryStore
from bot.storage.oauth import oauth_settings
from bot.storage.workspace_memory import MemoryWorkspaceStore
from bot.storage.workspaces import WorkspaceStore

log = logging.getLogger(__name__)

# Bolt runs listeners on the first pool: they ack and hand their slow part to the second,
# where each mostly waits on Slack's Web API; the bound keeps a burst from opening hundreds
# of connections at once.
LISTENER_THREADS = 8
WORK_THREADS = 8


class _SameTokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and then warns that the given
    client's token wins; that client was built from the very same setting, so the warning is
    noise on every start."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _quiet_same_token_notice() -> None:
    bolt_log = logging.getLogger("slack_bolt.App")
    if not any(isinstance(f, _SameTokenNotice) for f in bolt_log.filters):
        bolt_log.addFilter(_SameTokenNotice())


class MailhelpApp(App):
    """Bolt's App; a request's work ticket (bot.slack.work) learns when its dispatch is over,
    and the listeners of an event run on the dispatching thread (bot.slack.pool)."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        CURRENT.set(None)
        try:
            if is_event_callback(req.body):
                with listeners_inline():
                    return super().dispatch(req)
            return super().dispatch(req)
        finally:
            ticket = CURRENT.get()
            CURRENT.set(None)
            if ticket is not None:
                ticket.dispatched()


def log_listener_error(error: Exception, body: dict[str, Any]) -> None:
    """The last line of defence: listeners catch their own failures, so this should stay quiet."""
    kind = body.get("type") or body.get("command") or "request"
    event = body.get("event")
    if isinstance(event, dict):
        kind = f"{kind}/{event.get('type')}"
    log.error("unhandled error in a listener for %s: %r", kind, error, exc_info=error)


def build_app(
    *,
    settings: Settings,
    engine: Engine,
    renderer: Renderer,
    store: Store,
    client: WebClient | None = None,
    workspaces: WorkspaceStore | None = None,
    book: WorkBook | None = None,
) -> App:
    """Socket Mode when SLACK_APP_TOKEN is set; otherwise HTTP, which needs the signing secret."""
    if not settings.slack_app_token:
        settings.require("slack_signing_secret")
    # Half an OAuth configuration stops here, naming the missing variable.
    wants_oauth = bool(settings.slack_client_id or settings.slack_client_secret)
    oauth = (
        oauth_settings(
            settings, make_engine(settings.database_url), default_scopes=required_scopes()
        )
        if wants_oauth
        else None
    )
    if oauth is None and client is None:
        settings.require("slack_bot_token")
    if client is None:
        token = None if oauth is not None else settings.slack_bot_token
        client = build_web_client(
            token=token, base_url=settings.slack_api_url, timeout_s=settings.slack_api_timeout
        )
    elif oauth is None and not client.token:
        raise SettingsError("missing setting SLACK_BOT_TOKEN: the Web API client has no token")
    _quiet_same_token_notice()
    pool = ListenerPool(LISTENER_THREADS, work_threads=WORK_THREADS)
    app = MailhelpApp(
        name="mailhelp",
        # Passed explicitly (never None) so Bolt does not read the environment itself.
        signing_secret=settings.slack_signing_secret or "",
        client=client,
        oauth_settings=oauth,
        process_before_response=False,
        # Assistant threads and workflow steps are not used; their middleware only costs time.
        attaching_conversation_kwargs_enabled=False,
        attaching_function_token_enabled=False,
        listener_executor=pool,
    )
    # The app's own sentences follow the same responses directory as the answers.
    wording.use(engine.responses_dir)
    if workspaces is None:
        workspaces = MemoryWorkspaceStore(store if isinstance(store, MemoryStore) else None)
    deps = Deps(
        settings=settings,
        engine=engine,
        renderer=renderer,
        store=store,
        pool=pool,
        checker=DomainChecker.from_config(settings.dns),
        check_wording=CheckWording.load(engine.responses_dir),
        workspaces=Workspaces(workspaces, settings),
        texts=SlackTexts.load(engine.responses_dir),
        installations=oauth.installation_store if oauth is not None else None,
    )
    book = book or WorkBook(store.finish_work)
    app.use(SharedClient(client))
    for middleware in build_middleware(store, book, emoji=deps.triage_emoji):
        app.use(middleware)
    app.error(log_listener_error)
    register_all(app, deps)
    return app
