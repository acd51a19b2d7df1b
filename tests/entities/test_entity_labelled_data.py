"""Extraction agrees with the labelled messages and real bounces in ../shared/eval."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.entities import extract_entities

pytestmark = pytest.mark.shared

_FIELDS = ("sender", "recipient", "provider", "smtp_code", "enhanced_code")
# Measured on dev.jsonl (56 labelled lines): every field agrees on every line. The provider floor
# leaves room for new lines whose provider is named in a way not seen yet.
_FLOORS = {
    "sender": 1.0,
    "recipient": 1.0,
    "provider": 0.95,
    "smtp_code": 1.0,
    "enhanced_code": 1.0,
}
_FINAL_RECIPIENT = re.compile(
    r"^Final-Recipient:\s*rfc822;\s*([^\s@]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})\s*$", re.I | re.M
)


def _lines(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_labelled_details_agree_field_by_field(shared_eval: Path) -> None:
    labelled = [line for line in _lines(shared_eval / "dev.jsonl") if "entities" in line]
    assert labelled, "dev.jsonl has no line with entities"
    agree = dict.fromkeys(_FIELDS, 0)
    misses: list[str] = []
    for line in labelled:
        found = extract_entities(line["text"]).as_dict()
        for field in _FIELDS:
            # A label lists every value of its kinds that the line holds; absent means none.
            expected = line["entities"].get(field)
            if found.get(field) == expected:
                agree[field] += 1
            else:
                misses.append(f"{field}: {found.get(field)!r} != {expected!r} in {line['text']!r}")
    for field in _FIELDS:
        share = agree[field] / len(labelled)
        assert share >= _FLOORS[field], f"{field} agrees on {share:.0%}:\n" + "\n".join(misses)


def test_final_recipient_header_names_the_recipient(shared_eval: Path) -> None:
    checked = 0
    for line in _lines(shared_eval / "real_bounces.jsonl"):
        header = _FINAL_RECIPIENT.search(line["text"])
        if header is None:
            continue
        checked += 1
        recipient = extract_entities(line["text"]).recipient
        assert recipient is not None
        assert recipient.lower() == header.group(1).lower(), line["text"]
    assert checked > 0


def test_every_real_bounce_is_read_without_error(shared_eval: Path) -> None:
    for line in _lines(shared_eval / "real_bounces.jsonl"):
        entities = extract_entities(line["text"])
        assert entities.recipient is None or entities.recipient in entities.addresses
