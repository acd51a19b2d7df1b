"""Fixtures for every test: a scrubbed environment and the optional shared evaluation data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO_ROOT.parent / "shared" / "eval"

_SCRUBBED_PREFIXES = ("SLACK_", "MAILHELP_", "DATABASE_URL", "PORT")


@pytest.fixture(autouse=True)
def scrubbed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads a real token, a developer's database or a stray .env file."""
    for name in list(os.environ):
        if name.startswith(_SCRUBBED_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'mailhelp-test.sqlite3'}")
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """The labelled data beside the checkout; absent in a user's clone, so those tests skip."""
    if not SHARED_EVAL.is_dir():
        reason = f"labelled data not found at {SHARED_EVAL} (it sits beside the checkout in CI)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    return SHARED_EVAL
