"""The stored model: current with the corpus and rules, safe to read, rebuilt identically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import DEFAULT_EXAMPLES_DIR, DEFAULT_INTENTS_PATH, DEFAULT_MODEL_PATH
from bot.intents.catalog import Catalog
from bot.intents.matcher import Matcher
from bot.learned.corpus import load_corpus
from bot.learned.features import FEATURE_VERSION, message_features
from bot.learned.freshness import file_digest, stale_reasons
from bot.learned.model import LearnedModel, ModelFileError
from bot.learned.training import featurize, model_json, train_model


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(DEFAULT_INTENTS_PATH)


def test_stored_model_was_built_from_this_corpus_and_these_rules(catalog: Catalog) -> None:
    model = LearnedModel.load(DEFAULT_MODEL_PATH)
    examples = load_corpus(DEFAULT_EXAMPLES_DIR, catalog.intents)
    assert stale_reasons(model, examples, DEFAULT_INTENTS_PATH) == [], (
        "model/triage_model.json is stale: run `mailhelp train` and commit the result"
    )


def test_stored_model_knows_exactly_the_intents_of_intents_yaml(catalog: Catalog) -> None:
    model = LearnedModel.load(DEFAULT_MODEL_PATH)
    assert set(model.classes) == {*catalog.intents, "null"}


def test_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=r"model file not found \(build it with `mailhelp train`\)"):
        LearnedModel.load(tmp_path / "absent.json")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json", "not a JSON model file"),
        ('{"format": "pickle"}', "format: not a mailhelp-triage-model file"),
        (
            json.dumps({"format": "mailhelp-triage-model", "version": 1, "feature_version": 0}),
            f"this code makes v{FEATURE_VERSION}",
        ),
        (
            json.dumps(
                {"format": "mailhelp-triage-model", "version": 1, "feature_version": FEATURE_VERSION}
            ),
            "KeyError",
        ),
    ],
)
def test_broken_model_file_is_named_with_its_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFileError) as caught:
        LearnedModel.load(path)
    assert str(caught.value).startswith(str(path))
    assert problem in str(caught.value)


def _small_corpus(catalog: Catalog) -> list:  # type: ignore[type-arg]
    examples = load_corpus(DEFAULT_EXAMPLES_DIR, catalog.intents)
    picked: dict[tuple[str, str], int] = {}
    chosen = []
    for example in examples:
        key = (example.label, example.writer)
        if example.writer in ("en_support", "es_pt", "de_nl") and picked.get(key, 0) < 3:
            picked[key] = picked.get(key, 0) + 1
            chosen.append(example)
    return chosen


def test_training_twice_writes_the_same_file(catalog: Catalog) -> None:
    matcher = Matcher(catalog)
    data = featurize(matcher, _small_corpus(catalog), sorted(catalog.intents))
    digest = file_digest(DEFAULT_INTENTS_PATH)
    first = model_json(train_model(data, intents_sha256=digest))
    second = model_json(train_model(data, intents_sha256=digest))
    assert first == second


def test_written_model_reads_back_with_the_same_predictions(catalog: Catalog) -> None:
    matcher = Matcher(catalog)
    data = featurize(matcher, _small_corpus(catalog), sorted(catalog.intents))
    model = train_model(data, intents_sha256="0" * 64)
    again = LearnedModel.from_dict(json.loads(model_json(model)))
    features = message_features(matcher.score("the customer never got our invoice email"))
    assert again.predict(features).probabilities == pytest.approx(
        model.predict(features).probabilities
    )
    assert again.corpus_sha256 == model.corpus_sha256
