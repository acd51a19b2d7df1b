"""Scoring the triage against labelled messages: accuracy, macro-F1, false triggers, misses."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.intents.decision import Thresholds, should_speak_unprompted
from bot.intents.matcher import Matcher


class LabelledFileError(Exception):
    """A labelled file cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    intent: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Miss:
    line: int
    text: str
    expected: str | None
    predicted: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class IntentScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    lines: int = 0
    labelled: int = 0
    accuracy: float = 0.0
    macro_f1: float = 0.0
    false_trigger_rate: float = 0.0
    speak_share: float = 0.0
    per_intent: dict[str, IntentScore] = field(default_factory=dict)
    confusions: list[tuple[str, str, int]] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "labelled": self.labelled,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "false_trigger_rate": round(self.false_trigger_rate, 4),
            "speak_share": round(self.speak_share, 4),
            "per_intent": {
                intent: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                }
                for intent, s in self.per_intent.items()
            },
            "confusions": [
                {"expected": e, "predicted": p, "count": n} for e, p, n in self.confusions
            ],
            "misses": [
                {
                    "line": m.line,
                    "text": m.text,
                    "expected": m.expected,
                    "predicted": m.predicted,
                    "confidence": m.confidence,
                }
                for m in self.misses
            ],
        }


def read_labelled(path: Path) -> list[Labelled]:
    """Read `{"text": ..., "intent": id|null}` lines; other keys are allowed and ignored."""
    rows: list[Labelled] = []
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise LabelledFileError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise LabelledFileError(
                    f"{path}:{number}: not UTF-8 text (byte {exc.start + 1} of the line); "
                    "save the file as UTF-8"
                ) from exc
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LabelledFileError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise LabelledFileError(f"{path}:{number}: needs a string field 'text'")
            intent = data.get("intent")
            if intent is not None and not isinstance(intent, str):
                raise LabelledFileError(f"{path}:{number}: 'intent' must be a string or null")
            rows.append(Labelled(text=data["text"], intent=intent, line=number))
    return rows


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def evaluate(matcher: Matcher, thresholds: Thresholds, rows: Iterable[Labelled]) -> Report:
    report = Report()
    true_pos: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter()
    support: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    correct = spoke_right = null_lines = false_triggers = 0
    for row in rows:
        report.lines += 1
        result = matcher.triage(row.text)
        predicted = result.intent
        speak = should_speak_unprompted(result, thresholds)
        if predicted is not None:
            predicted_count[predicted] += 1
        if row.intent is None:
            null_lines += 1
            false_triggers += int(speak)
            if speak:
                report.misses.append(Miss(row.line, row.text, None, predicted, result.confidence))
            continue
        report.labelled += 1
        support[row.intent] += 1
        if predicted == row.intent:
            correct += 1
            true_pos[row.intent] += 1
            spoke_right += int(speak)
        else:
            confusions[(row.intent, predicted or "null")] += 1
            report.misses.append(Miss(row.line, row.text, row.intent, predicted, result.confidence))
    report.accuracy = _ratio(correct, report.labelled)
    report.speak_share = _ratio(spoke_right, report.labelled)
    report.false_trigger_rate = _ratio(false_triggers, null_lines)
    for intent in sorted(support):
        precision = _ratio(true_pos[intent], predicted_count[intent])
        recall = _ratio(true_pos[intent], support[intent])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report.per_intent[intent] = IntentScore(precision, recall, f1, support[intent])
    scores = [score.f1 for score in report.per_intent.values()]
    report.macro_f1 = sum(scores) / len(scores) if scores else 0.0
    report.confusions = [(e, p, n) for (e, p), n in confusions.most_common()]
    return report
