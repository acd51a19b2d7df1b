"""The listener most surfaces need: acknowledge at once, then do the slow part on the work pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk.web import WebClient

from bot.slack.deps import Deps

# The slow part of a listener; every one takes the same four arguments, in this order.
Work = Callable[[Deps, dict[str, Any], BoltContext, WebClient], None]
Listener = Callable[[Ack, dict[str, Any], BoltContext, WebClient], None]


def ack_then(deps: Deps, work: Work) -> Listener:
    """A Bolt listener that acks and hands `work` to the pool (see ListenerPool.defer)."""

    # Bolt passes arguments by parameter name, so these names are part of the contract.
    def listener(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps.defer(work, deps, body, context, client)

    # Bolt names a listener in its logs by the function's name.
    listener.__name__ = listener.__qualname__ = f"acknowledge_{work.__name__}"
    return listener
