"""Add to Slack for many workspaces: install, per-workspace settings and tokens, uninstall."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fake_slack import FakeSlack
from fake_slack.driver import Driver, button_values
from fake_slack.events import event_request, mention
from fake_slack.http_driver import HttpDriver
from fake_slack.interactive import block_action, view_submission
from fake_slack.workspaces import Workspace
from sqlalchemy import Engine, select, text

from bot.engine import Engine as TriageEngine
from bot.render.renderer import Renderer
from bot.settings import load_settings
from bot.slack.app import build_app
from bot.slack.client import build_web_client
from bot.slack.ids import SETTINGS_MODAL, Action
from bot.storage.engine import make_engine
from bot.storage.schema import INSTALLATIONS_TABLE
from bot.storage.sql_store import SqlStore
from bot.storage.startup import open_store
from bot.storage.tables import WorkspaceSettingsRow
from bot.storage.workspace_sql import SqlWorkspaceStore

SECRET = "install-signing-secret"
REDIRECT = "https://mailhelp.example.com/slack/oauth_redirect"
ONE = Workspace("T0ONE", "U0BOTONE", "B0ONE", "Workspace one")
TWO = Workspace("T0TWO", "U0BOTTWO", "B0TWO", "Workspace two")
BOUNCE = "mail to anna@example.org bounced: 552 5.2.2 mailbox full"


@dataclass
class Installed:
    web: HttpDriver
    fake: FakeSlack
    database: Engine


@pytest.fixture
def oauth_app(
    tmp_path: Path, fake: FakeSlack, base_engine: TriageEngine, renderer: Renderer
) -> Iterator[Installed]:
    url = f"sqlite:///{tmp_path / 'oauth.sqlite3'}"
    open_store(url).close()
    settings = load_settings(
        slack_signing_secret=SECRET,
        slack_client_id="1111.2222",
        slack_client_secret="client-secret",
        slack_redirect_uri=REDIRECT,
        slack_api_url=fake.api_url,
        database_url=url,
    )
    database = make_engine(url)
    app = build_app(
        settings=settings,
        engine=base_engine,
        renderer=renderer,
        store=SqlStore(database),
        workspaces=SqlWorkspaceStore(database),
        client=build_web_client(token=None, base_url=fake.api_url, backoff_s=0.01),
    )
    web = HttpDriver(Driver(app, fake, secret=SECRET))
    yield Installed(web, fake, database)
    web.close()
    database.dispose()


def install(setup: Installed, workspace: Workspace, *, admin: str) -> None:
    """What an admin's browser does: open /slack/install, approve at Slack, come back."""
    page = setup.web.get("/slack/install")
    assert page.status == 200
    authorize = next(
        part.split('"')[0] for part in page.body.split('href="')[1:] if "oauth/v2/authorize" in part
    )
    query = parse_qs(urlsplit(authorize.replace("&amp;", "&")).query)
    assert query["redirect_uri"] == [REDIRECT]
    assert "users:read" in query["scope"][0].split(",")
    state = query["state"][0]
    set_cookie = next(v for k, v in page.headers.items() if k.lower() == "set-cookie")
    cookie = set_cookie.split(";", 1)[0]
    code = f"code-{workspace.team_id}"
    setup.fake.tokens.add_install_code(code, workspace, admin)

    back = setup.web.get(
        "/slack/oauth_redirect?" + urlencode({"code": code, "state": state}), cookie=cookie
    )

    assert back.status == 200, back.body


def installed_teams(database: Engine) -> set[str]:
    with database.connect() as connection:
        rows = connection.execute(text(f"SELECT team_id FROM {INSTALLATIONS_TABLE}")).scalars()
        return set(rows)


def in_team(event: dict[str, Any], workspace: Workspace) -> dict[str, Any]:
    return dict(event, team=workspace.team_id)


def save_settings(setup: Installed, workspace: Workspace, *, admin: str, channel: str) -> None:
    setup.fake.people.set(admin, is_admin=True)
    setup.fake.conversations.set_channel(channel, name="escalations", is_member=True)
    values: dict[str, dict[str, dict[str, Any]]] = {
        "escalation_channel": {"value": {"selected_conversation": channel}},
        "escalation_group": {"value": {"value": None}},
        "watched_channels": {"value": {"selected_conversations": []}},
        "answer_unprompted": {"value": {"selected_options": []}},
    }
    reply = setup.web.send(
        view_submission(
            SETTINGS_MODAL,
            values=values,
            private_metadata="",
            user=admin,
            team_id=workspace.team_id,
        )
    )
    assert reply.status == 200 and reply.body == "", reply.body


def escalate_a_mention(setup: Installed, workspace: Workspace, channel: str) -> None:
    event = in_team(mention(BOUNCE, channel=channel), workspace)
    setup.web.send(event_request(event, team_id=workspace.team_id))
    [answer] = [c for c in setup.web.calls("chat.postMessage") if c.params["channel"] == channel]
    assert answer.team == workspace.team_id
    setup.web.send(
        block_action(
            Action.ESCALATE,
            value=button_values(answer.params)[Action.ESCALATE],
            response_url=setup.fake.response_url(),
            channel=channel,
            thread_ts=event["ts"],
            team_id=workspace.team_id,
        )
    )


