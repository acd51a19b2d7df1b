"""Each format's escaping and layout, checked on small documents."""

from __future__ import annotations

import json

import pytest

from bot.render import markdown, plain, slack
from bot.render.document import Document, Format
from bot.render.markup import BLANK, parse_document, user
from bot.render.renderer import render_document
from bot.render.slack import MAX_BLOCKS, MAX_HEADER_TEXT, MAX_SECTION_TEXT


def _doc(*lines: str) -> Document:
    return parse_document("\n".join(("= Title", "> Summary", "@actors sender", "! Act.", *lines)))


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("<!channel>", "&lt;!channel&gt;"),
        ("<@U123>", "&lt;@U123&gt;"),
        ("<http://evil|click>", "&lt;http://evil|click&gt;"),
        ("AT&T", "AT&amp;T"),
    ],
)
def test_slack_escapes_what_would_mention_or_link(raw: str, shown: str) -> None:
    assert slack.escape(raw) == shown


@pytest.mark.parametrize(
    ("raw", "line_start", "shown"),
    [
        ("[x](http://evil)", False, "\\[x\\](http://evil)"),
        ("*bold* _it_ ~del~ `code`", False, "\\*bold\\* \\_it\\_ \\~del\\~ \\`code\\`"),
        ("<b>&copy;</b>", False, "\\<b\\>&amp;copy;\\</b\\>"),
        ("# Heading", True, "\\# Heading"),
        ("- [ ] box", True, "\\- \\[ \\] box"),
        ("1. item", True, "1\\. item"),
        ("+ item", True, "\\+ item"),
        ("a | b", False, "a \\| b"),
        ("# not at start", False, "# not at start"),
    ],
)
def test_markdown_escapes_what_would_format(raw: str, line_start: bool, shown: str) -> None:
    assert markdown.escape(raw, line_start=line_start) == shown


def test_markdown_code_span_survives_backticks_inside() -> None:
    assert markdown.code_span("a`b") == "``a`b``"
    assert markdown.code_span("`x`") == "`` `x` ``"


def test_markdown_shows_link_like_user_values_as_code() -> None:
    text = markdown.render(_doc("#s S", f"- see {user('http://evil.example/x')}"))
    assert "- see `http://evil.example/x`" in text


def test_markdown_code_block_fence_outgrows_the_content() -> None:
    text = markdown.render(_doc("#s S", f"| {user('```')} inside"))
    assert "````text\n``` inside\n````" in text


def test_markdown_writes_tick_boxes_and_numbered_steps() -> None:
    text = markdown.render(_doc("#s S", "[ ] check this", "1. first", "2. second"))
    assert "- [ ] check this" in text
    assert "1. first\n2. second" in text


def test_plain_text_wraps_keeps_boxes_and_blanks() -> None:
    words = " ".join(["word"] * 40)
    text = plain.render(_doc("#s Section", f"[ ] {words}", f"- Sender: {BLANK}"))
    assert all(len(line) <= plain.WIDTH for line in text.splitlines())
    assert "  [ ] word" in text
    assert "      word" in text, "wrapped lines hang under the box"
    assert "- Sender: ________" in text


def test_plain_text_never_breaks_inside_code() -> None:
    command = "nslookup -type=TXT resend._domainkey.some-long-domain-name.example.org"
    text = plain.render(_doc("#s S", f"- {'filler ' * 8}run `{command}` today"))
    assert command in text


def test_plain_text_drops_control_characters() -> None:
    assert plain.escape("a\x1b[2Jb\x07c") == "a[2Jbc"


def test_slack_splits_long_sections_and_caps_the_block_count() -> None:
    long_items = [f"- {user('x' * 900)}" for _ in range(8)]
    sections = [f"#s{i} Section {i}\n- item" for i in range(60)]
    document = _doc("#long Long", *long_items, *sections)
    blocks = slack.render_blocks(document)
    assert len(blocks) == MAX_BLOCKS
    texts = [block["text"]["text"] for block in blocks if block["type"] == "section"]
    assert all(len(text) <= MAX_SECTION_TEXT for text in texts)
    assert sum(text.count("x" * 900) for text in texts) == 8, "long items are split, not cut"


def test_slack_header_is_plain_text_within_its_limit() -> None:
    document = parse_document(f"= {'T' * 400}\n> s\n@actors sender\n! a")
    header = slack.render_blocks(document)[0]
    assert header["type"] == "header"
    assert len(header["text"]["text"]) == MAX_HEADER_TEXT


def test_slack_rendering_carries_blocks_and_a_fallback_text() -> None:
    rendered = render_document(_doc("#s S", "- item"), Format.SLACK)
    assert rendered.text == "Title: Summary"
    assert json.dumps(rendered.blocks)
    assert rendered.actors == ("sender",)


def test_slack_shows_link_like_user_values_as_code_in_blocks_and_fallback() -> None:
    document = parse_document(
        "\n".join(
            (
                "= Title",
                f"> The reply was {user('see http://evil.example/x')}",
                "@actors sender",
                "! Act.",
                f"#s S\n- look at {user('www.evil.example')}",
            )
        )
    )
    rendered = render_document(document, Format.SLACK)
    assert rendered.text == "Title: The reply was `see http://evil.example/x`"
    posted = json.dumps(rendered.blocks)
    assert "`www.evil.example`" in posted
    assert " www.evil.example" not in posted.replace("`www.evil.example`", "")


def test_unknown_format_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="use one of md, text, slack"):
        render_document(_doc(), "html")
