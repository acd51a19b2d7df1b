"""Answers and IT checklists: templates hold the words; Slack, Markdown or text come out."""

from bot.render.details import CaseDetails
from bot.render.document import Document, Format, Rendered
from bot.render.errors import RenderError, RenderSetupError, UnknownIntentError
from bot.render.renderer import Renderer, render_document

__all__ = [
    "CaseDetails",
    "Document",
    "Format",
    "RenderError",
    "RenderSetupError",
    "Rendered",
    "Renderer",
    "UnknownIntentError",
    "render_document",
]
