"""The model on disk: a JSON file that says what it is, the feature names as text, the weights
as a NumPy array.

`triage_model.json` holds the format, what the model was trained from (corpus and rules
fingerprints, settings), the classes, the bias and the calibration temperature, and names the
two files beside it: `<stem>.features.txt` (one feature name a line, the weight rows' order)
and `<stem>.weights.npy` (a features x classes float32 matrix, read with pickling refused, and
checked against the SHA-256 the JSON records). Reading it all takes a few milliseconds, where
parsing the numbers out of JSON took a third of a second.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from bot.learned.features import FEATURE_VERSION
from bot.learned.model import LearnedModel, ModelFileError

MODEL_FORMAT = "mailhelp-triage-model"
MODEL_VERSION = 2


def companion_paths(path: Path) -> tuple[Path, Path]:
    return path.with_suffix(".features.txt"), path.with_suffix(".weights.npy")


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ModelFileError(f"{path}: {what} not found (build it with `mailhelp train`)") from exc
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def _header(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(_read(path, "model file"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path}: not a JSON model file: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelFileError(f"{path}: format: not a {MODEL_FORMAT} file")
    if data.get("version") != MODEL_VERSION:
        raise ModelFileError(f"{path}: version: {data.get('version')!r}, expected {MODEL_VERSION}")
    if data.get("feature_version") != FEATURE_VERSION:
        raise ModelFileError(
            f"{path}: feature_version: built for features v{data.get('feature_version')}, "
            f"this code makes v{FEATURE_VERSION}; rebuild it with `mailhelp train`"
        )
    return data


def read_model(path: Path) -> LearnedModel:
    data = _header(path)
    features_path, weights_path = companion_paths(path)
    names = _read(features_path, "feature list").decode("utf-8").split("\n")
    raw = _read(weights_path, "weights file")
    try:
        if hashlib.sha256(raw).hexdigest() != data["weights_sha256"]:
            raise ModelFileError(f"{weights_path}: does not match {path.name} (weights_sha256)")
        weights = np.load(io.BytesIO(raw), allow_pickle=False).astype(np.float64)
        classes = tuple(str(name) for name in data["classes"])
        bias = np.array(data["bias"], dtype=np.float64)
        temperature = float(data["temperature"])
        fingerprints = (str(data["corpus_sha256"]), str(data["intents_sha256"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{path}: {exc.__class__.__name__}: {exc}") from exc
    if weights.shape != (len(names), len(classes)):
        raise ModelFileError(
            f"{weights_path}: holds a {weights.shape} matrix; {features_path.name} and "
            f"{path.name} need ({len(names)}, {len(classes)})"
        )
    if bias.shape != (len(classes),) or temperature <= 0:
        raise ModelFileError(f"{path}: bias or temperature does not fit the classes")
    return LearnedModel(
        classes=classes,
        features=tuple(names),
        weights=weights,
        bias=bias,
        temperature=temperature,
        corpus_sha256=fingerprints[0],
        intents_sha256=fingerprints[1],
        meta={key: data[key] for key in ("settings", "trained_on") if key in data},
    )


def model_files(model: LearnedModel, path: Path) -> dict[Path, bytes]:
    """The three files of a model, by path; the same model always gives the same bytes."""
    features_path, weights_path = companion_paths(path)
    buffer = io.BytesIO()
    np.save(buffer, model.weights.astype(np.float32), allow_pickle=False)
    weights = buffer.getvalue()
    header = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "feature_version": FEATURE_VERSION,
        "corpus_sha256": model.corpus_sha256,
        "intents_sha256": model.intents_sha256,
        **model.meta,
        "classes": list(model.classes),
        "temperature": model.temperature,
        "bias": [float(value) for value in model.bias],
        "features": len(model.features),
        "features_file": features_path.name,
        "weights_file": weights_path.name,
        "weights_sha256": hashlib.sha256(weights).hexdigest(),
    }
    return {
        path: (json.dumps(header, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        features_path: "\n".join(model.features).encode("utf-8"),
        weights_path: weights,
    }


def write_model(model: LearnedModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, content in model_files(model, path).items():
        target.write_bytes(content)