def test_add_to_slack_installs_two_workspaces_each_with_its_own_token_and_settings(
    oauth_app: Installed,
) -> None:
    install(oauth_app, ONE, admin="U0ADMINONE")
    install(oauth_app, TWO, admin="U0ADMINTWO")
    assert installed_teams(oauth_app.database) == {"T0ONE", "T0TWO"}
    save_settings(oauth_app, ONE, admin="U0ADMINONE", channel="C0ESCONE")
    save_settings(oauth_app, TWO, admin="U0ADMINTWO", channel="C0ESCTWO")
    oauth_app.fake.reset()

    escalate_a_mention(oauth_app, ONE, "C0ASKONE")
    escalate_a_mention(oauth_app, TWO, "C0ASKTWO")

    posts = {
        c.params["channel"]: c.team
        for c in oauth_app.fake.calls_to("chat.postMessage")
        if c.params["channel"].startswith("C0ESC")
    }
    assert posts == {"C0ESCONE": "T0ONE", "C0ESCTWO": "T0TWO"}
    # Each workspace's calls carried that workspace's own token, never the other's.
    for call in oauth_app.fake.calls_to("chat.postMessage") + oauth_app.fake.calls_to(
        "chat.postEphemeral"
    ):
        expected = "T0ONE" if call.params["channel"].endswith("ONE") else "T0TWO"
        assert call.team == expected, call.params["channel"]


def test_uninstall_deletes_the_installation_and_the_workspace_settings(
    oauth_app: Installed,
) -> None:
    install(oauth_app, ONE, admin="U0ADMINONE")
    install(oauth_app, TWO, admin="U0ADMINTWO")
    save_settings(oauth_app, ONE, admin="U0ADMINONE", channel="C0ESCONE")
    save_settings(oauth_app, TWO, admin="U0ADMINTWO", channel="C0ESCTWO")
    oauth_app.fake.tokens.revoke_team("T0ONE")

    reply = oauth_app.web.send(event_request({"type": "app_uninstalled"}, team_id="T0ONE"))

    assert reply.status == 200
    assert installed_teams(oauth_app.database) == {"T0TWO"}
    with oauth_app.database.connect() as connection:
        kept = connection.execute(select(WorkspaceSettingsRow.team_id)).scalars().all()
    assert kept == ["T0TWO"]
    oauth_app.fake.reset()
    oauth_app.web.send(event_request(in_team(mention(BOUNCE), ONE), team_id="T0ONE"))
    assert oauth_app.fake.calls_to("chat.postMessage") == []
    escalate_a_mention(oauth_app, TWO, "C0ASKTWO")
    assert any(
        c.params["channel"] == "C0ESCTWO" for c in oauth_app.fake.calls_to("chat.postMessage")
    )


def test_a_revoked_bot_token_removes_the_installation(oauth_app: Installed) -> None:
    install(oauth_app, ONE, admin="U0ADMINONE")

    oauth_app.web.send(
        event_request({"type": "tokens_revoked", "tokens": {"bot": ["U0BOTONE"]}}, team_id="T0ONE")
    )

    assert installed_teams(oauth_app.database) == set()


def test_rotating_tokens_are_refreshed_before_they_expire(oauth_app: Installed) -> None:
    # Slack's rotated tokens live 12 hours; one that expires within the hour is refreshed.
    oauth_app.fake.tokens.rotation = True
    oauth_app.fake.tokens.expires_in = 600
    install(oauth_app, ONE, admin="U0ADMINONE")
    [first] = oauth_app.fake.tokens.tokens_of("T0ONE")
    oauth_app.fake.reset()

    oauth_app.web.send(
        event_request(in_team(mention(BOUNCE, channel="C0ROT"), ONE), team_id="T0ONE")
    )

    [refresh] = oauth_app.fake.calls_to("oauth.v2.access")
    assert refresh.params["grant_type"] == "refresh_token"
    tokens = oauth_app.fake.tokens.tokens_of("T0ONE")
    assert len(tokens) == 2 and first in tokens
    [answer] = oauth_app.fake.calls_to("chat.postMessage")
    assert answer.team == "T0ONE"
    with oauth_app.database.connect() as connection:
        newest = connection.execute(
            text(f"SELECT bot_token FROM {INSTALLATIONS_TABLE} ORDER BY id DESC LIMIT 1")
        ).scalar_one()
    assert newest != first and newest in tokens
    assert json.dumps(answer.params).find("xoxe") == -1


def test_a_workspace_token_is_checked_with_slack_once_not_on_every_request(
    oauth_app: Installed,
) -> None:
    install(oauth_app, ONE, admin="U0ADMINONE")
    oauth_app.fake.reset()

    for channel in ("C0FIRST", "C0SECOND", "C0THIRD"):
        oauth_app.web.send(
            event_request(in_team(mention(BOUNCE, channel=channel), ONE), team_id="T0ONE")
        )

    assert len(oauth_app.fake.calls_to("chat.postMessage")) == 3
    assert len(oauth_app.fake.calls_to("auth.test")) <= 1
