"""The line markup templates write, and how user values stay opaque inside it."""

from __future__ import annotations

import pytest

from bot.render.document import BLANK_FILL, Span
from bot.render.markup import BLANK, MarkupError, parse_document, parse_inline, user


def test_a_document_reads_title_summary_callout_actors_and_sections() -> None:
    document = parse_document(
        "\n".join(
            [
                "= Title",
                "> First paragraph",
                "  continues here.",
                "> Second paragraph.",
                "@actors sender recipient_it",
                "! Who acts: you.",
                "#check_now Check now",
                "- one",
                "- two",
                "  still two",
                "1. first step",
                "2. second step",
                "[ ] a box",
                "| nslookup -type=MX send.example.org",
                "|",
                "| second code line",
                "",
                "A paragraph",
                "that goes on.",
                "#empty Nothing under this heading",
            ]
        )
    )
    assert document.title == "Title"
    assert [line.plain for line in document.summary] == [
        "First paragraph continues here.",
        "Second paragraph.",
    ]
    assert document.actors == ("sender", "recipient_it")
    assert document.callout is not None and document.callout.plain == "Who acts: you."
    assert [section.key for section in document.sections] == ["check_now"]
    kinds = [block.kind for block in document.sections[0].blocks]
    assert kinds == ["bullets", "steps", "checks", "code", "paragraph"]
    bullets, _, _, code, paragraph = document.sections[0].blocks
    assert [line.plain for line in bullets.lines] == ["one", "two still two"]
    assert code.code == ("nslookup -type=MX send.example.org", "", "second code line")
    assert paragraph.lines[0].plain == "A paragraph that goes on."


def test_user_values_never_become_markup() -> None:
    hostile = "# Heading `code` - [ ] box"
    document = parse_document(f"= T\n#s S\n{user(hostile)}\n- {user('`x`')} after")
    paragraph, bullets = document.sections[0].blocks
    assert paragraph.kind == "paragraph"
    assert paragraph.lines[0].spans == (Span("user", hostile),)
    assert bullets.lines[0].spans == (Span("user", "`x`"), Span("text", " after"))


def test_backticks_in_template_text_make_code_around_user_values() -> None:
    line = parse_inline(f"run `nslookup {user('a.example')}` now")
    assert line.spans == (
        Span("text", "run "),
        Span("code", "nslookup a.example"),
        Span("text", " now"),
    )


def test_blanks_are_their_own_span_and_fill_code_lines() -> None:
    assert parse_inline(f"Sender: {BLANK}").spans == (Span("text", "Sender: "), Span("blank", ""))
    document = parse_document(f"= T\n#s S\n| from {BLANK} to {user('x@y.org')}")
    assert document.sections[0].blocks[0].code == (f"from {BLANK_FILL} to x@y.org",)
    assert parse_inline(f"`id {BLANK}`").spans == (Span("code", f"id {BLANK_FILL}"),)


def test_double_spaces_left_by_template_tags_collapse() -> None:
    assert parse_inline("uses  (x):  fine").plain == "uses (x): fine"
    assert parse_inline("`a  b`").spans == (Span("code", "a  b"),)


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ("> no title", "no `= Title`"),
        ("= T\n#Bad-Key heading", "heading needs"),
        ("= T\n  dangling continuation", "continues nothing"),
        ("= T\n@actors sender boss", "@actors needs"),
        ("= T\nan `open code span", "not closed"),
        ("= T\n" + "\ue000never closed", "not closed"),
        ("= T\nstray \ue001 close", "closes without opening"),
        ("= T\n| code\n  continued code", "continues nothing"),
    ],
)
def test_malformed_markup_names_the_problem_and_line(markup: str, problem: str) -> None:
    with pytest.raises(MarkupError, match=problem) as caught:
        parse_document(markup)
    assert caught.value.line >= 1
