"""A click on one of the app's buttons, with the answer it belongs to and where to reply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext
from slack_sdk.web import WebClient

from bot.slack import wording
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

    @property
    def answer_was_private(self) -> bool:
        """The answer clicked on was seen by one person only (the slash command's replies), so
        it has no message in a conversation to reply beside or link to."""
        return self.ref is None or (self.ref.thread_ts is None and self.ref.asked_ts is None)

    def outlet(self, client: WebClient, surface: str) -> Outlet:
        """Beside the answer the click belongs to: in its conversation (where `notice` is seen
        by the clicker alone), or through the response_url when the answer was private."""
        if self.answer_was_private or self.ref is None:
            return ResponseOutlet(self.response_url, self.channel_id, surface)
        return ThreadOutlet(client, self.channel_id, self.ref.thread_ts, self.user_id, surface)

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


def read_answer_click(
    body: dict[str, Any], context: BoltContext, client: WebClient, surface: str
) -> tuple[Click, AnswerRef, Outlet] | None:
    """A click on a button under an answer, the answer's ref and where to reply; None (and the
    person told) when the button's value is not one this app wrote."""
    click = read_click(body, context)
    outlet = click.outlet(client, surface)
    if click.ref is None:
        outlet.notice(wording.BAD_BUTTON)
        return None
    return click, click.ref, outlet
