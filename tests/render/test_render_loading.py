"""Loading the templates once at start-up: every failure names the intent or file to fix."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from render_samples import INTENT_IDS, TITLES, full_case, renderer

from bot import DEFAULT_RESPONSES_DIR
from bot.entities.model import Entities
from bot.intents.schema import IntentSpec, Rules, WeightedTerm
from bot.render import CaseDetails, Format, Renderer, RenderSetupError, UnknownIntentError


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    copy = tmp_path / "responses"
    shutil.copytree(DEFAULT_RESPONSES_DIR, copy)
    return copy


def test_every_contract_intent_has_a_template() -> None:
    assert renderer().intent_ids == INTENT_IDS


def test_intent_specs_load_like_id_title_pairs() -> None:
    spec = IntentSpec(
        id="tls",
        title="TLS settings",
        summary="TLS",
        aliases=("tls",),
        rules=Rules(keywords=(WeightedTerm(text="tls", weight=1.0),)),
    )
    loaded = Renderer.load(DEFAULT_RESPONSES_DIR, [spec])
    assert loaded.titles == {"tls": "TLS settings"}


def test_missing_template_fails_start_up_naming_the_intent(responses: Path) -> None:
    (responses / "answers" / "spam.j2").unlink()
    with pytest.raises(RenderSetupError, match=r"intent 'spam' has no answer template.*spam\.j2"):
        Renderer.load(responses, TITLES.items())


def test_intent_without_template_fails_start_up(responses: Path) -> None:
    with pytest.raises(RenderSetupError, match="intent 'brand_new' has no answer template"):
        Renderer.load(responses, [*TITLES.items(), ("brand_new", "Brand new")])


def test_template_syntax_error_names_file_and_line(responses: Path) -> None:
    path = responses / "answers" / "tls.j2"
    path.write_text(path.read_text() + "\n{% if %}\n", encoding="utf-8")
    with pytest.raises(RenderSetupError, match=r"intent 'tls': .*tls\.j2:\d+"):
        Renderer.load(responses, TITLES.items())


def test_template_that_renders_bad_markup_fails_start_up(responses: Path) -> None:
    path = responses / "answers" / "consent.j2"
    text = path.read_text().replace("{% block check_now %}", "{% block check_now %}\nan `open span")
    path.write_text(text)
    with pytest.raises(RenderSetupError, match=r"intent 'consent'.*not closed"):
        Renderer.load(responses, TITLES.items())


def test_answer_without_actors_fails_start_up(responses: Path) -> None:
    path = responses / "answers" / "tls.j2"
    # No actors set and no step naming anyone: nothing says who acts.
    path.write_text(
        '{% extends "shared/answer.j2" %}\n'
        "{% block likely %}> TLS between mail servers.{% endblock %}\n"
        "{% block customer %}| Could you check TLS?{% endblock %}\n"
    )
    with pytest.raises(RenderSetupError, match=r"intent 'tls'.*@actors"):
        Renderer.load(responses, TITLES.items())


def test_missing_checklist_template_fails_start_up(responses: Path) -> None:
    (responses / "checklist.j2").unlink()
    with pytest.raises(
        RenderSetupError, match=r"the IT checklist: template checklist\.j2 not found"
    ):
        Renderer.load(responses, TITLES.items())


def test_missing_responses_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(RenderSetupError, match="does not exist"):
        Renderer.load(tmp_path / "nowhere", TITLES.items())


def test_no_intents_is_refused() -> None:
    with pytest.raises(RenderSetupError, match="no intents given"):
        Renderer.load(DEFAULT_RESPONSES_DIR, [])


def test_unknown_intent_lists_the_valid_ids() -> None:
    with pytest.raises(UnknownIntentError, match=r"unknown intent 'nope'; valid ids: .*spam"):
        renderer().render_answer(intent="nope", entities=Entities(), fmt=Format.TEXT)
    with pytest.raises(UnknownIntentError, match="valid ids"):
        renderer().render_checklist(intent_id="nope", details=CaseDetails(), fmt=Format.MARKDOWN)


def test_templates_use_no_unknown_names(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="bot.render.environment")
    for intent_id in INTENT_IDS:
        text, entities = full_case(intent_id)
        renderer().answer_document(intent=intent_id, entities=entities, text=text)
        renderer().answer_document(intent=intent_id, entities=Entities())
        details = CaseDetails.from_entities(entities, text)
        renderer().checklist_document(intent_id=intent_id, details=details)
    assert not caplog.records, [record.getMessage() for record in caplog.records]


def test_a_misspelt_name_renders_empty_and_is_logged(
    responses: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = responses / "answers" / "tls.j2"
    text = path.read_text().replace(
        "{% block ask_recipient %}", "{% block ask_recipient %}\n- {{ d.sendr.name }}x"
    )
    path.write_text(text)
    caplog.set_level(logging.WARNING, logger="bot.render.environment")
    loaded = Renderer.load(responses, TITLES.items())
    answer = loaded.render_answer(intent="tls", entities=Entities(), fmt=Format.TEXT)
    assert "  - x" in answer.text
    assert any("sendr" in record.getMessage() for record in caplog.records)
