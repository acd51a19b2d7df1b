"""The codes table (responses/codes.yaml): per code or provider text, what it means, who acts,
the decisive next step and the source, with the most specific row chosen for a reply."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CODES_FILE = "codes.yaml"
OWNERS = ("sender", "recipient", "recipient_it", "nobody")
# Distinct pairs of codes whose fitting rows are kept; codes come from messages, so bounded.
MAX_CACHED_CODES = 4096

_BASIC = re.compile(r"[245]\d\d")
_ENHANCED = re.compile(r"([245])\.(\d{1,3})\.(\d{1,3})")
_RANGE = re.compile(r"([245]\.\d{1,3})\.(\d{1,3})-\1\.(\d{1,3})")
_ROW_CODE = re.compile(r"[245]\d\d|[245]xx|[245]\.\d{1,3}\.\d{1,3}|[245]\.\d{1,3}\.\*|[245]\.\*")
_ROW_FIELDS = frozenset({"code", "text", "provider", "owner", "meaning", "next", "source"})
_PROVIDER_MARKERS = {
    "microsoft": re.compile(
        r"outlook\.com|protection\.outlook|microsoft|hotmail|resolver\.|storedrv|exchangelabs"
        r"|queued mail for delivery"
    ),
    "google": re.compile(r"gsmtp|google\.com|gmail"),
    "yahoo": re.compile(r"yahoo|\btss\d\d\b|aol\.com"),
    "apple": re.compile(r"icloud|apple\.com|\[cs0\d\]"),
}


class CodeTableError(ValueError):
    """codes.yaml cannot be used; the message names the file and the row."""


@dataclass(frozen=True, slots=True)
class CodeRow:
    """One row of the table; `code` and `text` say what it matches."""

    code: str | None
    text: re.Pattern[str] | None
    provider: str | None
    owner: str
    meaning: str
    next: str
    source: str

    def reply_fit(self, code_fit: int, reply: str, provider: str | None) -> int:
        """How closely this row fits the reply, given its fit to the codes (CodeTable._fitting,
        0 for a row without a code); 0 when it does not apply."""
        if self.text is not None:
            # A provider's own marker (S3150, TSS04, CS01) names the provider by itself.
            return 16 + code_fit if self.text.search(reply) else 0
        if self.provider is not None:
            marker = _PROVIDER_MARKERS.get(self.provider)
            if provider != self.provider and not (marker and marker.search(reply)):
                return 0
            return 4 + code_fit
        return code_fit


def _code_fit(pattern: str, basic: str | None, enhanced: str | None) -> int:
    """An enhanced code tells more than a basic one: exact 10, range 9, subject fallback (5.7.*)
    6, exact basic 5, class fallbacks (5.*, 5xx) 2 and 1."""
    span = _RANGE.fullmatch(pattern)
    if span and enhanced:
        head, low, high = span.groups()
        first, _, detail = enhanced.rpartition(".")
        return 9 if first == head and int(low) <= int(detail) <= int(high) else 0
    if pattern == enhanced:
        return 10
    if pattern == basic:
        return 5
    if pattern.endswith(".*") and enhanced:
        prefix = pattern[:-1]
        return (6 if prefix.count(".") == 2 else 2) if enhanced.startswith(prefix) else 0
    if pattern.endswith("xx") and basic and basic[0] == pattern[0]:
        return 1
    return 0


@dataclass(frozen=True, slots=True)
class CodeMeaning:
    """The codes of one reply, the row that decides it, and the meanings for each code."""

    basic: str | None = None
    enhanced: str | None = None
    basic_meaning: str | None = None
    enhanced_meaning: str | None = None
    klass: str | None = None
    class_meaning: str | None = None
    row: CodeRow | None = None

    @property
    def known(self) -> bool:
        return self.klass is not None

    @property
    def temporary(self) -> bool:
        return self.klass == "4"

    @property
    def permanent(self) -> bool:
        return self.klass == "5"

    @property
    def accepted(self) -> bool:
        return self.klass == "2"

    @property
    def specific(self) -> bool:
        """Whether a row for this very code or provider text decides, not a class fallback."""
        row = self.row
        if row is None:
            return False
        return row.text is not None or (row.code is not None and not row.code.endswith(("*", "xx")))

    @property
    def decisive(self) -> bool:
        """Whether a provider's own row decides (S3150, 5.7.606, gcdp), not a standard's."""
        row = self.row
        return row is not None and self.specific and "rfc-editor.org" not in row.source

    @property
    def owner(self) -> str | None:
        return self.row.owner if self.row else None

    @property
    def meaning(self) -> str | None:
        return self.row.meaning if self.row else None

    @property
    def next_step(self) -> str | None:
        return self.row.next if self.row else None

    @property
    def source(self) -> str | None:
        return self.row.source if self.row else None


def _text(value: Any, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CodeTableError(f"{where}: {name} needs wording")
    return " ".join(value.split())


def _row(path: Path, number: int, data: Any) -> CodeRow:
    where = f"{path}: rows[{number}]"
    if not isinstance(data, dict) or set(data) - _ROW_FIELDS:
        raise CodeTableError(f"{where}: a row takes only {', '.join(sorted(_ROW_FIELDS))}")
    code, text = data.get("code"), data.get("text")
    if code is None and text is None:
        raise CodeTableError(f"{where}: needs a code or a text")
    if code is not None and not (_ROW_CODE.fullmatch(str(code)) or _RANGE.fullmatch(str(code))):
        raise CodeTableError(f"{where}: code {code!r} is not a reply code, range or fallback")
    if data.get("owner") not in OWNERS:
        raise CodeTableError(f"{where}: owner must be one of {', '.join(OWNERS)}")
    source = _text(data.get("source"), where, "source")
    if not source.startswith("https://"):
        raise CodeTableError(f"{where}: source must be an https:// address")
    try:
        pattern = re.compile(str(text), re.I) if text is not None else None
    except re.error as exc:
        raise CodeTableError(f"{where}: text is not a valid pattern: {exc}") from exc
    return CodeRow(
        code=str(code) if code is not None else None,
        text=pattern,
        provider=str(data["provider"]) if data.get("provider") else None,
        owner=str(data["owner"]),
        meaning=_text(data.get("meaning"), where, "meaning"),
        next=_text(data.get("next"), where, "next"),
        source=source,
    )


@dataclass(frozen=True, slots=True)
class CodeTable:
    rows: tuple[CodeRow, ...]
    classes: dict[str, str]
    # Rows that can fit a pair of codes, with how well they fit them: there are few distinct
    # codes, and each answer asks three times.
    _candidates: dict[tuple[str | None, str | None], tuple[tuple[int, CodeRow], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def load(cls, responses_dir: Path) -> CodeTable:
        path = responses_dir / CODES_FILE
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CodeTableError(f"{path}: file not found") from exc
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise CodeTableError(f"{path}: cannot be read: {exc}") from exc
        if not isinstance(data, dict) or set(data) != {"classes", "rows"}:
            raise CodeTableError(f"{path}: needs exactly the tables classes and rows")
        classes = data["classes"] if isinstance(data["classes"], dict) else {}
        meanings: dict[str, str] = {}
        for klass in "245":
            entry = classes.get(klass)
            if not isinstance(entry, dict):
                raise CodeTableError(f"{path}: classes: wording for class {klass} is missing")
            meanings[klass] = _text(entry.get("meaning"), f"{path}: classes.{klass}", "meaning")
            _text(entry.get("source"), f"{path}: classes.{klass}", "source")
        rows = data["rows"]
        if not isinstance(rows, list) or not rows:
            raise CodeTableError(f"{path}: rows needs one entry per code")
        return cls(tuple(_row(path, index, row) for index, row in enumerate(rows)), meanings)

    def best(
        self, basic: str | None, enhanced: str | None, reply: str = "", provider: str | None = None
    ) -> CodeRow | None:
        """The most specific row for the codes and reply; the first in the table on a tie."""
        lowered = reply.lower()
        top, chosen = 0, None
        for code_fit, row in self._fitting(basic, enhanced):
            score = row.reply_fit(code_fit, lowered, provider)
            if score > top:
                top, chosen = score, row
        return chosen

    def _fitting(self, basic: str | None, enhanced: str | None) -> tuple[tuple[int, CodeRow], ...]:
        key = (basic, enhanced)
        found = self._candidates.get(key)
        if found is None:
            fits = (
                (row, _code_fit(row.code, basic, enhanced) if row.code else 0) for row in self.rows
            )
            found = tuple((fit, row) for row, fit in fits if row.code is None or fit)
            if len(self._candidates) < MAX_CACHED_CODES:
                self._candidates[key] = found
        return found

    def explain(
        self,
        basic: str | None,
        enhanced: str | None,
        reply: str | None = None,
        provider: str | None = None,
    ) -> CodeMeaning:
        """The codes of a reply with their meanings and the row that decides what to do."""
        basic = basic if basic and _BASIC.fullmatch(basic) else None
        enhanced = enhanced if enhanced and _ENHANCED.fullmatch(enhanced) else None
        klass = basic[0] if basic else enhanced[0] if enhanced else None
        basic_row = self.best(basic, None) if basic else None
        enhanced_row = self.best(None, enhanced, reply or "", provider) if enhanced else None
        row = self.best(basic, enhanced, reply or "", provider) if (klass or reply) else None
        return CodeMeaning(
            basic=basic,
            enhanced=enhanced,
            basic_meaning=basic_row.meaning if basic_row else None,
            enhanced_meaning=enhanced_row.meaning if enhanced_row else None,
            klass=klass,
            class_meaning=self.classes.get(klass) if klass else None,
            row=row,
        )
