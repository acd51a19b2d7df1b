"""`mailhelp checklist` as a person uses it in a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli.main import main

BOUNCE = (
    "Hi, the order mail from orders@fernline.io bounced:\n"
    "<k.lam@orchidtech.com>: host mx.orchidtech.com[198.51.100.20] said: 550 5.1.1 "
    "<k.lam@orchidtech.com>: Recipient address rejected: User unknown"
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["checklist", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_unknown_intent_exits_2_listing_the_valid_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--intent", "no_such_thing_at_all")
    assert code == 2
    assert out == ""
    assert "unknown intent 'no_such_thing_at_all'" in err
    assert "delivered_not_received" in err and "open_tracking" in err


def test_flags_fill_the_case_and_markdown_has_tick_boxes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(
        capsys,
        "--intent", "microsoft_queued",
        "--sender", "sales@ridgecrest.io",
        "--recipient", "p.ng@contoso.com",
        "--date", "2024-06-11 09:33 CEST",
        "--subject", "PO 1182",
        "--message-id", "<abc@ridgecrest.io>",
        "--smtp-reply", "250 2.6.0 <abc@ridgecrest.io> Queued mail for delivery",
        "--format", "md",
    )  # fmt: skip
    assert code == 0
    assert "- Sender: sales@ridgecrest.io" in out
    assert "- Sender domain: ridgecrest.io" in out
    assert "- Date and time, with time zone: 2024-06-11 09:33 CEST" in out
    assert "- Message-ID: \\<abc@ridgecrest.io\\>" in out
    assert "- [ ] You: Run a message trace" in out
    assert "We sent an email from sales@ridgecrest.io to p.ng@contoso.com" in out
    assert "________" not in out


def test_missing_details_are_left_as_blanks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--intent", "spam", "--date", "Tuesday 10:41", "--format", "md")
    assert code == 0
    assert "- Sender: ________" in out
    assert "Tuesday 10:41 (time zone: ________)" in out


def test_text_format_uses_plain_boxes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--intent", "blocked", "--format", "text")
    assert code == 0
    assert "  [ ] " in out and "- [ ]" not in out


def test_slack_format_prints_block_kit_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--intent", "blocked", "--format", "slack")
    assert code == 0
    payload = json.loads(out)
    assert payload["text"]
    assert payload["blocks"][0]["type"] == "header"
    assert len(payload["blocks"]) <= 50


def test_from_text_triages_and_fills_what_it_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--from-text", BOUNCE, "--format", "md")
    assert code == 0
    assert "reads as" in err
    assert "- Recipient: k.lam@orchidtech.com" in out
    assert "- Reply from the receiving server: 550 5.1.1" in out


def test_explicit_flags_override_what_the_triage_found(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(
        capsys, "--from-text", BOUNCE, "--recipient", "kim@orchidtech.com", "--format", "md"
    )
    assert code == 0
    assert "- Recipient: kim@orchidtech.com" in out
    assert "- Recipient: k.lam@orchidtech.com" not in out


def test_from_text_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(BOUNCE))
    code, out, _ = _run(capsys, "--from-text", "-", "--format", "md")
    assert code == 0
    assert "k.lam@orchidtech.com" in out


def test_chatter_without_intent_exits_2_and_says_what_to_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "--from-text", "lunch at noon anyone?")
    assert code == 2
    assert out == ""
    assert "does not read as a known email problem" in err
    assert "--intent" in err


def test_no_intent_and_no_text_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys)
    assert code == 2
    assert "pass --intent ID" in err


def test_empty_text_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--from-text", "   ")
    assert code == 2
    assert "nothing to triage" in err


def test_output_file_takes_its_format_from_the_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "for-it.md"
    code, out, err = _run(capsys, "--intent", "spam", "-o", str(target))
    assert code == 0
    assert out == ""
    assert f"written to {target}" in err
    assert "- [ ] " in target.read_text(encoding="utf-8")
    text_target = tmp_path / "for-it.txt"
    assert _run(capsys, "--intent", "spam", "-o", str(text_target))[0] == 0
    assert "  [ ] " in text_target.read_text(encoding="utf-8")


def test_unwritable_output_exits_1_with_the_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "--intent", "spam", "-o", str(tmp_path / "no" / "dir.md"))
    assert code == 1
    assert "cannot write" in err


def test_a_misspelt_intent_resolves_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--intent", "blockd", "--format", "md")
    assert code == 0
    assert "using intent 'blocked'" in err
    assert out.startswith("# IT checklist")


def test_hostile_subject_stays_text_in_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    subject = "[x](http://evil)\n# Heading\n- [ ] fake <!channel>"
    code, out, _ = _run(capsys, "--intent", "spam", "--subject", subject, "--format", "md")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("- Subject:"))
    assert line == "- Subject: `[x](http://evil) # Heading - [ ] fake <!channel>`"
    assert "\n# Heading" not in out
