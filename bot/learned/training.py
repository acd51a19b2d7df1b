"""Building the model from the corpus: features, grouped cross-validation, calibration, storage.

`mailhelp train` and `mailhelp eval --cv` use this module; it needs SciPy (the `train` extra).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from bot.intents.matcher import Matcher, RuleScores
from bot.learned.augment import anonymised_copies
from bot.learned.corpus import NULL_LABEL, Example, corpus_digest
from bot.learned.features import message_features
from bot.learned.fit import FitSettings, design_matrix, fit_logistic, fit_temperature, vocabulary
from bot.learned.model import FloatArray, LearnedModel

WEIGHT_DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Featurized:
    """The corpus as the optimiser sees it: one feature map and one class index per example."""

    examples: tuple[Example, ...]
    scored: tuple[RuleScores, ...]
    rows: tuple[Mapping[str, float], ...]
    classes: tuple[str, ...]
    labels: tuple[int, ...]
    # How many of `examples`, from the start, are the corpus itself; the rest are copies made
    # for training only (see augment.py), never scored.
    originals: int

    @property
    def corpus(self) -> tuple[Example, ...]:
        return self.examples[: self.originals]


def featurize(
    matcher: Matcher,
    examples: Sequence[Example],
    intent_ids: Sequence[str],
    *,
    augment: bool = True,
) -> Featurized:
    classes = (NULL_LABEL, *sorted(intent_ids))
    position = {name: index for index, name in enumerate(classes)}
    everything = [*examples, *(anonymised_copies(examples) if augment else ())]
    scored = tuple(matcher.score(example.text) for example in everything)
    rows = tuple(message_features(found) for found in scored)
    labels = tuple(position[example.label] for example in everything)
    return Featurized(tuple(everything), scored, rows, classes, labels, len(examples))


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


def writer_folds(data: Featurized, folds: int | None = None) -> dict[str, int]:
    """Each writer's fold: one fold per writer, or writers dealt round-robin into `folds`."""
    writers = sorted({example.writer for example in data.examples})
    count = len(writers) if folds is None else min(folds, len(writers))
    return {writer: index % count for index, writer in enumerate(writers)}


def fold_models(
    data: Featurized, settings: FitSettings, folds: Mapping[str, int]
) -> dict[str, LearnedModel]:
    """For each writer, a model trained without that writer's fold (uncalibrated)."""
    by_fold: dict[int, LearnedModel] = {}
    for fold in sorted(set(folds.values())):
        train = [i for i, e in enumerate(data.examples) if folds[e.writer] != fold]
        features, weights, bias = _fit(data, train, settings)
        by_fold[fold] = LearnedModel(
            classes=data.classes,
            features=features,
            weights=weights,
            bias=bias,
            temperature=1.0,
            corpus_sha256="",
            intents_sha256="",
        )
    return {writer: by_fold[fold] for writer, fold in folds.items()}


def out_of_fold_scores(data: Featurized, models: Mapping[str, LearnedModel]) -> FloatArray:
    """Raw scores of each corpus example from the model that never saw its writer."""
    scores = np.zeros((data.originals, len(data.classes)))
    for index, example in enumerate(data.corpus):
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
        folds = writer_folds(data, settings.calibration_folds)
        held_out = out_of_fold_scores(data, fold_models(data, settings, folds))
        temperature = fit_temperature(held_out, data.labels[: data.originals])
    features, weights, bias = _fit(data, range(len(data.examples)), settings)
    kept, stored = _pruned(features, weights, settings)
    return LearnedModel(
        classes=data.classes,
        features=kept,
        weights=stored,
        bias=np.round(bias, WEIGHT_DECIMALS),
        temperature=temperature,
        corpus_sha256=corpus_digest(data.corpus),
        intents_sha256=intents_sha256,
        meta={
            "settings": asdict(settings),
            "trained_on": {
                "examples": data.originals,
                "anonymised_copies": len(data.examples) - data.originals,
                "writers": sorted({example.writer for example in data.corpus}),
            },
        },
    )
