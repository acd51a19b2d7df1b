"""The templates loaded once, and the two things they render: an answer and an IT checklist."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from jinja2 import BytecodeCache, Template, TemplateError, TemplateNotFound, TemplateSyntaxError

from bot.codes.table import CodeTable, CodeTableError
from bot.entities.model import Entities
from bot.render import markdown, plain, slack
from bot.render.context import template_context
from bot.render.details import CaseDetails
from bot.render.document import Document, Format, Rendered
from bot.render.environment import build_environment
from bot.render.errors import RenderError, RenderSetupError, UnknownIntentError
from bot.render.markup import MarkupError, parse_document

ANSWERS_DIR = "answers"
# What a Slack answer shows: the case, who acts, the next steps and a line for the customer;
# the fuller guidance stays in Markdown, text and the checklist (`slack_more` points there).
SLACK_SECTIONS = frozenset({"typo", "steps", "customer", "slack_more"})
MAX_STEPS = 3
CHECKLIST_TEMPLATE = "checklist.j2"


class IntentLike(Protocol):
    """What the renderer needs of an intent: IntentSpec fits, as does any object with these."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


IntentRef = IntentLike | tuple[str, str]


def _id_and_title(intent: IntentRef) -> tuple[str, str]:
    if isinstance(intent, tuple):
        return intent
    return intent.id, intent.title


def answer_template_name(intent_id: str) -> str:
    return f"{ANSWERS_DIR}/{intent_id}.j2"


def _load_codes(responses_dir: Path) -> CodeTable:
    try:
        return CodeTable.load(responses_dir)
    except CodeTableError as exc:
        raise RenderSetupError(str(exc)) from exc


def _load(environment: Any, name: str, what: str) -> Template:
    try:
        return environment.get_template(name)  # type: ignore[no-any-return]
    except TemplateNotFound as exc:
        raise RenderSetupError(f"{what}: template {name} not found") from exc
    except TemplateSyntaxError as exc:
        where = f"{exc.filename or name}:{exc.lineno}"
        raise RenderSetupError(f"{what}: {where}: {exc.message}") from exc


