"""Cross-validation grouped by writer: each writer's examples triaged by a model trained
without them, so the figures say how the triage does on people it has never read."""

from __future__ import annotations

from bot.evaluation import Labelled, Report, score_results
from bot.intents.decision import Thresholds
from bot.intents.matcher import Matcher
from bot.intents.result import TriageResult
from bot.learned.fit import FitSettings, fit_temperature
from bot.learned.training import Featurized, fold_models, out_of_fold_scores, writer_folds
from bot.learned.triager import Triager


def cross_validate(
    matcher: Matcher,
    data: Featurized,
    thresholds: Thresholds,
    settings: FitSettings | None = None,
    *,
    folds: int | None = None,
) -> tuple[Report, float]:
    """The report over every example, each scored by a model that never saw its writer, and
    the temperature. One fold per writer, or writers dealt into `folds` groups to save time."""
    models = fold_models(data, settings or FitSettings(), writer_folds(data, folds))
    temperature = fit_temperature(out_of_fold_scores(data, models), data.labels[: data.originals])
    triagers: dict[str, Triager] = {}
    for writer, model in models.items():
        # The fold models are this function's own; each takes the temperature fitted on all folds.
        model.temperature = temperature
        triagers[writer] = Triager(matcher, model)
    pairs: list[tuple[Labelled, TriageResult]] = []
    for number, (example, scored) in enumerate(zip(data.corpus, data.scored, strict=False), 1):
        row = Labelled(
            text=example.text,
            intent=example.intent,
            line=number,
            lang=example.lang,
            style=example.style,
            writer=example.writer,
        )
        pairs.append((row, triagers[example.writer].combine(scored)))
    return score_results(pairs, thresholds), temperature
