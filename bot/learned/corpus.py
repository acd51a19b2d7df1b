"""The labelled example corpus in `examples/`: one JSON-lines file per intent, plus `null`.

Each line is `{"text": ..., "writer": ..., "lang": ..., "style": ...}`; the file's name is the
label. Loading checks every line and stops at the first mistake with its file, line and field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import SetupError

NULL_LABEL = "null"
LANGUAGES = frozenset({"en", "es", "de", "fr", "pt", "it", "nl", "mixed"})
STYLES = frozenset(
    {
        "native",
        "nonnative",
        "terse",
        "typo",
        "long",
        "devlog",
        "paste",
        "webhook",
        "hardneg",
        "chatter",
    }
)
FIELDS = ("text", "writer", "lang", "style")
MAX_TEXT_CHARS = 20_000


class CorpusError(SetupError):
    """A corpus file is wrong; the message names the file, the line and the field."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str | None
    writer: str
    lang: str
    style: str
    source: str

    @property
    def label(self) -> str:
        return self.intent or NULL_LABEL


def _check_line(path: Path, number: int, line: str) -> dict[str, str]:
    where = f"{path}:{number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: not valid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{where}: must be a JSON object")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise CorpusError(f"{where}: {unknown[0]}: unknown field (fields: {', '.join(FIELDS)})")
    for name in FIELDS:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise CorpusError(f"{where}: {name}: missing or not a non-empty string")
    if len(data["text"]) > MAX_TEXT_CHARS:
        raise CorpusError(f"{where}: text: longer than {MAX_TEXT_CHARS} characters")
    if data["lang"] not in LANGUAGES:
        raise CorpusError(
            f"{where}: lang: {data['lang']!r} is not one of {', '.join(sorted(LANGUAGES))}"
        )
    if data["style"] not in STYLES:
        raise CorpusError(
            f"{where}: style: {data['style']!r} is not one of {', '.join(sorted(STYLES))}"
        )
    return data


def read_file(path: Path, intent: str | None) -> list[Example]:
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    examples: list[Example] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        data = _check_line(path, number, line)
        examples.append(
            Example(
                text=data["text"],
                intent=intent,
                writer=data["writer"],
                lang=data["lang"],
                style=data["style"],
                source=f"{path.name}:{number}",
            )
        )
    return examples


def load_corpus(directory: Path, intent_ids: Collection[str]) -> list[Example]:
    """Every example, in file order; file names must be intent ids or `null`."""
    if not directory.is_dir():
        raise CorpusError(f"{directory}: no such folder")
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise CorpusError(f"{directory}: holds no .jsonl files")
    examples: list[Example] = []
    seen: dict[str, str] = {}
    for path in files:
        label = path.stem
        if label != NULL_LABEL and label not in intent_ids:
            raise CorpusError(f"{path}: (file name): {label!r} is not an intent id or 'null'")
        for example in read_file(path, None if label == NULL_LABEL else label):
            key = " ".join(example.text.split()).lower()
            if key in seen:
                raise CorpusError(
                    f"{directory / example.source}: text: the same message is at {seen[key]}"
                )
            seen[key] = example.source
            examples.append(example)
    return examples


def corpus_digest(examples: Iterable[Example]) -> str:
    """A fingerprint of what training reads: label and text of every example, in order."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.label}\t{example.writer}\t{example.text}\n".encode())
    return digest.hexdigest()
