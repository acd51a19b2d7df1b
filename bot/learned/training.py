"""Building the model from the corpus: features, grouped cross-validation, calibration, storage.

`mailhelp train` and `mailhelp eval --cv` use this module; it needs SciPy (the `train` extra).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from bot.intents.matcher import Matcher, RuleScores
from bot.learned.corpus import NULL_LABEL, Example, corpus_digest
from bot.learned.features import FEATURE_VERSION, message_features
from bot.learned.fit import FitSettings, design_matrix, fit_logistic, fit_temperature, vocabulary
from bot.learned.model import MODEL_FORMAT, MODEL_VERSION, FloatArray, LearnedModel

WEIGHT_DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Featurized:
    """The corpus as the optimiser sees it: one feature map and one class index per example."""

    examples: tuple[Example, ...]
    scored: tuple[RuleScores, ...]
    rows: tuple[Mapping[str, float], ...]
    classes: tuple[str, ...]
    labels: tuple[int, ...]


def featurize(
    matcher: Matcher, examples: Sequence[Example], intent_ids: Sequence[str]
) -> Featurized:
    classes = (NULL_LABEL, *sorted(intent_ids))
    position = {name: index for index, name in enumerate(classes)}
    scored = tuple(matcher.score(example.text) for example in examples)
    rows = tuple(message_features(found) for found in scored)
    labels = tuple(position[example.label] for example in examples)
    return Featurized(tuple(examples), scored, rows, classes, labels)


def _sample_weights(data: Featurized, indices: Sequence[int], settings: FitSettings) -> list[float]:
    return [settings.null_weight if data.labels[i] == 0 else 1.0 for i in indices]


def _fit(
    data: Featurized, indices: Sequence[int], settings: FitSettings
) -> tuple[tuple[str, ...], FloatArray, FloatArray]:
    rows = [data.rows[i] for i in indices]
    features = vocabulary(rows, settings.min_count)
    weights, bias = fit_logistic(
        design_matrix(rows, features),
        [data.labels[i] for i in indices],
        len(data.classes),
        l2=settings.l2,
        sample_weight=_sample_weights(data, indices, settings),
    )
    return features, weights, bias


def _pruned(
    features: Sequence[str], weights: FloatArray, settings: FitSettings
) -> tuple[tuple[str, ...], FloatArray]:
    rounded = np.round(weights, WEIGHT_DECIMALS)
    rounded[np.abs(rounded) < settings.prune_below] = 0.0
    keep = np.flatnonzero(np.abs(rounded).max(axis=1) > 0)
    return tuple(features[int(i)] for i in keep), rounded[keep]


def fold_models(data: Featurized, settings: FitSettings) -> dict[str, LearnedModel]:
    """For each writer, a model trained on every other writer's examples (uncalibrated)."""
    models: dict[str, LearnedModel] = {}
    for writer in sorted({example.writer for example in data.examples}):
        train = [i for i, e in enumerate(data.examples) if e.writer != writer]
        features, weights, bias = _fit(data, train, settings)
        models[writer] = LearnedModel(
            classes=data.classes,
            features=features,
            weights=weights,
            bias=bias,
            temperature=1.0,
            corpus_sha256="",
            intents_sha256="",
        )
    return models


def out_of_fold_scores(data: Featurized, models: Mapping[str, LearnedModel]) -> FloatArray:
    """Raw scores of each example from the model that never saw its writer."""
    scores = np.zeros((len(data.examples), len(data.classes)))
    for index, example in enumerate(data.examples):
        scores[index] = models[example.writer].logits(data.rows[index])[0]
    return scores


def train_model(
    data: Featurized,
    settings: FitSettings | None = None,
    *,
    intents_sha256: str,
    calibrate: bool = True,
) -> LearnedModel:
    settings = settings or FitSettings()
    temperature = 1.0
    if calibrate and len({example.writer for example in data.examples}) > 1:
        held_out = out_of_fold_scores(data, fold_models(data, settings))
        temperature = fit_temperature(held_out, data.labels)
    features, weights, bias = _fit(data, range(len(data.examples)), settings)
    kept, stored = _pruned(features, weights, settings)
    return LearnedModel(
        classes=data.classes,
        features=kept,
        weights=stored,
        bias=np.round(bias, WEIGHT_DECIMALS),
        temperature=temperature,
        corpus_sha256=corpus_digest(data.examples),
        intents_sha256=intents_sha256,
        meta={
            "settings": asdict(settings),
            "trained_on": {
                "examples": len(data.examples),
                "writers": sorted({example.writer for example in data.examples}),
            },
        },
    )


def model_json(model: LearnedModel) -> str:
    """The model as JSON with one feature a line, so a change to it reads well in a diff."""
    head = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "feature_version": FEATURE_VERSION,
        "corpus_sha256": model.corpus_sha256,
        "intents_sha256": model.intents_sha256,
        **model.meta,
        "classes": list(model.classes),
        "temperature": model.temperature,
        "bias": [float(value) for value in model.bias],
    }
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=False)[:-1] + ', "weights": {']
    body = [
        f"{json.dumps(name, ensure_ascii=False)}: "
        + json.dumps([float(value) for value in row], separators=(",", ":"))
        for name, row in zip(model.features, model.weights, strict=True)
    ]
    lines.append(",\n".join(body))
    lines.append("}}")
    return "\n".join(lines) + "\n"
