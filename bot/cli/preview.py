"""What a person reads for one message in a terminal: the triage summary, then the answer."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable

from bot.engine import Engine
from bot.intents.decision import Action, clarify_choices, decide_direct, should_speak_unprompted
from bot.intents.result import TriageResult
from bot.intents.view import triage_view
from bot.render.document import Format
from bot.render.renderer import Renderer
from bot.render.template_cache import compiled_template_cache

EVIDENCE_SHOWN = 8

# The renderer that answers an intent: one holding every template for a session that answers
# many messages, or one loaded for just that intent when a single answer is wanted.
RendererFor = Callable[[str], Renderer]


def renderer_for_one(engine: Engine) -> RendererFor:
    """Loads only the templates of the intent asked for: a single answer needs no others,
    and keeps them compiled on disk for the next run."""

    def load(intent_id: str) -> Renderer:
        return Renderer.load(
            engine.responses_dir,
            [engine.catalog.intents[intent_id]],
            bytecode_cache=compiled_template_cache(),
        )

    return load


def _width() -> int:
    return max(60, min(100, shutil.get_terminal_size((100, 20)).columns))


def _field(label: str, value: str) -> str:
    indent = " " * 14
    return textwrap.fill(
        value, width=_width(), initial_indent=f"{label:<14}", subsequent_indent=indent
    )


def _summary(engine: Engine, result: TriageResult) -> list[str]:
    catalog = engine.catalog
    lines: list[str] = []
    if result.intent is None:
        lines.append(_field("Intent", "none: not recognised as an email-delivery problem"))
    else:
        title = catalog.title(result.intent)
        lines.append(_field("Intent", f"{result.intent} ({title})"))
        lines.append(_field("Confidence", f"{result.confidence:.2f}"))
    channel = (
        "would answer" if should_speak_unprompted(result, engine.thresholds) else "stays quiet"
    )
    direct = {
        Action.ANSWER: "answers",
        Action.CLARIFY: "asks which topic is meant: "
        + ", ".join(catalog.title(i) for i in clarify_choices(result)),
        Action.UNRECOGNISED: "says it did not recognise the problem and lists the topics",
    }[decide_direct(result, engine.thresholds)]
    lines.append(_field("In a channel", channel))
    lines.append(_field("When asked", direct))
    if result.alternatives:
        runners = ", ".join(f"{c.intent} {c.confidence:.2f}" for c in result.alternatives[:4])
        lines.append(_field("Runners-up", runners))
    for index, evidence in enumerate(result.evidence[:EVIDENCE_SHOWN]):
        label = "Evidence" if index == 0 else ""
        lines.append(_field(label, f"{evidence.rule} +{evidence.weight:.2f}  «{evidence.matched}»"))
    details = result.entities.as_dict()
    hints = details.pop("typo_hints", [])
    if details:
        shown = ", ".join(
            f"{key} {', '.join(value) if isinstance(value, list) else value}"
            for key, value in details.items()
        )
        lines.append(_field("Details", shown))
    for hint in hints:
        lines.append(_field("Typo?", f"{hint['domain']} looks like {hint['suggestion']}"))
    return lines


def describe(engine: Engine, text: str, fmt: Format, *, renderer_for: RendererFor | None) -> str:
    """What a person reads for one message: the triage summary, then the answer."""
    result = engine.triage(text)
    lines = _summary(engine, result)
    if renderer_for is not None and result.intent is not None:
        answer = renderer_for(result.intent).render_answer(
            intent=engine.catalog.intents[result.intent],
            entities=result.entities,
            fmt=fmt,
            text=text,
        )
        lines.append("\n" + "─" * min(_width(), 72) + "\n")
        if answer.blocks:
            lines.append(json.dumps({"blocks": list(answer.blocks), "text": answer.text}, indent=2))
        else:
            lines.append(answer.text.rstrip())
    elif result.intent is None:
        topics = ", ".join(intent.title for intent in engine.catalog)
        lines.append("\n" + _field("Topics", topics))
    return "\n".join(lines)


def json_view(engine: Engine, text: str, fmt: Format, *, renderer_for: RendererFor | None) -> str:
    """The triage as `mailhelp triage` writes it, plus the answer when there is one."""
    result = engine.triage(text)
    view = triage_view(result, engine.thresholds)
    if renderer_for is not None and result.intent is not None:
        answer = renderer_for(result.intent).render_answer(
            intent=engine.catalog.intents[result.intent],
            entities=result.entities,
            fmt=fmt,
            text=text,
        )
        view["answer"] = list(answer.blocks) if answer.blocks else answer.text
    return json.dumps(view, ensure_ascii=False, indent=2)
