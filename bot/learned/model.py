"""The stored triage model: reading it, scoring a message, and naming what weighed most."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.learned.features import FEATURE_VERSION

MODEL_FORMAT = "mailhelp-triage-model"
MODEL_VERSION = 1

FloatArray = npt.NDArray[np.float64]


class ModelFileError(Exception):
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

    @classmethod
    def load(cls, path: Path) -> LearnedModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ModelFileError(
                f"{path}: model file not found (build it with `mailhelp train`)"
            ) from exc
        except OSError as exc:
            raise ModelFileError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelFileError(f"{path}: not a JSON model file: {exc}") from exc
        return cls.from_dict(data, path=path)

    @classmethod
    def from_dict(cls, data: Any, *, path: Path | str = "<model>") -> LearnedModel:
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise ModelFileError(f"{path}: format: not a {MODEL_FORMAT} file")
        if data.get("version") != MODEL_VERSION:
            found = data.get("version")
            raise ModelFileError(f"{path}: version: {found!r}, expected {MODEL_VERSION}")
        if data.get("feature_version") != FEATURE_VERSION:
            raise ModelFileError(
                f"{path}: feature_version: built for features v{data.get('feature_version')}, "
                f"this code makes v{FEATURE_VERSION}; rebuild it with `mailhelp train`"
            )
        try:
            classes = tuple(str(name) for name in data["classes"])
            table: dict[str, list[float]] = data["weights"]
            weights = np.array(list(table.values()), dtype=np.float64).reshape(
                len(table), len(classes)
            )
            bias = np.array(data["bias"], dtype=np.float64)
            temperature = float(data["temperature"])
            corpus = str(data["corpus_sha256"])
            intents = str(data["intents_sha256"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"{path}: {exc.__class__.__name__}: {exc}") from exc
        if bias.shape != (len(classes),) or temperature <= 0:
            raise ModelFileError(f"{path}: bias or temperature does not fit the classes")
        return cls(
            classes=classes,
            features=tuple(table),
            weights=weights,
            bias=bias,
            temperature=temperature,
            corpus_sha256=corpus,
            intents_sha256=intents,
            meta={k: v for k, v in data.items() if k in ("settings", "trained_on")},
        )

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
            scores += np.asarray(values) @ self.weights[rows]
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
