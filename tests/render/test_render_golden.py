"""Every intent in every format with all details, none, and hostile ones; golden files hold the output.

Set UPDATE_GOLDEN=1 to rewrite the files after a deliberate wording change, then read the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from render_samples import (
    INTENT_IDS,
    full_case,
    hostile_details,
    hostile_entities,
    hostile_text,
    renderer,
)

from bot.entities import extract_entities
from bot.entities.model import Entities
from bot.render import CaseDetails, Format, Rendered
from bot.render.slack import MAX_BLOCKS, MAX_HEADER_TEXT, MAX_SECTION_TEXT

GOLDEN = Path(__file__).parent / "golden"
FORMATS = tuple(Format)
SUFFIX = {Format.MARKDOWN: "md", Format.TEXT: "txt", Format.SLACK: "json"}
# Topics about the sender's own setup: their checklists hold no per-message details.
SETUP_TOPICS = frozenset({"domain_verification", "test_addresses", "consent", "open_tracking"})


def _serialised(rendered: Rendered) -> str:
    if rendered.format is Format.SLACK:
        payload = {"text": rendered.text, "blocks": list(rendered.blocks)}
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    return rendered.text


def _matches_golden(kind: str, intent_id: str, rendered: Rendered) -> None:
    path = GOLDEN / kind / f"{intent_id}.{SUFFIX[rendered.format]}"
    actual = _serialised(rendered)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run the tests once with UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{path} differs from the output"


def _answer(intent_id: str, entities: Entities, fmt: Format, text: str = "") -> Rendered:
    return renderer().render_answer(intent=intent_id, entities=entities, fmt=fmt, text=text)


def _checklist(intent_id: str, details: CaseDetails, fmt: Format) -> Rendered:
    return renderer().render_checklist(intent_id=intent_id, details=details, fmt=fmt)


def assert_within_slack_limits(rendered: Rendered) -> None:
    blocks = rendered.blocks
    assert 0 < len(blocks) <= MAX_BLOCKS
    assert rendered.text.strip(), "Slack needs a plain fallback text"
    header = blocks[0]
    assert header["type"] == "header"
    assert header["text"]["type"] == "plain_text"
    assert 0 < len(header["text"]["text"]) <= MAX_HEADER_TEXT
    block_ids = [block["block_id"] for block in blocks if "block_id" in block]
    assert len(block_ids) == len(set(block_ids)), "block_id values must be unique"
    for block in blocks[1:]:
        texts: list[dict[str, Any]] = (
            block["elements"] if block["type"] == "context" else [block["text"]]
        )
        for item in texts:
            assert item["type"] == "mrkdwn"
            assert 0 < len(item["text"]) <= MAX_SECTION_TEXT


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_answer_with_every_detail_matches_its_golden_file(intent_id: str, fmt: Format) -> None:
    text, entities = full_case(intent_id)
    _matches_golden("answers", intent_id, _answer(intent_id, entities, fmt, text))


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_checklist_with_every_detail_matches_its_golden_file(intent_id: str, fmt: Format) -> None:
    text, entities = full_case(intent_id)
    details = CaseDetails.from_entities(entities, text)
    _matches_golden("checklists", intent_id, _checklist(intent_id, details, fmt))


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_answer_without_details_renders_whole(intent_id: str, fmt: Format) -> None:
    rendered = _answer(intent_id, Entities(), fmt)
    body = _serialised(rendered)
    assert "None" not in body and "Undefined" not in body
    assert rendered.document is not None
    # Slack shows the thread-sized part (next steps); Markdown and text the full guidance too.
    kept = "steps" if fmt is Format.SLACK else "check_now"
    assert rendered.document.section(kept) is not None
    if fmt is Format.SLACK:
        assert_within_slack_limits(rendered)


@pytest.mark.parametrize("fmt", FORMATS, ids=str)
@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_checklist_without_details_leaves_blanks(intent_id: str, fmt: Format) -> None:
    rendered = _checklist(intent_id, CaseDetails(), fmt)
    body = _serialised(rendered)
    if intent_id in SETUP_TOPICS:
        # About the sender's setup, not one message: only the sending domain is asked for.
        assert body.count("________") == 1
        assert "Date and time" not in body
    elif intent_id == "autoresponder":
        # The reply is the automatic answer, not a server's: no reply line to fill.
        assert body.count("________") >= 6
    else:
        # Sender, sender domain, recipient, date, subject, Message-ID and reply are all unknown.
        assert body.count("________") >= 7
    assert "None" not in body
    if fmt is Format.SLACK:
        assert_within_slack_limits(rendered)


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_full_answers_and_checklists_fit_slack(intent_id: str) -> None:
    text, entities = full_case(intent_id)
    assert_within_slack_limits(_answer(intent_id, entities, Format.SLACK, text))
    details = CaseDetails.from_entities(entities, text)
    assert_within_slack_limits(_checklist(intent_id, details, Format.SLACK))


def _slack_texts(rendered: Rendered) -> str:
    return json.dumps([rendered.text, *rendered.blocks], ensure_ascii=False)


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_hostile_details_cannot_mention_or_link_in_slack(intent_id: str) -> None:
    answer = _answer(intent_id, hostile_entities(), Format.SLACK, hostile_text())
    checklist = _checklist(intent_id, hostile_details(), Format.SLACK)
    for rendered in (answer, checklist):
        assert_within_slack_limits(rendered)
        texts = _slack_texts(rendered)
        for raw in ("<!channel>", "<@U123>", "<http://evil|click>"):
            assert raw not in texts
    # The values still show, as text: the answer quotes the reply, the checklist the sender.
    assert "&lt;http://evil|click&gt;" in _slack_texts(answer)
    assert "&lt;@U123&gt;" in _slack_texts(checklist)


def _user_text_of(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if "evil" in line or "AAAA" in line]


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_hostile_details_cannot_shape_markdown(intent_id: str) -> None:
    answer = _answer(intent_id, hostile_entities(), Format.MARKDOWN, hostile_text()).text
    checklist = _checklist(intent_id, hostile_details(), Format.MARKDOWN).text
    for markdown in (answer, checklist):
        # A live link needs an unescaped "](" outside code; a raw "<" opens HTML or an autolink.
        prose = re.sub(r"```.*?```", "", markdown, flags=re.S)
        prose = re.sub(r"(`+).*?\1", "", prose)
        assert not re.search(r"(?<!\\)\]\(", prose)
        assert not re.search(r"(?<!\\)<", prose)
        for line in markdown.splitlines():
            if "injected box" in line:
                assert not line.startswith(("#", "- [ ] injected")), line
        assert not any(len(line) > 2_500 for line in _user_text_of(markdown))


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_hostile_details_lose_control_characters_in_text(intent_id: str) -> None:
    answer = _answer(intent_id, hostile_entities(), Format.TEXT, hostile_text()).text
    checklist = _checklist(intent_id, hostile_details(), Format.TEXT).text
    for text in (answer, checklist):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e\u2028]", text)
        assert "A" * 1001 not in text


# The most text a Slack answer message may carry, buttons aside: about one screen of a thread.
SLACK_ANSWER_CHARS = 1500
BOUNCES = Path(__file__).parent.parent / "entities" / "bounces"


def slack_answer_chars(rendered: Rendered) -> int:
    total = 0
    for block in rendered.blocks:
        if block["type"] == "context":
            total += sum(len(item["text"]) for item in block["elements"])
        elif "text" in block:
            total += len(block["text"]["text"])
    return total


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_every_slack_answer_fits_a_thread(intent_id: str) -> None:
    sample_text, sample = full_case(intent_id)
    cases: list[tuple[Entities, str]] = [(Entities(), ""), (sample, sample_text)]
    for path in sorted(BOUNCES.iterdir()):
        text = path.read_text(encoding="utf-8")
        cases.append((extract_entities(text), text))
    for entities, text in cases:
        rendered = _answer(intent_id, entities, Format.SLACK, text)
        chars = slack_answer_chars(rendered)
        assert chars <= SLACK_ANSWER_CHARS, f"{intent_id}: {chars} characters"
        steps = rendered.document.section("steps") if rendered.document else None
        assert steps is not None
        assert 1 <= sum(len(block.lines) for block in steps.blocks) <= 3


# A checklist a person can print on one page: the case, the decisive step, a few checks.
MAX_TICK_BOXES = 12


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_every_checklist_fits_one_page_and_names_an_owner_per_box(intent_id: str) -> None:
    cases = [("", Entities()), full_case(intent_id)]
    for path in sorted(BOUNCES.iterdir()):
        text = path.read_text(encoding="utf-8")
        cases.append((text, extract_entities(text)))
    for text, entities in cases:
        details = CaseDetails.from_entities(entities, text)
        body = _checklist(intent_id, details, Format.MARKDOWN).text
        boxes = [line for line in body.splitlines() if line.startswith("- [ ]")]
        assert 1 <= len(boxes) <= MAX_TICK_BOXES, f"{intent_id}: {len(boxes)} boxes"
        owners = ("You:", "The sender:", "The recipient:", "Their IT team:", "Nobody yet:")
        assert all(box[6:].startswith(owners) for box in boxes), boxes
        if entities.smtp_code and entities.smtp_code.startswith("5"):
            assert "release the message" not in body, "a refused message is in no quarantine"
        if "S3150" not in text and "S3140" not in text:
            assert "S3150" not in body
