"""intents.yaml validation: every broken file names the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import DEFAULT_INTENTS_PATH, DEFAULT_RESPONSES_DIR
from bot.intents.loader import IntentsFileError, load_intents_file

VALID = """\
version: 1
context:
  keywords: [email]
intents:
  - id: spam
    title: In spam
    summary: Filed in spam.
    aliases: [spam]
    rules:
      keywords:
        - {text: junk, weight: 1.0}
  - id: bounce
    title: Bounced
    summary: It came back.
    aliases: [bounce]
    rules:
      keywords:
        - {text: bounced, weight: 1.0}
      yields_to: [spam]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "intents.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def responses(tmp_path: Path, names: list[str]) -> Path:
    answers = tmp_path / "responses" / "answers"
    answers.mkdir(parents=True)
    for name in names:
        (answers / f"{name}.j2").write_text("x", encoding="utf-8")
    return tmp_path / "responses"


def error_for(tmp_path: Path, text: str, responses_dir: Path | None = None) -> IntentsFileError:
    path = write(tmp_path, text)
    with pytest.raises(IntentsFileError) as caught:
        load_intents_file(path, responses_dir=responses_dir)
    assert str(path) in str(caught.value)
    return caught.value


def test_valid_file_loads_with_its_templates(tmp_path: Path) -> None:
    parsed = load_intents_file(
        write(tmp_path, VALID), responses_dir=responses(tmp_path, ["spam", "bounce"])
    )
    assert [intent.id for intent in parsed.intents] == ["spam", "bounce"]


def test_the_shipped_intents_file_is_valid_with_its_templates() -> None:
    parsed = load_intents_file(DEFAULT_INTENTS_PATH, responses_dir=DEFAULT_RESPONSES_DIR)
    assert len(parsed.intents) >= 17


def test_duplicate_id_names_line_and_first_definition(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("id: bounce", "id: spam"))
    assert error.line == 12
    assert error.field == "intents[spam].id"
    assert "duplicate intent id 'spam'" in error.problem
    assert "line 5" in error.problem


def test_unknown_intent_in_a_reference_is_refused(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("yields_to: [spam]", "yields_to: [spamm]"))
    assert error.line == 19
    assert error.field == "intents[bounce].rules.yields_to[0]"
    assert "unknown intent 'spamm'" in error.problem


def test_empty_rule_list_is_refused(tmp_path: Path) -> None:
    broken = VALID.replace(
        "      keywords:\n        - {text: junk, weight: 1.0}\n", "      keywords: []\n"
    )
    error = error_for(tmp_path, broken)
    assert error.field == "intents[spam].rules"
    assert error.line == 10
    assert "at least one of keywords, phrases, patterns or codes" in error.problem


def test_bad_regex_names_the_pattern_field(tmp_path: Path) -> None:
    broken = VALID.replace(
        "        - {text: junk, weight: 1.0}\n",
        "        - {text: junk, weight: 1.0}\n      patterns:\n        - {name: unclosed, regex: '(unclosed', weight: 1.0}\n",
    )
    error = error_for(tmp_path, broken)
    assert error.field == "intents[spam].rules.patterns[0].regex"
    assert error.line == 13
    assert "bad regex" in error.problem


def test_pattern_without_a_name_is_refused(tmp_path: Path) -> None:
    broken = VALID.replace(
        "        - {text: junk, weight: 1.0}\n",
        "        - {text: junk, weight: 1.0}\n      patterns:\n        - {regex: 'junk mail', weight: 1.0}\n",
    )
    error = error_for(tmp_path, broken)
    assert error.field == "intents[spam].rules.patterns[0].name"
    assert error.line == 13


def test_intent_without_an_answer_template_is_refused(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID, responses_dir=responses(tmp_path, ["spam"]))
    assert error.field == "intents[bounce].id"
    assert error.line == 12
    assert "no answer template for 'bounce'" in error.problem


def test_unknown_field_points_at_the_key(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, VALID.replace("    title: Bounced\n", "    title: Bounced\n    colour: red\n")
    )
    assert error.field == "intents[bounce].colour"
    assert error.line == 14
    assert "Extra inputs are not permitted" in error.problem


def test_weight_out_of_range_is_refused(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, VALID.replace("{text: junk, weight: 1.0}", "{text: junk, weight: 9}")
    )
    assert error.field == "intents[spam].rules.keywords[0].weight"
    assert error.line == 11


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("aliases: [spam]", "aliases: [spam"))
    assert error.field == "(syntax)"
    assert error.line is not None and error.line >= 9


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(IntentsFileError, match="file not found"):
        load_intents_file(tmp_path / "nope.yaml")


def test_alias_used_by_two_intents_is_refused(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("aliases: [bounce]", "aliases: [spam]"))
    assert error.field == "intents[bounce].aliases[0]"
    assert "already used by 'spam'" in error.problem


def test_bad_smtp_code_is_refused(tmp_path: Path) -> None:
    broken = VALID.replace(
        "        - {text: bounced, weight: 1.0}\n",
        "        - {text: bounced, weight: 1.0}\n      codes:\n        - {code: '9.9.9', weight: 1.0}\n",
    )
    error = error_for(tmp_path, broken)
    assert error.field == "intents[bounce].rules.codes[0].code"
    assert "neither a basic code" in error.problem
