"""SMTP reply codes in plain words, looked up in responses/smtp_codes.yaml with class fallbacks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.render.errors import RenderSetupError

CODES_FILE = "smtp_codes.yaml"

_BASIC = re.compile(r"[245]\d\d")
_ENHANCED = re.compile(r"([245])\.(\d{1,3})\.(\d{1,3})")
_TABLES = ("basic", "enhanced", "classes")


@dataclass(frozen=True, slots=True)
class CodeMeaning:
    """The codes of one reply and what they mean; `klass` is "2", "4" or "5" when known."""

    basic: str | None = None
    enhanced: str | None = None
    basic_meaning: str | None = None
    enhanced_meaning: str | None = None
    klass: str | None = None
    class_meaning: str | None = None

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


@dataclass(frozen=True, slots=True)
class CodeTable:
    basic: dict[str, str]
    enhanced: dict[str, str]
    classes: dict[str, str]

    @classmethod
    def load(cls, responses_dir: Path) -> CodeTable:
        path = responses_dir / CODES_FILE
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise RenderSetupError(f"{path}: file not found") from exc
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RenderSetupError(f"{path}: cannot be read: {exc}") from exc
        if not isinstance(data, dict) or set(data) != set(_TABLES):
            raise RenderSetupError(f"{path}: needs exactly the tables {', '.join(_TABLES)}")
        tables: dict[str, dict[str, str]] = {}
        for name in _TABLES:
            table = data[name]
            if not isinstance(table, dict) or not all(
                isinstance(key, str) and isinstance(value, str) and value.strip()
                for key, value in table.items()
            ):
                raise RenderSetupError(f"{path}: {name}: every code needs a quoted key and wording")
            tables[name] = {key: " ".join(value.split()) for key, value in table.items()}
        for klass in "245":
            if klass not in tables["classes"]:
                raise RenderSetupError(f"{path}: classes: wording for class {klass} is missing")
        return cls(tables["basic"], tables["enhanced"], tables["classes"])

    def explain(self, basic: str | None, enhanced: str | None) -> CodeMeaning:
        """Meanings for the codes of a reply: exact code first, then `x.y.*`, then the class."""
        basic = basic if basic and _BASIC.fullmatch(basic) else None
        parts = _ENHANCED.fullmatch(enhanced) if enhanced else None
        enhanced = enhanced if parts else None
        klass = basic[0] if basic else parts.group(1) if parts else None
        basic_meaning = None
        if basic:
            basic_meaning = self.basic.get(basic) or self.basic.get(f"{basic[0]}xx")
        enhanced_meaning = None
        if parts:
            first, subject, _ = parts.groups()
            enhanced_meaning = (
                self.enhanced.get(parts.group(0))
                or self.enhanced.get(f"{first}.{subject}.*")
                or self.enhanced.get(f"{first}.*")
            )
        return CodeMeaning(
            basic=basic,
            enhanced=enhanced,
            basic_meaning=basic_meaning,
            enhanced_meaning=enhanced_meaning,
            klass=klass,
            class_meaning=self.classes.get(klass) if klass else None,
        )
