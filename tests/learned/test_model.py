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
from bot.learned.model import ModelFileError
from bot.learned.storage import companion_paths, model_files, read_model, write_model
from bot.learned.training import featurize, train_model


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(DEFAULT_INTENTS_PATH)


def test_stored_model_was_built_from_this_corpus_and_these_rules(catalog: Catalog) -> None:
    model = read_model(DEFAULT_MODEL_PATH)
    examples = load_corpus(DEFAULT_EXAMPLES_DIR, catalog.intents)
    assert stale_reasons(model, examples, DEFAULT_INTENTS_PATH) == [], (
        "model/triage_model.json is stale: run `mailhelp train` and commit the result"
    )


def test_stored_model_knows_exactly_the_intents_of_intents_yaml(catalog: Catalog) -> None:
    model = read_model(DEFAULT_MODEL_PATH)
    assert set(model.classes) == {*catalog.intents, "null"}


def test_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(
        ModelFileError, match=r"model file not found \(build it with `mailhelp train`\)"
    ):
        read_model(tmp_path / "absent.json")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json", "not a JSON model file"),
        ('{"format": "pickle"}', "format: not a mailhelp-triage-model file"),
        (
            json.dumps({"format": "mailhelp-triage-model", "version": 2, "feature_version": 0}),
            f"this code makes v{FEATURE_VERSION}",
        ),
    ],
)
def test_broken_model_file_is_named_with_its_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFileError) as caught:
        read_model(path)
    assert str(caught.value).startswith(str(path))
    assert problem in str(caught.value)


def _copy_of_stored_model(tmp_path: Path) -> Path:
    target = tmp_path / "model.json"
    for source, copy in zip(
        (DEFAULT_MODEL_PATH, *companion_paths(DEFAULT_MODEL_PATH)),
        (target, *companion_paths(target)),
        strict=True,
    ):
        copy.write_bytes(source.read_bytes())
    return target


def test_weights_that_do_not_belong_to_the_header_are_refused(tmp_path: Path) -> None:
    path = _copy_of_stored_model(tmp_path)
    weights = companion_paths(path)[1]
    weights.write_bytes(weights.read_bytes()[:-4] + b"\x00\x00\x80\x3f")
    with pytest.raises(ModelFileError, match=r"does not match model\.json"):
        read_model(path)


def test_a_feature_list_of_the_wrong_length_is_refused(tmp_path: Path) -> None:
    path = _copy_of_stored_model(tmp_path)
    features = companion_paths(path)[0]
    features.write_text("w:only\nw:two", encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"need \(2, 18\)"):
        read_model(path)


def test_pickled_weights_are_never_loaded(tmp_path: Path) -> None:
    path = _copy_of_stored_model(tmp_path)
    weights = companion_paths(path)[1]
    import hashlib
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, np.array([object()], dtype=object), allow_pickle=True)
    weights.write_bytes(buffer.getvalue())
    header = json.loads(path.read_text(encoding="utf-8"))
    header["weights_sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    path.write_text(json.dumps(header), encoding="utf-8")
    with pytest.raises(ModelFileError, match="ValueError"):
        read_model(path)


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
    target = DEFAULT_MODEL_PATH.parent / "unused.json"
    first = model_files(train_model(data, intents_sha256=digest), target)
    second = model_files(train_model(data, intents_sha256=digest), target)
    assert first == second


def test_written_model_reads_back_with_the_same_predictions(
    catalog: Catalog, tmp_path: Path
) -> None:
    matcher = Matcher(catalog)
    data = featurize(matcher, _small_corpus(catalog), sorted(catalog.intents))
    model = train_model(data, intents_sha256="0" * 64)
    write_model(model, tmp_path / "model.json")
    again = read_model(tmp_path / "model.json")
    features = message_features(matcher.score("the customer never got our invoice email"))
    assert again.predict(features).probabilities == pytest.approx(
        model.predict(features).probabilities, abs=1e-5
    )
    assert again.corpus_sha256 == model.corpus_sha256
