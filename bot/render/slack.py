"""Slack Block Kit output within Slack's limits, with all mrkdwn escaping in one place."""

from __future__ import annotations

from typing import Any

from bot.render.document import BLANK_FILL, Block, Document, Line, Section
from bot.render.markdown import LINK_LIKE

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_FALLBACK_TEXT = 3000
ELLIPSIS = "…"
# A backtick inside code would end Slack's code formatting early; this look-alike cannot.
_BACKTICK_STAND_IN = "ˋ"


def escape(text: str) -> str:
    """Slack reads `<...>` as links and mentions and `&` as entities; these three are all it needs.

    With them escaped, `<!channel>`, `<@U123>` and `<http://evil|click>` show as typed.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    return escape(text).replace("`", _BACKTICK_STAND_IN)


def inline(line: Line) -> str:
    parts: list[str] = []
    for span in line.spans:
        if span.kind == "code" or (span.kind == "user" and LINK_LIKE.search(span.text)):
            # A code span shows a supplied address or URL literally; Slack never links it.
            parts.append(f"`{_code(span.text)}`")
        elif span.kind == "blank":
            parts.append(BLANK_FILL)
        else:
            parts.append(escape(span.text))
    return "".join(parts)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def _block_lines(block: Block) -> list[str]:
    if block.kind == "code":
        body = "\n".join(_code(line) for line in block.code)
        return [f"```\n{body}\n```"]
    if block.kind == "paragraph":
        return [inline(line) for line in block.lines]
    lines = []
    for number, line in enumerate(block.lines, start=1):
        marker = {"bullets": "•", "steps": f"{number}.", "checks": "☐"}[block.kind]
        lines.append(f"{marker} {inline(line)}")
    return lines


def _section_texts(section: Section) -> list[str]:
    """The section as mrkdwn texts of at most MAX_SECTION_TEXT characters, split between items."""
    pieces: list[str] = []
    if section.heading is not None:
        pieces.append(f"*{inline(section.heading)}*")
    for block in section.blocks:
        pieces.extend(_block_lines(block))
    texts: list[str] = []
    current = ""
    for piece in pieces:
        piece = _cut(piece, MAX_SECTION_TEXT)
        candidate = f"{current}\n{piece}" if current else piece
        if len(candidate) > MAX_SECTION_TEXT:
            texts.append(current)
            candidate = piece
        current = candidate
    if current:
        texts.append(current)
    return texts


def _section(text: str, block_id: str | None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def render_blocks(document: Document) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _cut(document.title, MAX_HEADER_TEXT)},
        }
    ]
    if document.summary:
        summary = "\n\n".join(inline(line) for line in document.summary)
        blocks.append(_section(_cut(summary, MAX_SECTION_TEXT), "summary"))
    if document.callout is not None:
        # Who acts is the line a reader needs most, so it is bold, not small grey context.
        callout = _cut(f"*{inline(document.callout)}*", MAX_SECTION_TEXT)
        blocks.append(_section(callout, "who_acts"))
    used: set[str] = set()
    for section in document.sections:
        for number, text in enumerate(_section_texts(section), start=1):
            block_id = section.key if number == 1 else f"{section.key}-{number}"
            blocks.append(_section(text, block_id if block_id and block_id not in used else None))
            used.add(block_id)
    if len(blocks) > MAX_BLOCKS:
        # Fold the overflow into the last allowed block rather than drop content silently.
        overflow = "\n".join(block["text"]["text"] for block in blocks[MAX_BLOCKS - 1 :])
        blocks = [*blocks[: MAX_BLOCKS - 1], _section(_cut(overflow, MAX_SECTION_TEXT), None)]
    return blocks


def fallback_text(document: Document) -> str:
    """The message `text` Slack shows in notifications and where blocks cannot be drawn."""
    summary = " ".join(inline(line) for line in document.summary)
    text = f"{escape(document.title)}: {summary}" if summary else escape(document.title)
    return _cut(text, MAX_FALLBACK_TEXT)
