"""Detail extraction from free text and pasted bounces."""

from bot.entities.extract import extract_entities
from bot.entities.model import Entities, TypoHint

__all__ = ["Entities", "TypoHint", "extract_entities"]
