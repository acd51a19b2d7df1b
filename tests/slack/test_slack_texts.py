"""The Slack sentences in responses/slack/ are checked at start-up and escape what people wrote."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import DEFAULT_RESPONSES_DIR
from bot.render.errors import RenderSetupError
from bot.slack.texts import MACROS, SlackTexts


def test_every_macro_the_app_calls_exists() -> None:
    texts = SlackTexts.load(DEFAULT_RESPONSES_DIR)

    assert set(texts.modules) == set(MACROS)


def test_people_s_words_are_escaped_and_the_app_s_own_markup_is_kept() -> None:
    texts = SlackTexts.load(DEFAULT_RESPONSES_DIR)

    said = texts.say("slack/conversation.j2", "file_found", name="<!here>.eml", found=[])
    posted = texts.say("slack/escalation.j2", "posted", channel="C0ESC")

    assert "&lt;!here&gt;.eml" in said and "<!here>" not in said
    assert "<#C0ESC>" in posted


def test_a_wording_directory_without_slack_sentences_falls_back_to_the_shipped_ones(
    tmp_path: Path,
) -> None:
    shutil.copytree(DEFAULT_RESPONSES_DIR / "answers", tmp_path / "answers")

    assert SlackTexts.load(tmp_path).say("slack/settings.j2", "saved") == "Settings saved."


def test_a_template_missing_a_sentence_stops_start_up_naming_it(tmp_path: Path) -> None:
    (tmp_path / "slack").mkdir()
    for name in MACROS:
        shutil.copy(DEFAULT_RESPONSES_DIR / name, tmp_path / name)
    (tmp_path / "slack" / "home.j2").write_text("{% macro phrasing(text, count) %}{% endmacro %}")

    with pytest.raises(RenderSetupError, match=r"slack/home.j2 lacks phrasings_heading"):
        SlackTexts.load(tmp_path)
