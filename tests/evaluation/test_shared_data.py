"""Accuracy on the shared labelled data, against the targets the product is held to."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import DEFAULT_INTENTS_PATH
from bot.evaluation import Report, evaluate, read_labelled
from bot.intents.catalog import Catalog
from bot.intents.decision import Thresholds
from bot.intents.matcher import Matcher
from bot.settings import Settings

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(Catalog.load(DEFAULT_INTENTS_PATH))


@pytest.fixture(scope="module")
def thresholds() -> Thresholds:
    return Settings().thresholds


def report_for(path: Path, matcher: Matcher, thresholds: Thresholds) -> Report:
    return evaluate(matcher, thresholds, read_labelled(path))


def test_dev_messages_meet_the_targets(
    shared_eval: Path, matcher: Matcher, thresholds: Thresholds
) -> None:
    report = report_for(shared_eval / "dev.jsonl", matcher, thresholds)
    assert report.accuracy >= 0.95
    assert report.macro_f1 >= 0.93
    assert report.false_trigger_rate <= 0.01
    assert report.speak_share >= 0.80


def test_real_bounces_meet_the_target(
    shared_eval: Path, matcher: Matcher, thresholds: Thresholds
) -> None:
    path = shared_eval / "real_bounces.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not there yet")
    assert report_for(path, matcher, thresholds).accuracy >= 0.90


def test_every_intent_of_the_taxonomy_is_defined(shared_eval: Path) -> None:
    taxonomy = (shared_eval / "INTENTS.md").read_text(encoding="utf-8")
    defined = {intent.id for intent in Catalog.load(DEFAULT_INTENTS_PATH)}
    ids = {line.split("`")[1] for line in taxonomy.splitlines() if line.startswith("| `")}
    assert ids, "the taxonomy table was read"
    assert ids <= defined
