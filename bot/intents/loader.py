"""Reading intents.yaml: every problem is reported with the file, the line and the field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.errors import SetupError
from bot.intents.schema import IntentsFile

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEMPLATE_SUFFIX = ".j2"
ANSWERS_SUBDIR = "answers"


class IntentsFileError(SetupError):
    """intents.yaml cannot be used; the message says where and why."""

    def __init__(self, path: Path, line: int | None, field: str, problem: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {field}: {problem}")


def _node_at(root: yaml.Node, location: Sequence[int | str]) -> yaml.Node:
    """Walk the YAML node tree along a pydantic error location, as deep as it goes."""
    node = root
    for part in location:
        if isinstance(node, yaml.MappingNode):
            match = next((value for key, value in node.value if key.value == part), None)
            if match is None:
                # An unknown field: point at its key, which is where the mistake is.
                key_node = next((key for key, _ in node.value if key.value == part), None)
                return key_node if key_node is not None else node
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        else:
            return node
    return node


def _field_name(location: Sequence[int | str], root: yaml.Node) -> str:
    """A dotted path, with intent ids instead of list positions where they are known."""
    parts: list[str] = []
    node: yaml.Node | None = root
    for part in location:
        if isinstance(part, int):
            label = f"[{part}]"
            if isinstance(node, yaml.SequenceNode) and part < len(node.value):
                item = node.value[part]
                node = item
                if isinstance(item, yaml.MappingNode):
                    ident = next((v.value for k, v in item.value if k.value == "id"), None)
                    if isinstance(ident, str):
                        label = f"[{ident}]"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + part)
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == part), None)
    return "".join(parts) or "(file)"


def _compose(path: Path) -> tuple[yaml.Node, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise IntentsFileError(path, None, "(file)", "file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise IntentsFileError(path, None, "(file)", f"cannot be read: {exc}") from exc
    # libyaml's loader is several times faster; the node tree keeps the line numbers.
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise IntentsFileError(path, line, "(syntax)", str(exc.problem)) from exc
    finally:
        loader.dispose()
    if root is None or not isinstance(data, dict):
        raise IntentsFileError(
            path, 1, "(file)", "must be a mapping with version, context, intents"
        )
    return root, data


def _line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _check_references(
    path: Path, root: yaml.Node, parsed: IntentsFile, answers: Path | None
) -> None:
    seen: dict[str, int] = {}
    aliases: dict[str, str] = {}
    known = {intent.id for intent in parsed.intents}
    for index, intent in enumerate(parsed.intents):

        def fail(location: Sequence[int | str], problem: str, _index: int = index) -> None:
            full = ("intents", _index, *location)
            raise IntentsFileError(
                path, _line_of(_node_at(root, full)), _field_name(full, root), problem
            )

        if intent.id in seen:
            fail(
                ("id",),
                f"duplicate intent id {intent.id!r} (first defined at line {seen[intent.id]})",
            )
        seen[intent.id] = _line_of(_node_at(root, ("intents", index, "id")))
        for position, other in enumerate(intent.rules.yields_to):
            if other not in known:
                fail(("rules", "yields_to", position), f"unknown intent {other!r}")
            if other == intent.id:
                fail(("rules", "yields_to", position), "an intent cannot yield to itself")
        for position, other in enumerate(intent.rules.borrows):
            if other not in known or other == intent.id:
                fail(("rules", "borrows", position), f"unknown intent {other!r}")
        for position, alias in enumerate(intent.aliases):
            key = alias.strip().lower()
            owner = aliases.get(key)
            if owner is not None and owner != intent.id:
                fail(("aliases", position), f"alias {alias!r} is already used by {owner!r}")
            aliases[key] = intent.id
        if answers is not None and not (answers / f"{intent.template}{TEMPLATE_SUFFIX}").is_file():
            fail(
                ("template",),
                f"unknown template {intent.template!r}: "
                f"no {answers / (intent.template + TEMPLATE_SUFFIX)}",
            )


def load_intents_file(path: Path, *, responses_dir: Path | None = None) -> IntentsFile:
    """Parse and validate intents.yaml; with responses_dir, also check every template exists."""
    root, data = _compose(path)
    try:
        parsed = IntentsFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = tuple(error["loc"])
        node = _node_at(root, location)
        message = error["msg"]
        if len(exc.errors()) > 1:
            message += f" (and {len(exc.errors()) - 1} more problem(s))"
        raise IntentsFileError(path, _line_of(node), _field_name(location, root), message) from exc
    answers = responses_dir / ANSWERS_SUBDIR if responses_dir is not None else None
    _check_references(path, root, parsed, answers)
    return parsed
