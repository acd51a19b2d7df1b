"""The one Jinja environment every answer and checklist renders through."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChainableUndefined,
    Environment,
    FileSystemLoader,
    make_logging_undefined,
)

from bot.entities.provider_table import platforms

logger = logging.getLogger(__name__)


def _none_as_empty(value: Any) -> Any:
    # A missing detail is None in the context; it must print as nothing, never as "None".
    return "" if value is None else value


def build_environment(
    responses_dir: Path, *, bytecode_cache: BytecodeCache | None = None
) -> Environment:
    """Built once per Renderer. Options are spelled out because each one matters here.

    A bytecode cache is for short-lived commands that would otherwise compile the same
    templates on every run; the long-running app compiles once and needs none.
    """
    environment = Environment(
        loader=FileSystemLoader(str(responses_dir), encoding="utf-8", followlinks=False),
        # No HTML escaping: templates write neutral markup, and user values stay wrapped until
        # the Slack, Markdown or text writer escapes them for its own format.
        autoescape=False,
        # A misspelt or absent detail renders empty (and is logged) instead of failing an answer.
        undefined=make_logging_undefined(logger, ChainableUndefined),
        finalize=_none_as_empty,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # Templates are read once at start-up; nothing reloads them while the app runs.
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=bytecode_cache,
        enable_async=False,
    )
    # Mail platforms are named from the one providers table (responses/providers.yaml), the
    # same table the DNS check reads their ids from.
    environment.globals["platform_names"] = {item.id: item.name for item in platforms().values()}
    return environment
