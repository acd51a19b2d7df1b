"""The neutral shape of an answer or checklist, before it becomes Slack, Markdown or text."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

SpanKind = Literal["text", "user", "code", "blank"]
BlockKind = Literal["paragraph", "bullets", "steps", "checks", "code"]

# What a blank for an unknown detail looks like in every format.
BLANK_FILL = "________"

# Who can be asked to act on an answer; templates name them on their `@actors` line.
ACTORS = ("sender", "recipient", "recipient_it", "nobody")


class Format(StrEnum):
    """The surfaces one document renders to."""

    MARKDOWN = "md"
    TEXT = "text"
    SLACK = "slack"


@dataclass(frozen=True, slots=True)
class Span:
    """Inline content: template wording, a value a person supplied, code, or a blank."""

    kind: SpanKind
    text: str


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph, list item or heading: inline spans in order."""

    spans: tuple[Span, ...]

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, a list of items (bullets, numbered steps, tick boxes) or a code snippet.

    Code blocks keep their lines verbatim in `code`; every other kind keeps `lines`.
    """

    kind: BlockKind
    lines: tuple[Line, ...] = ()
    code: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    heading: Line | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    summary: tuple[Line, ...] = ()
    callout: Line | None = None
    actors: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a surface posts: `text` (Markdown or plain, or Slack's fallback) and Slack `blocks`."""

    format: Format
    text: str
    blocks: tuple[dict[str, Any], ...] = ()
    actors: tuple[str, ...] = ()
    document: Document | None = field(default=None, compare=False, repr=False)
