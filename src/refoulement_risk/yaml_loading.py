"""Strict YAML loading for the data folders: safe loader, no duplicate keys, dates kept as text.

Dates stay strings so pydantic, not YAML, decides what a valid date is, and every error can name
the file and the key path. A text parsed before is read back from ``yaml_cache`` (keyed by the
text, PyYAML and this module's source), so start-up does not parse the same data again, and
PyYAML (30 ms to import) is imported only when some file has to be parsed.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .errors import Problem
from .yaml_cache import cached_parse

if TYPE_CHECKING:
    import yaml

__all__ = ["load_yaml_file", "problems_from_validation"]


class _Unparsable(Exception):
    """PyYAML's error as this module reports it: where in the text (``line:column``), and why."""

    def __init__(self, where: str | None, reason: str) -> None:
        super().__init__(reason)
        self.where, self.reason = where, reason


@functools.cache
def _strict_loader() -> type[yaml.SafeLoader]:
    """SafeLoader that refuses duplicate keys and does not turn dates into objects."""
    import yaml

    # libyaml's parser where PyYAML was built with it: ten times faster, which keeps start-up
    # (the rules, the profiles and every decided case) within its second. Same constructors
    # either way.
    safe_base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(safe_base):  # type: ignore[valid-type,misc]
        pass

    def construct_mapping(loader: StrictLoader, node: yaml.MappingNode,
                          deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return loader.construct_mapping(node, deep=deep)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                 construct_mapping)
    # Keep timestamps as plain strings: pydantic validates them with a clear message.
    StrictLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return StrictLoader


def _parse(text: str) -> Any:
    """The document in ``text``; :class:`_Unparsable` where PyYAML refuses it."""
    import yaml

    try:
        return yaml.load(text, Loader=_strict_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        raise _Unparsable(where, f"{context}: {problem}" if context else str(problem)) from exc


def load_yaml_file(path: Path) -> tuple[Any, list[Problem]]:
    """Return the parsed document, or ``None`` and the problems that stopped parsing."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), f"cannot read file: {exc}")]
    try:
        return cached_parse(text, _parse), []
    except _Unparsable as exc:
        where = f"{path}:{exc.where}" if exc.where else str(path)
        return None, [Problem(where, f"invalid YAML: {exc.reason}")]


def problems_from_validation(prefix: str, error: ValidationError) -> list[Problem]:
    """Turn a pydantic error into problems located as ``prefix:key.path``."""
    problems = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        where = f"{prefix}:{path}" if path else prefix
        problems.append(Problem(where, item["msg"]))
    return problems
