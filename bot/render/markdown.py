"""Markdown output (the checklist file handed to IT), with all Markdown escaping in one place."""

from __future__ import annotations

import re

from bot.render.document import BLANK_FILL, Block, Document, Line, Span

# Characters that can start emphasis, links, images, raw HTML, code, tables or strikethrough.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# Entity references such as &lt; would be decoded by a Markdown reader.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# At the start of a line these open a heading, quote, list item or thematic break.
_LINE_START = re.compile(r"(?:[#>+=-]|(\d+)[.)])")
# Bare links that GitHub-flavoured Markdown would turn into anchors.
LINK_LIKE = re.compile(r"(?i)(://|www\.)")


def escape(text: str, *, line_start: bool = False) -> str:
    text = _ENTITY.sub("&amp;", _INLINE.sub(r"\\\1", text))
    match = _LINE_START.match(text) if line_start else None
    if match is None:
        return text
    digits = match.group(1)
    # "1." must become "1\." to stay a number; every other opener takes a leading backslash.
    return f"{digits}\\{text[len(digits) :]}" if digits else f"\\{text}"


def code_span(text: str) -> str:
    """Inline code that holds any text: the fence is longer than any backtick run inside."""
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    padded = f" {text} " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else text
    return f"{fence}{padded}{fence}"


def _span(span: Span, line_start: bool) -> str:
    if span.kind == "code":
        return code_span(span.text)
    if span.kind == "blank":
        return BLANK_FILL
    if span.kind == "user" and LINK_LIKE.search(span.text):
        # A code span shows the address literally and can never become a link.
        return code_span(span.text)
    return escape(span.text, line_start=line_start)


def inline(line: Line) -> str:
    return "".join(_span(span, index == 0) for index, span in enumerate(line.spans))


def _block(block: Block) -> str:
    if block.kind == "code":
        body = "\n".join(block.code)
        runs = [len(run) for run in re.findall(r"`{3,}", body)]
        fence = "`" * max(3, max(runs, default=0) + 1)
        return f"{fence}text\n{body}\n{fence}"
    if block.kind == "paragraph":
        return "\n\n".join(inline(line) for line in block.lines)
    items = []
    for number, line in enumerate(block.lines, start=1):
        marker = {"bullets": "-", "steps": f"{number}.", "checks": "- [ ]"}[block.kind]
        items.append(f"{marker} {inline(line)}")
    return "\n".join(items)


def render(document: Document) -> str:
    parts = [f"# {escape(document.title, line_start=True)}"]
    parts.extend(inline(line) for line in document.summary)
    if document.callout is not None:
        parts.append(f"> **{inline(document.callout)}**")
    for section in document.sections:
        if section.heading is not None:
            parts.append(f"## {inline(section.heading)}")
        parts.extend(_block(block) for block in section.blocks)
    return "\n\n".join(parts) + "\n"
