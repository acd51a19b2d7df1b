"""The triage model: scoring a message, and naming the features that weighed most."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.errors import SetupError

FloatArray = npt.NDArray[np.float64]


class ModelFileError(SetupError):
    """The model file is missing or wrong; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One feature that pushed a message toward an intent, and by how much."""

    feature: str
    weight: float


@dataclass(frozen=True, slots=True)
class Prediction:
    """Calibrated probabilities over the classes (the intents and `null`)."""

    probabilities: Mapping[str, float]
    feature_rows: tuple[int, ...]
    feature_values: tuple[float, ...]


class LearnedModel:
    """A multinomial logistic regression over named features, with a calibration temperature."""

    def __init__(
        self,
        *,
        classes: tuple[str, ...],
        features: tuple[str, ...],
        weights: FloatArray,
        bias: FloatArray,
        temperature: float,
        corpus_sha256: str,
        intents_sha256: str,
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        self.classes = classes
        self.features = features
        self.index = {name: row for row, name in enumerate(features)}
        self.weights = weights
        self.bias = bias
        self.temperature = temperature
        self.corpus_sha256 = corpus_sha256
        self.intents_sha256 = intents_sha256
        self.meta = dict(meta or {})

    def logits(self, features: Mapping[str, float]) -> tuple[FloatArray, list[int], list[float]]:
        rows: list[int] = []
        values: list[float] = []
        index = self.index
        for name, value in features.items():
            row = index.get(name)
            if row is not None:
                rows.append(row)
                values.append(value)
        scores = self.bias.copy()
        if rows:
            # An elementwise product and a sum, not a matrix product: a BLAS call here would
            # start its own threads inside every web worker thread, for a few hundred numbers.
            scores += (self.weights[rows] * np.asarray(values)[:, None]).sum(axis=0)
        return scores, rows, values

    def predict(self, features: Mapping[str, float]) -> Prediction:
        scores, rows, values = self.logits(features)
        scaled = scores / self.temperature
        scaled -= scaled.max()
        exp = np.exp(scaled)
        probabilities = exp / exp.sum()
        return Prediction(
            probabilities=dict(zip(self.classes, probabilities.tolist(), strict=True)),
            feature_rows=tuple(rows),
            feature_values=tuple(values),
        )

    def reasons(self, prediction: Prediction, label: str, limit: int = 3) -> tuple[Reason, ...]:
        """The features that pushed hardest toward `label`, strongest first."""
        if label not in self.classes or not prediction.feature_rows:
            return ()
        column = self.classes.index(label)
        rows = list(prediction.feature_rows)
        contributions = np.asarray(prediction.feature_values) * self.weights[rows, column]
        order = np.argsort(-contributions, kind="stable")[:limit]
        return tuple(
            Reason(self.features[rows[i]], round(float(contributions[i]), 3))
            for i in order
            if contributions[i] > 0
        )
