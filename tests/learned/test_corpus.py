"""The example corpus: every mistake named by file, line and field; the shipped corpus is whole."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot import DEFAULT_EXAMPLES_DIR, DEFAULT_INTENTS_PATH
from bot.intents.catalog import Catalog
from bot.learned.corpus import LANGUAGES, CorpusError, corpus_digest, load_corpus

INTENTS = ("spam", "bounce")


def line(text: str = "it went to junk", **fields: str) -> str:
    data = {"text": text, "writer": "w1", "lang": "en", "style": "terse", **fields}
    return json.dumps(data)


def write(folder: Path, name: str, *lines: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def error_for(folder: Path) -> str:
    with pytest.raises(CorpusError) as caught:
        load_corpus(folder, INTENTS)
    return str(caught.value)


def test_valid_files_load_with_the_label_from_the_file_name(tmp_path: Path) -> None:
    write(tmp_path, "spam.jsonl", line("landed in junk"), "", line("spam folder again"))
    write(tmp_path, "null.jsonl", line("lunch?", style="chatter"))
    examples = load_corpus(tmp_path, INTENTS)
    assert [(e.intent, e.source) for e in examples] == [
        (None, "null.jsonl:1"),
        ("spam", "spam.jsonl:1"),
        ("spam", "spam.jsonl:3"),
    ]


def test_broken_json_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "spam.jsonl", line(), '{"text": "oops"')
    assert error_for(tmp_path).startswith(f"{tmp_path / 'spam.jsonl'}:2: not valid JSON")


def test_missing_field_is_named(tmp_path: Path) -> None:
    write(tmp_path, "spam.jsonl", json.dumps({"text": "junk", "lang": "en", "style": "terse"}))
    assert (
        error_for(tmp_path)
        == f"{tmp_path / 'spam.jsonl'}:1: writer: missing or not a non-empty string"
    )


def test_unknown_language_lists_the_known_ones(tmp_path: Path) -> None:
    write(tmp_path, "spam.jsonl", line(), line("x", lang="klingon"))
    message = error_for(tmp_path)
    assert message.startswith(f"{tmp_path / 'spam.jsonl'}:2: lang: 'klingon' is not one of")
    assert all(code in message for code in LANGUAGES)


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "spam.jsonl", line(intent="spam"))
    assert ":1: intent: unknown field" in error_for(tmp_path)


def test_file_not_named_after_an_intent_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "spamm.jsonl", line())
    assert "'spamm' is not an intent id or 'null'" in error_for(tmp_path)


def test_the_same_message_twice_names_both_places(tmp_path: Path) -> None:
    write(tmp_path, "spam.jsonl", line("In junk again"))
    write(tmp_path, "bounce.jsonl", line("in  junk again"))
    assert error_for(tmp_path) == (
        f"{tmp_path / 'spam.jsonl'}:1: text: the same message is at bounce.jsonl:1"
    )


def test_digest_changes_with_a_label_but_not_with_blank_lines(tmp_path: Path) -> None:
    write(tmp_path, "spam.jsonl", line("in junk"))
    first = corpus_digest(load_corpus(tmp_path, INTENTS))
    write(tmp_path, "spam.jsonl", "", line("in junk"), "")
    assert corpus_digest(load_corpus(tmp_path, INTENTS)) == first
    (tmp_path / "spam.jsonl").rename(tmp_path / "bounce.jsonl")
    assert corpus_digest(load_corpus(tmp_path, INTENTS)) != first


def test_shipped_corpus_covers_every_intent_language_and_many_writers() -> None:
    catalog = Catalog.load(DEFAULT_INTENTS_PATH)
    examples = load_corpus(DEFAULT_EXAMPLES_DIR, catalog.intents)
    labels = Counter(example.label for example in examples)
    assert set(labels) == {*catalog.intents, "null"}
    assert min(count for label, count in labels.items() if label != "null") >= 150
    assert labels["null"] >= 1500
    assert {example.lang for example in examples} >= LANGUAGES - {"mixed"}
    assert len({example.writer for example in examples}) >= 6
