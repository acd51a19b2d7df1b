"""Fitting a multinomial logistic regression on sparse features, and its temperature.

Only `mailhelp train` and evaluation import this module; it needs SciPy, which triage does not.
Everything here is deterministic: no random starts, no shuffling, fixed iteration limits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, sparse

from bot.learned.model import FloatArray

MAX_ITERATIONS = 400


@dataclass(frozen=True, slots=True)
class FitSettings:
    # L2 penalty on the weights (not the bias), per unit of total sample weight.
    l2: float = 3e-6
    # A text feature seen in fewer examples than this is noise, not evidence.
    min_count: int = 2
    # The null class counts as this many intents' worth of examples in the loss.
    null_weight: float = 1.0
    # Weights smaller than this are dropped from the stored model.
    prune_below: float = 0.02
    # The temperature is fitted on scores from models that never saw the writer; writers are
    # dealt into this many folds, which costs that many extra fits.
    calibration_folds: int = 4


def vocabulary(rows: Sequence[Mapping[str, float]], min_count: int) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for features in rows:
        for name in features:
            counts[name] = counts.get(name, 0) + 1
    kept = (
        name
        for name, count in counts.items()
        if count >= min_count or not name.startswith(("w:", "b:", "c:"))
    )
    return tuple(sorted(kept))


def design_matrix(
    rows: Sequence[Mapping[str, float]], features: Sequence[str]
) -> sparse.csr_matrix:
    index = {name: column for column, name in enumerate(features)}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for row in rows:
        for name, value in sorted(row.items()):
            column = index.get(name)
            if column is not None:
                indices.append(column)
                data.append(value)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
        shape=(len(rows), len(features)),
    )


def _softmax(scores: FloatArray) -> FloatArray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
    return result


def fit_logistic(
    matrix: sparse.csr_matrix,
    labels: Sequence[int],
    n_classes: int,
    *,
    l2: float,
    sample_weight: Sequence[float],
) -> tuple[FloatArray, FloatArray]:
    """Weights (features x classes) and bias minimising weighted cross-entropy plus L2."""
    n_rows, n_features = matrix.shape
    onehot = np.zeros((n_rows, n_classes))
    onehot[np.arange(n_rows), np.asarray(labels)] = 1.0
    weight = np.asarray(sample_weight, dtype=np.float64)
    weight = weight / weight.sum()
    transposed = matrix.T.tocsr()

    def loss_and_gradient(flat: FloatArray) -> tuple[float, FloatArray]:
        weights = flat[: n_features * n_classes].reshape(n_features, n_classes)
        bias = flat[n_features * n_classes :]
        scores = matrix @ weights + bias
        probabilities = _softmax(scores)
        log_likelihood = np.log(np.maximum((probabilities * onehot).sum(axis=1), 1e-300))
        loss = -float(weight @ log_likelihood) + 0.5 * l2 * float((weights * weights).sum())
        error = (probabilities - onehot) * weight[:, None]
        grad_weights = transposed @ error + l2 * weights
        grad_bias = error.sum(axis=0)
        return loss, np.concatenate([np.asarray(grad_weights).ravel(), grad_bias])

    start = np.zeros(n_features * n_classes + n_classes)
    found = optimize.minimize(
        loss_and_gradient,
        start,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": MAX_ITERATIONS, "gtol": 1e-6},
    )
    flat = found.x
    return flat[: n_features * n_classes].reshape(n_features, n_classes), flat[
        n_features * n_classes :
    ]


def fit_temperature(scores: FloatArray, labels: Sequence[int]) -> float:
    """The temperature that makes held-out probabilities honest (lowest log-loss)."""
    targets = np.asarray(labels)

    def log_loss(temperature: float) -> float:
        probabilities = _softmax(scores / temperature)
        picked = probabilities[np.arange(len(targets)), targets]
        return -float(np.log(np.maximum(picked, 1e-300)).mean())

    found = optimize.minimize_scalar(log_loss, bounds=(0.05, 20.0), method="bounded")
    return round(float(found.x), 4)
