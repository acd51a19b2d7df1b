"""The Slack app's own sentences come from responses/slack/*.j2, checked when they are loaded."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import DEFAULT_RESPONSES_DIR
from bot.render.errors import RenderSetupError
from bot.slack import wording
from bot.slack.wording import SlackWording


@pytest.fixture
def responses(tmp_path: Path) -> Iterator[Path]:
    """A copy of the shipped responses to edit; the shipped wording is back in use afterwards."""
    copy = tmp_path / "responses"
    shutil.copytree(DEFAULT_RESPONSES_DIR, copy)
    yield copy
    wording.use(DEFAULT_RESPONSES_DIR)


def _edit(responses: Path, name: str, old: str, new: str) -> None:
    path = responses / "slack" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_text_the_app_uses_is_in_the_templates() -> None:
    loaded = SlackWording.load(DEFAULT_RESPONSES_DIR)

    assert set(loaded.texts) == set(wording.TEXTS)
    assert wording.CHECKLIST_BUTTON == "IT checklist"
    assert wording.CHECKLIST_FIELDS["message_id"] == "Message-ID"


def test_wrapped_texts_read_as_one_line_and_the_help_keeps_its_lines() -> None:
    assert "\n" not in wording.SOMETHING_WENT_WRONG
    assert "  " not in wording.SOMETHING_WENT_WRONG
    assert wording.HELP_USAGE.splitlines()[0] == "*How to ask*"
    assert f"`{wording.COMMAND} stats` shows how I've been doing" in wording.HELP_USAGE


def test_format_slots_survive_the_templates() -> None:
    line = wording.UNRECOGNISED_HINT
    posted = wording.CHECKLIST_POSTED.format(user="U1", title="Bounce")

    assert line.endswith("or try `/mailhelp <topic>`.")
    assert posted == (
        "<@U1> prepared an IT checklist for *Bounce*. Forward the file to the recipient's IT team."
    )


def test_the_texts_follow_the_responses_directory_in_use(responses: Path) -> None:
    _edit(responses, "buttons.j2", '"IT checklist"', '"Checklist for IT"')

    wording.use(responses)

    assert wording.CHECKLIST_BUTTON == "Checklist for IT"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('{% set bad_button = "', '{% set bad_button = %}{{ "', "errors.j2"),
        ('{% set bad_button = "', '{% set bad_buton = "', "bad_buton is not a text the app uses"),
        (
            '{% set stats_unavailable = "',
            '{% set stats_unavailable = 3 %}{% set _unused = "',
            "errors.j2: stats_unavailable must be str",
        ),
    ],
)
def test_a_broken_template_stops_loading_naming_the_file(
    responses: Path, old: str, new: str, message: str
) -> None:
    _edit(responses, "errors.j2", old, new)

    with pytest.raises(RenderSetupError, match=message):
        SlackWording.load(responses)


def test_a_missing_text_is_named(responses: Path) -> None:
    _edit(responses, "prompts.j2", '{% set unknown_topic_title = "an email problem" %}', "")

    with pytest.raises(RenderSetupError, match="missing texts: unknown_topic_title"):
        SlackWording.load(responses)


def test_a_wording_directory_without_the_slack_texts_falls_back_to_the_shipped_ones(
    tmp_path: Path,
) -> None:
    shutil.copytree(DEFAULT_RESPONSES_DIR / "answers", tmp_path / "answers")

    assert SlackWording.load(tmp_path).texts["CHECKLIST_BUTTON"] == "IT checklist"


def test_a_text_set_in_two_files_is_refused(responses: Path) -> None:
    path = responses / "slack" / "errors.j2"
    path.write_text(path.read_text() + '{% set checklist_button = "Again" %}\n')

    with pytest.raises(RenderSetupError, match="checklist_button is set twice"):
        SlackWording.load(responses)


def test_an_unknown_name_is_not_a_text() -> None:
    with pytest.raises(AttributeError):
        _ = wording.NO_SUCH_TEXT


def test_every_text_the_code_names_exists() -> None:
    # Texts resolve at run time, so a misspelt name would pass the type checker unseen.
    bot_dir = Path(wording.__file__).resolve().parent.parent
    defined = set(wording.TEXTS) | {name for name in vars(wording) if name.isupper()}
    named: set[str] = set()
    for path in bot_dir.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if re.search(r"from bot\.slack import [^\n]*\bwording\b", source):
            named |= set(re.findall(r"\bwording\.([A-Z][A-Z_]*)\b", source))

    assert named, "no module reads the Slack texts"
    assert named <= defined, sorted(named - defined)
