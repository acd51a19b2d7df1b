""" "Check the domain": the DNS check of the answer's sending domain, posted beside the answer."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from bot.dnscheck.checker import CheckRequest
from bot.dnscheck.names import parse_domain
from bot.slack import wording
from bot.slack.deps import Deps
from bot.slack.domain_check import CheckRef, post_check
from bot.slack.ids import Action
from bot.slack.listeners.deferred import ack_then
from bot.slack.payloads import action_of, channel_of, user_of
from bot.slack.replies import Outlet, ResponseOutlet, ThreadOutlet, guarded


def _outlet(client: WebClient, body: dict[str, Any], ref: CheckRef | None) -> Outlet:
    channel = channel_of(body) or ""
    if ref is None or ref.thread_ts is None:
        # A private answer (from the slash command) has no thread: reply privately too.
        return ResponseOutlet(str(body.get("response_url") or ""), channel, "domain_check")
    return ThreadOutlet(client, channel, ref.thread_ts, user_of(body), "domain_check")


def check_answer_domain(
    deps: Deps, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    ref = CheckRef.decode(action_of(body).get("value"))
    outlet = _outlet(client, body, ref)
    if ref is None:
        outlet.notice(wording.BAD_BUTTON)
        return
    with guarded(outlet, what="check a domain", surface="domain_check", channel=outlet.channel_id):
        post_check(deps, outlet, CheckRequest(domain=parse_domain(ref.domain)))


def register(app: App, deps: Deps) -> None:
    app.action(Action.CHECK_DOMAIN)(ack_then(deps, check_answer_domain))
