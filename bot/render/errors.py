"""What can go wrong when loading or using the templates, each naming what to fix."""

from __future__ import annotations

from collections.abc import Iterable

from bot.errors import SetupError


class RenderSetupError(SetupError):
    """The responses directory cannot be used: a template is missing, broken or renders badly."""


class UnknownIntentError(ValueError):
    """An intent id that no loaded template answers; the message lists the valid ids."""

    def __init__(self, intent_id: str, known: Iterable[str]) -> None:
        self.intent_id = intent_id
        self.known = tuple(known)
        super().__init__(f"unknown intent {intent_id!r}; valid ids: {', '.join(self.known)}")


class RenderError(RuntimeError):
    """A template produced output that cannot be read; names the template."""
