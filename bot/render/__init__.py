"""Answers and IT checklists: templates hold the words; Slack, Markdown or text come out.

The names below load on first use, so that importing a light module of this package (the
output formats, the errors) does not bring in Jinja and the entity extractors with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.render.details import CaseDetails
    from bot.render.document import Document, Format, Rendered
    from bot.render.errors import RenderError, RenderSetupError, UnknownIntentError
    from bot.render.renderer import Renderer, render_document

_HOMES = {
    "CaseDetails": "bot.render.details",
    "Document": "bot.render.document",
    "Format": "bot.render.document",
    "Rendered": "bot.render.document",
    "RenderError": "bot.render.errors",
    "RenderSetupError": "bot.render.errors",
    "UnknownIntentError": "bot.render.errors",
    "Renderer": "bot.render.renderer",
    "render_document": "bot.render.renderer",
}

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


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
