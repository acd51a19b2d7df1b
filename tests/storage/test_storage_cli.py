"""`mailhelp stats` and `mailhelp unmatched`, run as a person runs them, on a filled database."""

from __future__ import annotations

import csv
import io
import json
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.evaluation import read_labelled
from bot.storage.interface import (
    ChecklistRecord,
    EscalationRecord,
    FeedbackRecord,
    Surface,
    TriageRecord,
)
from bot.storage.startup import open_store

REPO_ROOT = Path(__file__).resolve().parents[2]


def _triage(intent: str | None, text: str, ts: str) -> TriageRecord:
    return TriageRecord(
        team_id="T1",
        channel_id="C1",
        surface=Surface.CHANNEL,
        intent=intent,
        confidence=0.9 if intent else 0.2,
        text=text,
        message_ts=ts,
    )


@pytest.fixture
def filled_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'filled.sqlite3'}"
    store = open_store(url)
    store.record_triage(_triage("spam", "newsletter goes to junk for gmail users", "1.1"))
    store.record_triage(_triage("spam", "marked as spam by jo@school.edu", "1.2"))
    store.record_triage(_triage("blocked", "550 5.7.1 rejected by policy", "1.3"))
    store.record_triage(_triage(None, '=HYPERLINK("x") our mail to ann@firm.de is gone', "1.4"))
    store.record_feedback(FeedbackRecord("T1", "C1", "1.1", "spam", helpful=True))
    store.record_feedback(
        FeedbackRecord("T1", "C1", "1.3", "blocked", helpful=False, corrected_intent="spam")
    )
    store.record_escalation(EscalationRecord("T1", "C1", "1.3", "blocked"))
    store.record_checklist(ChecklistRecord("T1", "C1", "blocked"))
    store.close()
    return url


def _mailhelp(database_url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_stats_json_is_exactly_the_public_shape(filled_url: str, tmp_path: Path) -> None:
    done = _mailhelp(filled_url, "stats", "--json", "--days", "7", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "days": 7,
        "triages": 4,
        "by_intent": {"spam": 2, "blocked": 1},
        "unrecognised": 1,
        "helpful": 1,
        "not_helpful": 1,
        "escalations": 1,
        "checklists": 1,
    }


def test_stats_table_reads_as_a_summary(filled_url: str, tmp_path: Path) -> None:
    done = _mailhelp(filled_url, "stats", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in done.stdout.splitlines() if line.strip()]
    assert lines[0] == ["mailhelp,", "last", "30", "days"]
    assert ["triages", "4"] in lines
    assert ["not", "helpful", "1"] in lines
    assert lines[-2:] == [["spam", "2"], ["blocked", "1"]]


def test_stats_on_an_empty_database_say_nothing_was_recorded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    open_store(url).close()
    done = _mailhelp(url, "stats", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "nothing recorded in this period" in done.stdout


@pytest.mark.parametrize("command", ["stats", "unmatched"])
def test_reading_commands_never_create_a_database(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "mailhelp.sqlite3"
    done = _mailhelp(f"sqlite:///{missing}", command, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(f"mailhelp {command}: no database at {missing} (DATABASE_URL)")
    assert len(done.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_stats_on_an_unmigrated_database_asks_for_the_migration_and_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()
    done = _mailhelp(f"sqlite:///{path}", "stats", cwd=tmp_path)
    assert done.returncode == 1
    assert "is at schema none, this version needs" in done.stderr
    assert "run `mailhelp migrate`" in done.stderr
    with sqlite3.connect(path) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == []


def test_a_bad_day_count_is_refused_with_a_message(filled_url: str, tmp_path: Path) -> None:
    done = _mailhelp(filled_url, "stats", "--days", "soon", cwd=tmp_path)
    assert done.returncode == 2
    assert "'soon' is not a whole number of days" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_database_is_reported_without_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgres://support:Pa55word@127.0.0.1:{port}/mailhelp"
    done = _mailhelp(url, "stats", "--json", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("mailhelp stats: cannot reach the database at DATABASE_URL=")
    assert "support:***@127.0.0.1" in done.stderr
    assert "Pa55word" not in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_unmatched_jsonl_is_redacted_and_ready_to_label(filled_url: str, tmp_path: Path) -> None:
    done = _mailhelp(filled_url, "unmatched", "--format", "jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(line["text"], line["intent"], line["reason"]) for line in lines] == [
        ("550 5.7.1 rejected by policy", None, "not_helpful"),
        ('=HYPERLINK("x") our mail to a***@firm.de is gone', None, "unrecognised"),
    ]
    assert lines[0]["predicted_intent"] == "blocked"
    assert lines[0]["corrected_intent"] == "spam"
    assert "2 message(s) from the last 30 days" in done.stderr


def test_labelled_unmatched_lines_are_read_by_the_evaluation(
    filled_url: str, tmp_path: Path
) -> None:
    exported = tmp_path / "unmatched.jsonl"
    done = _mailhelp(
        filled_url, "unmatched", "--format", "jsonl", "--output", str(exported), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    labelled = tmp_path / "labelled.jsonl"
    rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    rows[0]["intent"] = "blocked"
    labelled.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    read = read_labelled(labelled)
    assert [(row.intent, row.text) for row in read] == [
        ("blocked", "550 5.7.1 rejected by policy"),
        (None, '=HYPERLINK("x") our mail to a***@firm.de is gone'),
    ]


def test_unmatched_csv_defuses_spreadsheet_formulas(filled_url: str, tmp_path: Path) -> None:
    done = _mailhelp(filled_url, "unmatched", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [row["reason"] for row in rows] == ["not_helpful", "unrecognised"]
    assert rows[1]["text"] == '\'=HYPERLINK("x") our mail to a***@firm.de is gone'


def test_unmatched_reports_an_unwritable_output_file(filled_url: str, tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "out.csv"
    done = _mailhelp(filled_url, "unmatched", "--output", str(target), cwd=tmp_path)
    assert done.returncode == 1
    assert f"cannot write {target}: No such file or directory" in done.stderr
