"""The line markup templates write, parsed into a Document.

Templates never format for a surface: they write lines such as `# Heading`, `- item` or
`| code`, and every value that came from a person arrives wrapped in private-use sentinels.
The parser keeps those values as opaque `user` spans, so a subject line can never open a
heading, a list item or a code span, whatever characters it holds.

    = Title                      > summary paragraph          ! call-out (who acts)
    @actors recipient sender     #key Heading                 - bullet
    1. numbered step             [ ] tick box                 | code line
    plain text (a paragraph)     two leading spaces continue the previous line
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.render.document import (
    ACTORS,
    BLANK_FILL,
    Block,
    BlockKind,
    Document,
    Line,
    Section,
    Span,
)

USER_OPEN = "\ue000"
USER_CLOSE = "\ue001"
BLANK = "\ue002"
SENTINELS = frozenset((USER_OPEN, USER_CLOSE, BLANK))

_SPACE_RUN = re.compile(r" {2,}")
_SPECIAL = re.compile(f"[{USER_OPEN}{USER_CLOSE}{BLANK}`]")
# A whole user value, or one character that opens or closes something.
_TOKEN = re.compile(
    f"({USER_OPEN}[^{USER_OPEN}{USER_CLOSE}]*{USER_CLOSE}|[{USER_OPEN}{USER_CLOSE}{BLANK}`])"
)
_HEADING = re.compile(r"#([a-z0-9_]*) (.+)")
_STEP = re.compile(r"\d+\. ")


class MarkupError(ValueError):
    """A template wrote markup the parser cannot read; `line` counts from 1 in the output."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"rendered line {line}: {problem}")


def user(value: str) -> str:
    """Mark an already cleaned value as coming from a person (it must hold no sentinel)."""
    return f"{USER_OPEN}{value}{USER_CLOSE}"


def parse_inline(text: str, line_no: int = 0) -> Line:
    """Split a line into template text, `code` (between backticks), user values and blanks."""
    if not _SPECIAL.search(text):
        return Line((Span("text", _SPACE_RUN.sub(" ", text)),) if text else ())
    spans: list[Span] = []
    code: list[str] | None = None  # the parts of an open code span
    for index, piece in enumerate(_TOKEN.split(text)):
        if index % 2 == 0:
            # Line breaks inside template tags leave double spaces; wording never needs them.
            if piece and code is not None:
                code.append(piece)
            elif piece:
                spans.append(Span("text", _SPACE_RUN.sub(" ", piece) if "  " in piece else piece))
        elif piece == "`":
            if code is None:
                code = []
            else:
                if code:
                    spans.append(Span("code", "".join(code)))
                code = None
        elif piece == BLANK:
            if code is not None:
                code.append(BLANK_FILL)
            else:
                spans.append(Span("blank", ""))
        elif piece == USER_OPEN:
            raise MarkupError(line_no, "a user value is not closed")
        elif piece == USER_CLOSE:
            raise MarkupError(line_no, "a user value closes without opening")
        elif code is not None:
            code.append(piece[1:-1])
        elif len(piece) > 2:
            spans.append(Span("user", piece[1:-1]))
    if code is not None:
        raise MarkupError(line_no, "a `code` span is not closed")
    return Line(tuple(spans))


_VERBATIM = str.maketrans({USER_OPEN: None, USER_CLOSE: None, BLANK: BLANK_FILL})


def _verbatim(text: str) -> str:
    return text.translate(_VERBATIM)


