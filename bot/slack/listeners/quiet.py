"""Last in the list: every other message event is acknowledged and left alone."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.slack.deps import Deps


def register(app: App, deps: Deps) -> None:
    # Joins, topic changes, edits and the like arrive because of the message.* subscriptions;
    # without a listener Bolt would log each one as an unhandled request.
    @app.event("message")
    def ignore_other_messages(ack: Ack) -> None:
        ack()
