"""What every listener is handed: settings, the triage engine, the renderer and the stores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.dnscheck.checker import DomainChecker
from bot.dnscheck.wording import CheckWording
from bot.engine import Engine
from bot.render.context import consumer_provider, domain_of
from bot.render.renderer import Renderer
from bot.settings import Settings
from bot.slack.pool import ListenerPool
from bot.slack.texts import SlackTexts
from bot.slack.workspace_config import Workspaces
from bot.storage.interface import Store

if TYPE_CHECKING:
    from slack_sdk.oauth.installation_store import InstallationStore


@dataclass(frozen=True, slots=True)
class Deps:
    settings: Settings
    engine: Engine
    renderer: Renderer
    store: Store
    pool: ListenerPool
    checker: DomainChecker
    check_wording: CheckWording
    workspaces: Workspaces
    texts: SlackTexts
    # Present in OAuth mode: where installations are kept, so an uninstall can remove them.
    installations: InstallationStore | None = None

    def defer(self, fn: Callable[..., object], /, *args: Any) -> None:
        """The slow part of a listener, run after the acks (see ListenerPool)."""
        self.pool.defer(fn, *args)

    def recipient_platform(self, recipient: str | None) -> str | None:
        """The mail platform of a company recipient's domain, from its MX (cached); never
        called before the ack, and None for consumer mailboxes or when turned off."""
        domain = domain_of(recipient)
        if not self.settings.mailhelp_recipient_platform or not domain:
            return None
        if consumer_provider(domain) is not None:
            return None
        return self.checker.recipient_platform(domain)

    @property
    def topics(self) -> list[tuple[str, str]]:
        """(intent id, title) for every topic, in the order intents.yaml lists them."""
        return [(intent.id, intent.title) for intent in self.engine.catalog.intents.values()]

    @property
    def aliases(self) -> dict[str, str]:
        """The first alias of each topic, the word `/mailhelp <topic>` is shown with."""
        return {intent.id: intent.aliases[0] for intent in self.engine.catalog.intents.values()}

    def title(self, intent: str | None) -> str | None:
        spec = self.engine.catalog.intents.get(intent) if intent else None
        return spec.title if spec is not None else None

    @property
    def triage_emoji(self) -> tuple[str, ...]:
        # The custom emoji may not exist in a workspace, so the stock fallback always works too.
        names = (self.settings.mailhelp_triage_emoji, self.settings.mailhelp_fallback_emoji)
        return tuple(dict.fromkeys(name for name in names if name))
