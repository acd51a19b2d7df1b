"""The triage engine: the catalog, the matcher and the thresholds, loaded once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot import DEFAULT_INTENTS_PATH, DEFAULT_RESPONSES_DIR
from bot.intents.catalog import Catalog
from bot.intents.decision import Thresholds
from bot.intents.matcher import Matcher
from bot.intents.result import TriageResult
from bot.settings import Settings


@dataclass(frozen=True, slots=True)
class Engine:
    catalog: Catalog
    matcher: Matcher
    thresholds: Thresholds
    responses_dir: Path

    @classmethod
    def load(cls, settings: Settings) -> Engine:
        return cls.from_paths(
            intents_path=settings.mailhelp_intents_path or DEFAULT_INTENTS_PATH,
            responses_dir=settings.mailhelp_responses_dir or DEFAULT_RESPONSES_DIR,
            thresholds=settings.thresholds,
        )

    @classmethod
    def from_paths(
        cls, *, intents_path: Path, responses_dir: Path, thresholds: Thresholds
    ) -> Engine:
        catalog = Catalog.load(intents_path, responses_dir)
        return cls(
            catalog=catalog,
            matcher=Matcher(catalog),
            thresholds=thresholds,
            responses_dir=responses_dir,
        )

    def triage(self, text: str) -> TriageResult:
        return self.matcher.triage(text)
