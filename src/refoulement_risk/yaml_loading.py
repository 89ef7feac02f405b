"""Strict YAML loading for the data folders: safe loader, no duplicate keys, dates kept as text.

Dates stay strings so pydantic, not YAML, decides what a valid date is, and every error can name
the file and the key path. A text parsed before is read back from ``yaml_cache`` (keyed by the
text and this module's source), so start-up does not parse the same data again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import Problem
from .yaml_cache import cached_parse

__all__ = ["load_yaml_file", "problems_from_validation"]


# libyaml's parser where PyYAML was built with it: ten times faster, which keeps start-up (the
# rules, the profiles and every decided case) within its second. Same constructors either way.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader that refuses duplicate keys and does not turn dates into objects."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
# Keep timestamps as plain strings: pydantic validates them with a clear message.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(text: str) -> Any:
    return yaml.load(text, Loader=_StrictLoader)


def load_yaml_file(path: Path) -> tuple[Any, list[Problem]]:
    """Return the parsed document, or ``None`` and the problems that stopped parsing."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), f"cannot read file: {exc}")]
    try:
        return cached_parse(text, _parse), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        reason = f"{context}: {problem}" if context else str(problem)
        return None, [Problem(where, f"invalid YAML: {reason}")]


def problems_from_validation(prefix: str, error: ValidationError) -> list[Problem]:
    """Turn a pydantic error into problems located as ``prefix:key.path``."""
    problems = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        where = f"{prefix}:{path}" if path else prefix
        problems.append(Problem(where, item["msg"]))
    return problems