@dataclass(frozen=True, slots=True)
class Renderer:
    """One Jinja environment and every template, loaded and checked once at start-up."""

    answers: Mapping[str, Template]
    titles: Mapping[str, str]
    checklist: Template
    codes: CodeTable

    @classmethod
    def load(
        cls,
        responses_dir: Path,
        intents: Iterable[IntentRef],
        *,
        bytecode_cache: BytecodeCache | None = None,
    ) -> Renderer:
        """Load the template of every intent; a missing or broken one fails naming the intent."""
        if not responses_dir.is_dir():
            raise RenderSetupError(f"responses directory {responses_dir} does not exist")
        environment = build_environment(responses_dir, bytecode_cache=bytecode_cache)
        titles: dict[str, str] = {}
        answers: dict[str, Template] = {}
        for intent in intents:
            intent_id, title = _id_and_title(intent)
            if not (responses_dir / answer_template_name(intent_id)).is_file():
                raise RenderSetupError(
                    f"intent {intent_id!r} has no answer template: expected "
                    f"{responses_dir / answer_template_name(intent_id)}"
                )
            answers[intent_id] = _load(
                environment, answer_template_name(intent_id), f"intent {intent_id!r}"
            )
            titles[intent_id] = title
        if not answers:
            raise RenderSetupError("no intents given: there is nothing to render")
        renderer = cls(
            answers=answers,
            titles=titles,
            checklist=_load(environment, CHECKLIST_TEMPLATE, "the IT checklist"),
            codes=_load_codes(responses_dir),
        )
        renderer._check_every_template()
        return renderer

    def _check_every_template(self) -> None:
        # A template that only breaks when rendered would otherwise fail in front of a user.
        for intent_id, title in self.titles.items():
            try:
                for slack_only in (False, True):
                    self.answer_document(
                        intent=(intent_id, title), entities=Entities(), slack_only=slack_only
                    )
                self.checklist_document(intent_id=intent_id, title=title, details=CaseDetails())
            except RenderError as exc:
                raise RenderSetupError(f"intent {intent_id!r}: {exc}") from exc

    @property
    def intent_ids(self) -> tuple[str, ...]:
        return tuple(self.answers)

    def _resolve(self, intent: IntentRef | str) -> tuple[str, str]:
        intent_id, title = (intent, "") if isinstance(intent, str) else _id_and_title(intent)
        if intent_id not in self.answers:
            raise UnknownIntentError(intent_id, self.answers)
        return intent_id, title or self.titles[intent_id]

    def _document(self, template: Template, context: dict[str, Any]) -> Document:
        try:
            return parse_document(template.render(context))
        except (MarkupError, TemplateError) as exc:
            raise RenderError(f"{template.name}: {exc}") from exc

    def answer_document(
        self,
        *,
        intent: IntentRef | str,
        entities: Entities,
        text: str = "",
        recipient_platform: str | None = None,
        slack_only: bool = False,
    ) -> Document:
        """The whole answer; `slack_only` leaves out the sections Slack does not show."""
        intent_id, title = self._resolve(intent)
        context = template_context(
            intent_id=intent_id,
            title=title,
            details=CaseDetails.from_entities(entities, text),
            codes=self.codes,
            typo_hints=entities.typo_hints,
            domains=entities.domains,
            smtp_code=entities.smtp_code,
            enhanced_code=entities.enhanced_code,
            tried=entities.tried,
            antispam=entities.antispam,
            authentication=entities.authentication,
            recipient_platform=recipient_platform,
        )
        context["slack_only"] = slack_only
        document = _capped_steps(self._document(self.answers[intent_id], context))
        if not (document.summary and document.actors and document.callout):
            # Caught at start-up: every answer must say what is happening and who acts.
            raise RenderError(f"{answer_template_name(intent_id)}: no summary, @actors or call-out")
        return document

    def checklist_document(
        self,
        *,
        intent_id: str,
        title: str | None = None,
        details: CaseDetails,
        recipient_platform: str | None = None,
    ) -> Document:
        intent_id, title = self._resolve((intent_id, title or ""))
        context = template_context(
            intent_id=intent_id,
            title=title,
            details=details,
            codes=self.codes,
            recipient_platform=recipient_platform,
        )
        return self._document(self.checklist, context)

    def render_answer(
        self,
        *,
        intent: IntentRef | str,
        entities: Entities,
        fmt: Format | str,
        text: str = "",
        recipient_platform: str | None = None,
    ) -> Rendered:
        """The answer for an intent in one format; `text` is the message, for its reply line."""
        document = self.answer_document(
            intent=intent,
            entities=entities,
            text=text,
            recipient_platform=recipient_platform,
            slack_only=str(fmt) == Format.SLACK.value,
        )
        return render_document(for_surface(document, fmt), fmt)

    def render_checklist(
        self,
        *,
        intent_id: str,
        title: str | None = None,
        details: CaseDetails,
        fmt: Format | str,
        recipient_platform: str | None = None,
    ) -> Rendered:
        """The IT-admin checklist for an intent, filled with the details and blanks for the rest."""
        document = self.checklist_document(
            intent_id=intent_id,
            title=title,
            details=details,
            recipient_platform=recipient_platform,
        )
        return render_document(document, fmt)


def _capped_steps(document: Document) -> Document:
    """The next steps are the first three the template gave, decisive first."""
    section = document.section("steps")
    if section is None:
        return document
    blocks = tuple(
        replace(block, lines=block.lines[:MAX_STEPS]) if block.kind == "steps" else block
        for block in section.blocks
    )
    sections = tuple(
        replace(item, blocks=blocks) if item is section else item for item in document.sections
    )
    return replace(document, sections=sections)


def for_surface(document: Document, fmt: Format | str) -> Document:
    """An answer as one surface shows it: Slack gets the thread-sized part only."""
    if str(fmt) == Format.SLACK.value:
        kept = tuple(item for item in document.sections if item.key in SLACK_SECTIONS)
    else:
        kept = tuple(item for item in document.sections if item.key != "slack_more")
    return replace(document, sections=kept)


def render_document(document: Document, fmt: Format | str) -> Rendered:
    """Write a Document in one format: Markdown, plain text, or Slack blocks with fallback text."""
    try:
        chosen = Format(fmt)
    except ValueError:
        choices = ", ".join(item.value for item in Format)
        raise ValueError(f"unknown format {fmt!r}; use one of {choices}") from None
    if chosen is Format.SLACK:
        return Rendered(
            format=chosen,
            text=slack.fallback_text(document),
            blocks=tuple(slack.render_blocks(document)),
            actors=document.actors,
            document=document,
        )
    writer = markdown.render if chosen is Format.MARKDOWN else plain.render
    return Rendered(format=chosen, text=writer(document), actors=document.actors, document=document)