@dataclass
class _Builder:
    title: str = ""
    summary: list[Line] = field(default_factory=list)
    callout: Line | None = None
    actors: tuple[str, ...] = ()
    sections: list[Section] = field(default_factory=list)
    key: str = ""
    heading: Line | None = None
    blocks: list[Block] = field(default_factory=list)
    # The open block: its kind and raw item texts (code lines stay raw).
    kind: BlockKind | None = None
    items: list[tuple[int, str]] = field(default_factory=list)
    # Where a continuation line goes: "summary", "callout", "heading" or "item".
    last: str = ""

    def close_block(self) -> None:
        if self.kind == "code":
            # Code is shown verbatim: user values lose their markers, blanks become fill-ins.
            code = tuple(_verbatim(text) for _, text in self.items)
            self.blocks.append(Block("code", code=code))
        elif self.kind is not None:
            lines = tuple(parse_inline(text, number) for number, text in self.items)
            self.blocks.append(Block(self.kind, lines=lines))
        self.kind = None
        self.items = []

    def add_item(self, kind: BlockKind, number: int, text: str) -> None:
        if self.kind != kind or kind == "paragraph":
            self.close_block()
            self.kind = kind
        self.items.append((number, text))
        self.last = "item"

    def close_section(self) -> None:
        self.close_block()
        # A heading whose blocks all came out empty is dropped with them.
        if self.blocks:
            self.sections.append(Section(self.key, self.heading, tuple(self.blocks)))
        self.blocks = []
        self.heading = None
        self.key = ""


def _continue(builder: _Builder, number: int, text: str) -> None:
    if builder.last == "item" and builder.items and builder.kind != "code":
        first, previous = builder.items[-1]
        builder.items[-1] = (first, f"{previous} {text}")
    elif builder.last == "summary" and builder.summary:
        builder.summary[-1] = _join(builder.summary[-1], parse_inline(text, number))
    elif builder.last == "callout" and builder.callout is not None:
        builder.callout = _join(builder.callout, parse_inline(text, number))
    else:
        raise MarkupError(number, "an indented line continues nothing")


def _join(first: Line, second: Line) -> Line:
    return Line((*first.spans, Span("text", " "), *second.spans))


def _actors(number: int, text: str) -> tuple[str, ...]:
    names = tuple(text.split())
    unknown = [name for name in names if name not in ACTORS]
    if unknown or not names:
        raise MarkupError(number, f"@actors needs names from {', '.join(ACTORS)}, got {text!r}")
    return names


def _read_line(builder: _Builder, number: int, line: str) -> None:
    head = line[:2]
    if head == "  ":
        _continue(builder, number, line.strip())
    elif head == "- ":
        builder.add_item("bullets", number, line[2:])
    elif head == "| " or line == "|":
        builder.add_item("code", number, line[2:])
    elif line.startswith("[ ] "):
        builder.add_item("checks", number, line[4:])
    elif head == "> ":
        builder.summary.append(parse_inline(line[2:], number))
        builder.last = "summary"
    elif head == "! ":
        builder.callout = parse_inline(line[2:], number)
        builder.last = "callout"
    elif head == "= ":
        builder.title = parse_inline(line[2:], number).plain.strip()
    elif line.startswith("@actors"):
        builder.actors = _actors(number, line[len("@actors") :])
    elif head[0] == "#":
        match = _HEADING.fullmatch(line)
        if match is None:
            raise MarkupError(number, f"a heading needs `#key Text`, got {line[:40]!r}")
        builder.close_section()
        builder.key = match.group(1)
        builder.heading = parse_inline(match.group(2), number)
        builder.last = "heading"
    elif head[0].isdigit() and (step := _STEP.match(line)):
        builder.add_item("steps", number, line[step.end() :])
    elif builder.kind == "paragraph":
        _continue(builder, number, line)
    else:
        builder.add_item("paragraph", number, line)


def parse_document(rendered: str) -> Document:
    """Read a template's output into a Document; a malformed line raises MarkupError."""
    builder = _Builder()
    for number, raw in enumerate(rendered.splitlines(), start=1):
        line = raw.rstrip()
        if line:
            _read_line(builder, number, line)
        else:
            if builder.kind in ("paragraph", "code"):
                builder.close_block()
            builder.last = ""
    builder.close_section()
    if not builder.title:
        raise MarkupError(1, "the document has no `= Title` line")
    return Document(
        title=builder.title,
        summary=tuple(builder.summary),
        callout=builder.callout,
        actors=builder.actors,
        sections=tuple(builder.sections),
    )
