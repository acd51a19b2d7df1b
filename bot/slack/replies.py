"""Where a reply goes (a thread, or a response_url) and what happens when Slack refuses it."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from slack_sdk.web import WebClient

from bot.slack import wording
from bot.slack.blocks import without_autolinks
from bot.slack.client import build_webhook_client
from bot.slack.failures import CALL_ERRORS, log_failure
from bot.slack.ids import METADATA_EVENT_TYPE

log = logging.getLogger(__name__)

Block = dict[str, Any]


class Outlet(Protocol):
    """A place to answer one person's question."""

    @property
    def surface(self) -> str: ...

    @property
    def channel_id(self) -> str: ...

    def send(
        self, *, text: str, blocks: Sequence[Block] = (), metadata: dict[str, Any] | None = None
    ) -> bool: ...

    def notice(self, text: str, blocks: Sequence[Block] = ()) -> None: ...


@dataclass(slots=True)
class ThreadOutlet:
    """Posts in a channel or DM (in `thread_ts` when set); apologies go to the person alone."""

    client: WebClient
    channel_id: str
    thread_ts: str | None
    user_id: str | None
    surface: str
    # False when another outlet takes over after a failure, so the person is not told twice.
    tell_on_failure: bool = True
    # The ts of the last message posted, so an answer can be found again (and edited).
    last_ts: str | None = None

    def send(
        self, *, text: str, blocks: Sequence[Block] = (), metadata: dict[str, Any] | None = None
    ) -> bool:
        try:
            response = self.client.chat_postMessage(
                channel=self.channel_id,
                thread_ts=self.thread_ts,
                text=text,
                blocks=without_autolinks(blocks) or None,
                metadata=metadata,
                unfurl_links=False,
                unfurl_media=False,
            )
        except TimeoutError:
            # Slack may well have posted it and only been slow to say so: an apology under
            # the answer would be wrong, and trying again could post it twice.
            log.error(
                "Slack call chat.postMessage for %s in channel %s got no reply in time; "
                "the answer may or may not have been posted",
                self.surface,
                self.channel_id,
            )
            return True
        except CALL_ERRORS as error:
            log_failure("chat.postMessage", error, surface=self.surface, channel=self.channel_id)
            if self.tell_on_failure:
                self.notice(wording.SOMETHING_WENT_WRONG)
            return False
        posted = response.get("ts")
        self.last_ts = posted if isinstance(posted, str) else None
        return True

    def already_sent(self, intent: str) -> bool:
        """Whether the thread holds this app's answer for `intent` (read from its metadata).

        Asked only of work taken up after a crash, whose answer may have reached Slack just
        before its process died; when Slack cannot say, the answer is sent.
        """
        if not self.thread_ts:
            return False
        try:
            response = self.client.conversations_replies(
                channel=self.channel_id, ts=self.thread_ts, include_all_metadata=True, limit=200
            )
        except CALL_ERRORS as error:
            log_failure(
                "conversations.replies", error, surface=self.surface, channel=self.channel_id
            )
            return False
        return any(is_answer_to(message, intent) for message in response.get("messages") or [])

    def notice(self, text: str, blocks: Sequence[Block] = ()) -> None:
        if not self.user_id:
            return
        try:
            self.client.chat_postEphemeral(
                channel=self.channel_id,
                user=self.user_id,
                thread_ts=self.thread_ts,
                text=text,
                blocks=without_autolinks(blocks) or None,
            )
        except CALL_ERRORS as error:
            log_failure("chat.postEphemeral", error, surface=self.surface, channel=self.channel_id)


def is_answer_to(message: Any, intent: str) -> bool:
    """A message this app posted as the answer for `intent` (see answering.triage_metadata)."""
    if not isinstance(message, dict) or not message.get("bot_id"):
        return False
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != METADATA_EVENT_TYPE:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload.get("intent") == intent


@dataclass(slots=True)
class ResponseOutlet:
    """Answers through a response_url: only the person sees it, unless `in_channel`."""

    response_url: str
    channel_id: str
    surface: str
    in_channel: bool = False
    replace_original: bool = False

    def _post(self, message: dict[str, Any], what: str) -> bool:
        if not self.response_url:
            log.error("no response_url for %s in channel %s", self.surface, self.channel_id)
            return False
        try:
            response = build_webhook_client(self.response_url).send_dict(message)
        except CALL_ERRORS as error:
            log_failure(what, error, surface=self.surface, channel=self.channel_id)
            return False
        if response.status_code != 200:
            reason = f"HTTP {response.status_code}: {response.body[:200]}"
            log_failure(what, reason, surface=self.surface, channel=self.channel_id)
            return False
        return True

    def send(
        self, *, text: str, blocks: Sequence[Block] = (), metadata: dict[str, Any] | None = None
    ) -> bool:
        message: dict[str, Any] = {
            "text": text,
            "response_type": "in_channel" if self.in_channel else "ephemeral",
            "replace_original": self.replace_original,
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if blocks:
            message["blocks"] = without_autolinks(blocks)
        if metadata is not None:
            message["metadata"] = metadata
        if self._post(message, "response_url"):
            return True
        if self.in_channel or self.replace_original:
            self.notice(wording.SOMETHING_WENT_WRONG)
        return False

    def notice(self, text: str, blocks: Sequence[Block] = ()) -> None:
        note: dict[str, Any] = {
            "text": text,
            "response_type": "ephemeral",
            "replace_original": False,
        }
        if blocks:
            note["blocks"] = without_autolinks(blocks)
        self._post(note, "response_url notice")

    def replace(self, text: str) -> None:
        """Swap the message the click came from (its buttons included) for a line of text."""
        self._post({"text": text, "replace_original": True}, "response_url replace")


@dataclass(slots=True)
class FallbackOutlet:
    """Tries the thread first and the response_url when the app may not post in the channel."""

    first: ThreadOutlet
    then: ResponseOutlet

    @property
    def surface(self) -> str:
        return self.first.surface

    @property
    def channel_id(self) -> str:
        return self.first.channel_id

    def send(
        self, *, text: str, blocks: Sequence[Block] = (), metadata: dict[str, Any] | None = None
    ) -> bool:
        return self.first.send(text=text, blocks=blocks, metadata=metadata) or self.then.send(
            text=text, blocks=blocks, metadata=metadata
        )

    def notice(self, text: str, blocks: Sequence[Block] = ()) -> None:
        self.then.notice(text, blocks)


@contextmanager
def guarded(
    outlet: Outlet | None, *, what: str, surface: str, channel: str | None
) -> Iterator[None]:
    """Any failure inside is logged with its context and the person told, never raised to Bolt."""
    try:
        yield
    except Exception:
        log.exception("could not %s for %s in channel %s", what, surface, channel)
        if outlet is not None:
            outlet.notice(wording.SOMETHING_WENT_WRONG)
