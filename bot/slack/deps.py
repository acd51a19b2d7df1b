"""What every listener is handed: settings, the triage engine, the renderer and the store."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine import Engine
from bot.render.renderer import Renderer
from bot.settings import Settings
from bot.slack.pool import Traffic
from bot.storage.interface import Store

# Long enough for a burst of events to be acknowledged, short enough that a reply under
# sustained load is late by two seconds at most.
ACK_FIRST_WAIT_S = 2.0


@dataclass(frozen=True, slots=True)
class Deps:
    settings: Settings
    engine: Engine
    renderer: Renderer
    store: Store
    traffic: Traffic = field(default_factory=Traffic)

    def after_ack(self) -> None:
        """Let acks still being sent go first: Slack gives an ack 3 seconds, a reply no deadline.

        Listener work shares the process (and its interpreter lock) with the requests being
        acknowledged; during a burst it waits for a lull, ACK_FIRST_WAIT_S at most.
        """
        self.traffic.wait_for_lull(ACK_FIRST_WAIT_S)

    @property
    def topics(self) -> list[tuple[str, str]]:
        """(intent id, title) for every topic, in the order intents.yaml lists them."""
        return [(intent.id, intent.title) for intent in self.engine.catalog.intents.values()]

    def title(self, intent: str | None) -> str | None:
        spec = self.engine.catalog.intents.get(intent) if intent else None
        return spec.title if spec is not None else None

    @property
    def triage_emoji(self) -> tuple[str, ...]:
        # The custom emoji may not exist in a workspace, so the stock fallback always works too.
        names = (self.settings.mailhelp_triage_emoji, self.settings.mailhelp_fallback_emoji)
        return tuple(dict.fromkeys(name for name in names if name))
