"""A click on one of the app's buttons, with the answer it belongs to and where to reply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext
from slack_sdk.web import WebClient

from bot.slack.payloads import action_of, channel_of, message_ts_of, team_of, user_of
from bot.slack.predicates import is_ephemeral_container
from bot.slack.refs import AnswerRef
from bot.slack.replies import Outlet, ResponseOutlet, ThreadOutlet


@dataclass(frozen=True, slots=True)
class Click:
    team_id: str
    user_id: str | None
    channel_id: str
    message_ts: str | None
    response_url: str
    ephemeral: bool
    action: dict[str, Any]
    ref: AnswerRef | None

    def outlet(self, client: WebClient, surface: str) -> Outlet:
        """The clicked answer's thread (`notice` there is seen by the clicker alone); for an
        answer only the clicker could see, its response_url."""
        if self.ephemeral:
            return ResponseOutlet(self.response_url, self.channel_id, surface)
        thread_ts = self.ref.thread_ts if self.ref is not None else None
        return ThreadOutlet(client, self.channel_id, thread_ts, self.user_id, surface)

    @property
    def response(self) -> ResponseOutlet:
        return ResponseOutlet(self.response_url, self.channel_id, "button")


def read_click(
    body: dict[str, Any], context: BoltContext, *, ref_value: str | None = None
) -> Click:
    """Collect the click; `ref_value` overrides where the AnswerRef is read from."""
    action = dict(action_of(body))
    value = ref_value if ref_value is not None else action.get("value")
    return Click(
        team_id=team_of(body, context),
        user_id=user_of(body),
        channel_id=channel_of(body) or "",
        message_ts=message_ts_of(body),
        response_url=str(body.get("response_url") or ""),
        ephemeral=is_ephemeral_container(body),
        action=action,
        ref=AnswerRef.decode(value if isinstance(value, str) else None),
    )
