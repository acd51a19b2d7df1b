"""The command line end to end, run as a person runs it: a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import DEFAULT_INTENTS_PATH
from bot.cli.triage import MAX_LINE_CHARS

TRIAGE_KEYS = {"intent", "confidence", "speak", "alternatives", "entities", "evidence"}


def mailhelp(
    *args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    completed = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", *args],
        input=data,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


def test_ask_shows_intent_evidence_details_and_the_answer() -> None:
    done = mailhelp(
        "ask", "550 5.1.1 <k.lam@orchidtech.com>: Recipient address rejected: User unknown"
    )
    assert done.returncode == 0, done.stderr
    assert "invalid_address" in done.stdout
    assert "code:5.1.1" in done.stdout
    assert "recipient k.lam@orchidtech.com" in done.stdout
    assert "Ask the recipient" in done.stdout or "Check right now" in done.stdout
    assert "Traceback" not in done.stderr


def test_ask_reads_standard_input() -> None:
    done = mailhelp("ask", "-", stdin="recipient mailbox is full, got 452 4.2.2 back")
    assert done.returncode == 0
    assert "mailbox_full" in done.stdout


def test_ask_json_is_the_triage_view_plus_the_answer() -> None:
    done = mailhelp("ask", "--json", "--format", "md", "our newsletter lands in the spam folder")
    view = json.loads(done.stdout)
    assert set(view) >= TRIAGE_KEYS
    assert view["intent"] == "spam"
    assert isinstance(view["answer"], str) and view["answer"].strip()


def test_ask_with_empty_text_says_so() -> None:
    done = mailhelp("ask", "   ")
    assert done.returncode == 2
    assert "nothing to triage" in done.stdout
    assert "Traceback" not in done.stderr


def test_ask_about_chatter_lists_the_topics() -> None:
    done = mailhelp("ask", "who took the last oat milk")
    assert done.returncode == 0
    assert "not recognised" in done.stdout
    assert "Topics" in done.stdout


def test_triage_jsonl_writes_one_stable_line_per_input() -> None:
    lines = [
        json.dumps(
            {"text": "hotmail accepted it, 250 2.6.0 Queued mail for delivery, never arrived"}
        ),
        json.dumps({"text": "standup moved to 10:30"}),
        "this is not json",
        json.dumps({"nottext": 1}),
        json.dumps({"text": "x" * 100_000}),
        json.dumps({"text": "\u0000\u0001\ufffd binary \udcff junk"[:20]}),
    ]
    done = mailhelp("triage", "--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 1, "bad lines make the exit code 1"
    outputs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outputs) == len(lines)
    assert all(set(output) >= TRIAGE_KEYS for output in outputs)
    assert outputs[0]["intent"] == "microsoft_queued" and outputs[0]["speak"] is True
    assert outputs[0]["entities"]["provider"] == "microsoft"
    assert outputs[1]["intent"] is None and outputs[1]["speak"] is False
    assert "not valid JSON" in outputs[2]["error"]
    assert '"text"' in outputs[3]["error"]
    assert "line 3" in done.stderr
    assert all(0.0 <= output["confidence"] <= 1.0 for output in outputs)
    assert "Traceback" not in done.stderr


def test_triage_survives_binary_bytes_on_stdin() -> None:
    done = mailhelp("triage", "--jsonl", stdin=b"\xff\xfe\x00garbage\n")
    assert done.returncode == 1
    assert json.loads(done.stdout)["intent"] is None


def test_eval_reports_scores_confusions_and_misses(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        "\n".join(
            json.dumps(row)
            for row in [
                {"text": "550 5.1.1 user unknown", "intent": "invalid_address"},
                {"text": "the mailbox is over quota", "intent": "mailbox_full"},
                {"text": "lunch at 12:30?", "intent": None},
                {"text": "lunch at 12:30?", "intent": "spam"},
            ]
        ),
        encoding="utf-8",
    )
    done = mailhelp("eval", str(labelled))
    assert done.returncode == 0
    assert "top-1 accuracy       0.667" in done.stdout
    assert "spam -> null" in done.stdout
    report = json.loads(mailhelp("eval", "--json", str(labelled)).stdout)
    assert report["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["false_trigger_rate"] == 0.0
    assert report["per_intent"]["invalid_address"]["recall"] == 1.0
    assert report["misses"][0]["expected"] == "spam"


def test_eval_names_the_bad_line(tmp_path: Path) -> None:
    labelled = tmp_path / "bad.jsonl"
    labelled.write_text('{"text": "ok", "intent": null}\n{oops\n', encoding="utf-8")
    done = mailhelp("eval", str(labelled))
    assert done.returncode == 2
    assert f"{labelled}:2: not valid JSON" in done.stdout


def test_intents_lists_topics_and_aliases() -> None:
    done = mailhelp("intents")
    assert done.returncode == 0
    assert "microsoft_queued" in done.stdout and "queued" in done.stdout
    assert "valid, " in done.stdout


def test_broken_intents_file_stops_start_up_with_file_line_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "intents.yaml"
    text = DEFAULT_INTENTS_PATH.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("yields_to: [microsoft_queued, spam, not_delivered]", "yields_to: [nope]"),
        encoding="utf-8",
    )
    done = mailhelp("intents", env={"MAILHELP_INTENTS_PATH": str(broken)})
    assert done.returncode == 2
    assert f"{broken}:" in done.stderr
    assert (
        "intents[delivered_not_received].rules.yields_to[0]: unknown intent 'nope'" in done.stderr
    )
    assert "Traceback" not in done.stderr


def test_malformed_setting_names_the_variable() -> None:
    done = mailhelp("intents", env={"MAILHELP_DIRECT_THRESHOLD": "lots"})
    assert done.returncode == 2
    assert "MAILHELP_DIRECT_THRESHOLD" in done.stderr
    assert "Traceback" not in done.stderr


def test_triage_reads_a_valid_line_however_long_and_answers_every_line() -> None:
    long_text = "550 5.1.1 user unknown. " + "quoted thread " * 20_000
    lines = [
        json.dumps({"text": long_text}),
        "",
        json.dumps({"text": "552 5.2.2 mailbox full"}),
    ]
    assert len(lines[0]) > 200_000

    done = mailhelp("triage", "--jsonl", stdin="\n".join(lines) + "\n")

    outputs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outputs) == len(lines), "one output line for every input line"
    assert outputs[0]["intent"] == "invalid_address" and "error" not in outputs[0]
    assert outputs[1]["error"].startswith("line 2: empty line")
    assert outputs[2]["intent"] == "mailbox_full"
    assert done.returncode == 1
    assert "Traceback" not in done.stderr


def test_triage_refuses_a_line_too_long_to_read_and_goes_on() -> None:
    huge = json.dumps({"text": "x" * (MAX_LINE_CHARS + 10)})
    done = mailhelp(
        "triage", "--jsonl", stdin=f"{huge}\n" + json.dumps({"text": "552 5.2.2 mailbox full"})
    )

    outputs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outputs) == 2
    assert outputs[0]["error"].startswith(f"line 1: longer than {MAX_LINE_CHARS:,} characters")
    assert outputs[1]["intent"] == "mailbox_full"
    assert done.stderr.count("\n") == 1


def test_eval_on_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    labelled = tmp_path / "latin1.jsonl"
    labelled.write_bytes(
        b'{"text": "ok", "intent": null}\n{"text": "r\xe9ponse automatique", "intent": null}\n'
    )
    done = mailhelp("eval", str(labelled))
    assert done.returncode == 2
    assert done.stdout.strip() == (
        f"mailhelp eval: {labelled}:2: not UTF-8 text (byte 12 of the line); save the file as UTF-8"
    )
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("variable", "missing"),
    [
        ("MAILHELP_RESPONSES_DIR", "no folder at"),
        ("MAILHELP_INTENTS_PATH", "no file at"),
    ],
)
def test_a_missing_data_path_names_its_variable(
    variable: str, missing: str, tmp_path: Path
) -> None:
    path = tmp_path / "not-there"
    done = mailhelp("ask", "552 5.2.2 mailbox full", env={variable: str(path)})
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"mailhelp: invalid settings: {variable}: Value error, {missing} {path}"
    )


def test_an_unsupported_database_is_refused_at_start_naming_the_supported_ones() -> None:
    done = mailhelp("migrate", env={"DATABASE_URL": "mysql://app:S3cret@db.internal/mail"})
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert "DATABASE_URL: Value error, the 'mysql' scheme is not supported" in line
    assert "use one of sqlite:///PATH, postgresql://USER:PASSWORD@HOST/DB" in line
    assert "S3cret" not in line


def test_help_lists_every_command() -> None:
    done = mailhelp("--help")
    assert done.returncode == 0
    for command in (
        "ask",
        "triage",
        "eval",
        "intents",
        "checklist",
        "run",
        "migrate",
        "stats",
        "unmatched",
        "check",
    ):
        assert f"    {command}" in done.stdout


def test_building_the_parser_loads_no_heavy_library() -> None:
    # Whatever a command needs is imported when it runs; the parser alone stays cheap, so
    # `mailhelp --help` and a mistyped option answer at once.
    probe = (
        "import sys; from bot.cli.main import build_parser; build_parser(); "
        "print(sorted({name.split('.')[0] for name in sys.modules}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(done.stdout.replace("'", '"')))
    heavy = {"sqlalchemy", "alembic", "psycopg", "slack_bolt", "slack_sdk", "pydantic", "jinja2"}
    heavy |= {"pydantic_settings", "yaml", "rapidfuzz", "ahocorasick_rs", "dateutil"}
    heavy |= {"dns", "idna"}
    assert loaded.isdisjoint(heavy), loaded & heavy


def test_ask_loads_neither_the_database_layer_nor_slack() -> None:
    probe = (
        "import sys; from bot.cli.main import main; "
        "code = main(['ask', '552 5.2.2 mailbox full']); "
        "print(sorted({name.split('.')[0] for name in sys.modules}), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(done.stderr.strip().replace("'", '"')))
    assert "mailbox_full" in done.stdout
    assert loaded.isdisjoint({"sqlalchemy", "alembic", "psycopg", "slack_bolt", "slack_sdk"})
