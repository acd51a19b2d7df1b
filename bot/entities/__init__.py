"""Detail extraction from free text and pasted bounces."""

from bot.entities.model import Entities, TypoHint

__all__ = ["Entities", "TypoHint"]
