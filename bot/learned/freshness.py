"""Whether the stored model was built from the corpus and rules as they are now."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from bot.learned.corpus import Example, corpus_digest
from bot.learned.model import LearnedModel


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale_reasons(
    model: LearnedModel, examples: Sequence[Example], intents_path: Path
) -> list[str]:
    """What changed since the model was trained; empty when it is up to date."""
    reasons: list[str] = []
    if model.corpus_sha256 != corpus_digest(examples):
        reasons.append("the example corpus changed")
    if model.intents_sha256 != file_digest(intents_path):
        reasons.append(f"{intents_path.name} changed (the model weighs its rules' findings)")
    return reasons
