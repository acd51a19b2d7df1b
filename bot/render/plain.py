"""Plain text output for email and terminals: wrapped lines, `[ ]` boxes, indented code."""

from __future__ import annotations

from bot.render.document import BLANK_FILL, Block, Document, Line

WIDTH = 78
_NBSP = "\u00a0"


def escape(text: str) -> str:
    """Plain text has no markup; only control characters could harm a terminal or mail client."""
    if text.isprintable():
        return text
    return "".join(char for char in text if char.isprintable() or char == " ")


def inline(line: Line) -> str:
    parts: list[str] = []
    for span in line.spans:
        if span.kind == "blank":
            parts.append(BLANK_FILL)
        elif span.kind == "code":
            # Code stays on one line when wrapped: its spaces become no-break spaces until then.
            parts.append(escape(span.text).replace(" ", _NBSP))
        else:
            parts.append(escape(span.text))
    return "".join(parts)


def _wrap(text: str, first: str, rest: str) -> str:
    """Greedy wrapping at WIDTH; a word longer than a line keeps its own line unbroken."""
    lines: list[str] = []
    current = first
    fresh = True  # nothing but the indent on the current line yet
    for word in text.split(" "):
        if not word:
            continue
        if not fresh and len(current) + 1 + len(word) > WIDTH:
            lines.append(current)
            current, fresh = rest, True
        current = f"{current}{word}" if fresh else f"{current} {word}"
        fresh = False
    lines.append(current)
    return "\n".join(lines).replace(_NBSP, " ")


def _block(block: Block) -> str:
    if block.kind == "code":
        return "\n".join(("    " + escape(line)).rstrip() for line in block.code)
    if block.kind == "paragraph":
        return "\n\n".join(_wrap(inline(line), "", "") for line in block.lines)
    items = []
    for number, line in enumerate(block.lines, start=1):
        marker = {"bullets": "  - ", "steps": f"  {number}. ", "checks": "  [ ] "}[block.kind]
        items.append(_wrap(inline(line), marker, " " * len(marker)))
    return "\n".join(items)


def render(document: Document) -> str:
    title = escape(document.title)
    parts = [f"{title}\n{'=' * min(len(title), WIDTH)}"]
    parts.extend(_wrap(inline(line), "", "") for line in document.summary)
    if document.callout is not None:
        parts.append(_wrap(inline(document.callout), "", ""))
    for section in document.sections:
        if section.heading is not None:
            heading = inline(section.heading).replace(_NBSP, " ")
            parts.append(f"{heading}\n{'-' * min(len(heading), WIDTH)}")
        parts.extend(_block(block) for block in section.blocks)
    return "\n\n".join(parts) + "\n"
