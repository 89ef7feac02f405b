"""Reading and setting a case field by its catalogue path (``custody.detained``,
``charges[].category``, ``interim_measures[body=un_cat].status``)."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from .catalogue_model import FactEntry, parse_path
from .vocabulary import FactValue

__all__ = ["UNKNOWN", "plain", "read_fact_values", "set_path"]

UNKNOWN: tuple[FactValue, ...] = (None,)


def plain(value: object) -> FactValue:
    """An enum member as its value; anything else as it is."""
    if isinstance(value, Enum):
        return str(value.value)
    return value  # type: ignore[return-value]


def _items(case: BaseModel, part: str) -> list[Any] | None:
    items: list[Any] | None = getattr(case, part, None)
    return items


def read_fact_values(case: BaseModel, entry: FactEntry) -> tuple[FactValue, ...]:
    """The values of one case fact: ``(None,)`` when unknown, several for a list fact."""
    assert entry.path is not None
    part, key, key_value, field = parse_path(entry.path)
    if entry.extract == "present":
        return (getattr(case, part, None) is not None,)
    if entry.extract == "each":
        items = _items(case, part)
        if items is None:
            return UNKNOWN
        assert field is not None
        return tuple(sorted({str(plain(getattr(i, field))) for i in items
                             if getattr(i, field) is not None}))
    if entry.extract == "strongest":
        items = _items(case, part)
        if items is None:
            return UNKNOWN
        assert key is not None and field is not None
        found = [plain(getattr(i, field)) for i in items if plain(getattr(i, key)) == key_value]
        if not found:
            return (entry.answers()[0],)  # the list is given without one: none
        return (max(found, key=entry.answers().index),)
    holder: Any = case if field is None else getattr(case, part, None)
    if holder is None:
        return UNKNOWN
    return (plain(getattr(holder, field or part)),)


def set_path(case: BaseModel, path: str, value: Any) -> BaseModel:
    """A copy of ``case`` with ``path`` (``part`` or ``part.field``) set, re-validated with the
    case's own model (so enums are enums, and an extended model keeps its extra fields)."""
    part, key, _, field = parse_path(path)
    if key is not None or "[" in path:
        raise ValueError(f"cannot set a list item path: {path}")
    data = case.model_dump()
    if field is None:
        data[part] = value
    else:
        data[part] = {**(data.get(part) or {}), field: value}
    return type(case).model_validate(data)
