"""The triage engine: the catalog, the rules, the model and the thresholds, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot import DEFAULT_INTENTS_PATH, DEFAULT_MODEL_PATH, DEFAULT_RESPONSES_DIR
from bot.intents.catalog import Catalog
from bot.intents.decision import Thresholds
from bot.intents.matcher import Matcher
from bot.intents.result import TriageResult
from bot.learned.storage import read_model
from bot.learned.triager import Triager
from bot.settings import Settings


@dataclass(frozen=True, slots=True)
class Engine:
    catalog: Catalog
    triager: Triager
    thresholds: Thresholds
    responses_dir: Path

    @classmethod
    def load(cls, settings: Settings) -> Engine:
        return cls.from_paths(
            intents_path=settings.mailhelp_intents_path or DEFAULT_INTENTS_PATH,
            responses_dir=settings.mailhelp_responses_dir or DEFAULT_RESPONSES_DIR,
            model_path=settings.mailhelp_model_path or DEFAULT_MODEL_PATH,
            thresholds=settings.thresholds,
        )

    @classmethod
    def from_paths(
        cls,
        *,
        intents_path: Path,
        responses_dir: Path,
        thresholds: Thresholds,
        model_path: Path = DEFAULT_MODEL_PATH,
    ) -> Engine:
        catalog = Catalog.load(intents_path, responses_dir)
        model = read_model(model_path)
        return cls(
            catalog=catalog,
            triager=Triager(Matcher(catalog), model),
            thresholds=thresholds,
            responses_dir=responses_dir,
        )

    @property
    def matcher(self) -> Matcher:
        return self.triager.matcher

    def triage(self, text: str) -> TriageResult:
        return self.triager.triage(text)
