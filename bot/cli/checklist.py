"""`mailhelp checklist`: the IT-admin checklist for one case, printed or written to a file."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import InputError, load_engine, text_argument
from bot.render.document import Format, Rendered
from bot.render.errors import RenderSetupError

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.render.details import CaseDetails

# Flags that fill one detail each; given explicitly they win over what a triage found.
DETAIL_FLAGS = ("sender", "recipient", "date", "subject", "message_id", "smtp_reply", "provider")
_SUFFIX_FORMATS = {".md": Format.MARKDOWN, ".txt": Format.TEXT, ".json": Format.SLACK}


class UsageError(Exception):
    """The command line asks for something that cannot be done; the message says what instead."""


def _chosen_intent(engine: Engine, args: argparse.Namespace, found: str | None) -> str:
    """--intent (an id, or a topic resolved to one), else what the triage of --from-text found."""
    valid = ", ".join(intent.id for intent in engine.catalog)
    wanted: str | None = args.intent
    if wanted is None:
        if found is not None:
            return found
        problem = "the text does not read as a known email problem; " if args.from_text else ""
        raise UsageError(f"{problem}pass --intent ID (valid ids: {valid})")
    if engine.catalog.get(wanted) is not None:
        return wanted
    resolved = engine.catalog.resolve_topic(wanted)
    if resolved is None:
        raise UsageError(f"unknown intent {wanted!r}; valid ids: {valid}")
    print(f"mailhelp: using intent {resolved!r} for {wanted!r}", file=sys.stderr)
    return resolved


def _triaged(engine: Engine, args: argparse.Namespace) -> tuple[str | None, CaseDetails]:
    """The intent and details a triage finds in --from-text, or nothing when it is not given."""
    from bot.render.details import CaseDetails

    if args.from_text is None:
        return None, CaseDetails()
    text = text_argument([args.from_text])
    result = engine.triage(text)
    if result.intent is not None and args.intent is None:
        print(
            f"mailhelp: this reads as {result.intent!r} (confidence {result.confidence:.2f}); "
            "pass --intent to choose another",
            file=sys.stderr,
        )
    return result.intent, CaseDetails.from_entities(result.entities, text)


def case_details(found: CaseDetails, args: argparse.Namespace) -> CaseDetails:
    """Found details, overridden by every detail flag given on the command line."""
    given = {name: getattr(args, name) for name in DETAIL_FLAGS if getattr(args, name) is not None}
    if "recipient" in given and "provider" not in given:
        # The provider found belonged to the recipient found; let the new address decide.
        given["provider"] = None
    return replace(found, **given)


def choose_format(args: argparse.Namespace) -> Format:
    """--format, else the output file's suffix, else text for a terminal and Markdown otherwise."""
    if args.format is not None:
        return Format(args.format)
    if args.output is not None:
        return _SUFFIX_FORMATS.get(args.output.suffix.lower(), Format.MARKDOWN)
    return Format.TEXT if sys.stdout.isatty() else Format.MARKDOWN


def output_text(rendered: Rendered) -> str:
    if rendered.format is Format.SLACK:
        payload = {"text": rendered.text, "blocks": list(rendered.blocks)}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return rendered.text


def run_checklist(args: argparse.Namespace) -> int:
    from bot.render.renderer import Renderer
    from bot.render.template_cache import compiled_template_cache

    try:
        engine = load_engine()
        found_intent, found = _triaged(engine, args)
        intent_id = _chosen_intent(engine, args, found_intent)
        # The chosen intent's templates only, compiled once and kept for the next run.
        renderer = Renderer.load(
            engine.responses_dir,
            [engine.catalog.intents[intent_id]],
            bytecode_cache=compiled_template_cache(),
        )
        rendered = renderer.render_checklist(
            intent_id=intent_id,
            details=case_details(found, args),
            fmt=choose_format(args),
        )
    except (UsageError, InputError, RenderSetupError) as exc:
        print(f"mailhelp checklist: {exc}", file=sys.stderr)
        return 2
    text = output_text(rendered)
    if args.output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"mailhelp checklist: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"mailhelp: checklist written to {args.output}", file=sys.stderr)
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "checklist",
        help="write the IT-admin checklist for a case",
        description=(
            "Write a checklist for the recipient's IT department: the case with what is known "
            "(blanks for the rest), tick-box checks with the likeliest first, and a message for "
            "the mail provider's support. Give the problem with --intent, or paste the message "
            "or bounce with --from-text to have it triaged and its details filled in; detail "
            "flags override what the triage found."
        ),
    )
    parser.add_argument("--intent", metavar="ID", help="intent id (see `mailhelp intents`)")
    parser.add_argument(
        "--from-text",
        metavar="TEXT",
        help="the message or bounce to triage for the intent and details; - reads standard input",
    )
    parser.add_argument("--sender", metavar="ADDR", help="the sending address")
    parser.add_argument("--recipient", metavar="ADDR", help="the address that did not get it")
    parser.add_argument("--date", metavar="WHEN", help="date and time sent, with time zone")
    parser.add_argument("--subject", metavar="TEXT", help="the message's subject")
    parser.add_argument("--message-id", metavar="ID", help="the Message-ID header")
    parser.add_argument(
        "--smtp-reply", metavar="TEXT", help="the receiving server's reply, word for word"
    )
    parser.add_argument(
        "--provider",
        metavar="NAME",
        help="the recipient's mail provider: microsoft, google, yahoo, apple or another name",
    )
    parser.add_argument(
        "--format",
        choices=[item.value for item in Format],
        help="md (tick boxes as - [ ]), text ([ ]) or slack (Block Kit JSON); default: from the "
        "-o suffix, else text on a terminal and md otherwise",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    parser.set_defaults(handler=run_checklist)
