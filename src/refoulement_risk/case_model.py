"""The case model a catalogue describes, and the check that the catalogue and the contract agree.

The contract's fields are typed by hand in ``case.py``; every case fact of the catalogue must
name one of them by its path, with the same allowed values, and every contract field that is a
fact must be in the catalogue (``check_against_case``, run when this module is imported). A
catalogue with a case fact the contract does not have yet (a new field, before ``case.py`` gets
it) describes an *extended* model: :func:`case_model` adds the field, typed from the entry, so the
fact sheet, the unknowns and the JSON Schema all see it.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal, Union, cast, get_args, get_origin

from pydantic import BaseModel, StrictBool, create_model

from .case import Case
from .catalogue import CATALOGUE
from .catalogue_model import Catalogue, FactEntry, Origin, parse_path

__all__ = ["NOT_FACTS", "case_model", "check_against_case", "leaf_fields"]

# Contract fields that are not facts the rules read: identity, date and free text.
NOT_FACTS = frozenset({"destination", "as_of", "client_reference", "charges[].detail",
                       "interim_measures[].date"})


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model inside ``X | None`` or ``list[X] | None``, and whether it is a list."""
    for arg in (annotation, *get_args(annotation)):
        if get_origin(arg) is list:
            inner = get_args(arg)[0]
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner, True
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, False
    return None, False


def _values_of(annotation: Any) -> tuple[str, ...] | None:
    for arg in (annotation, *get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, Enum):
            return tuple(str(m.value) for m in arg)
        if get_origin(arg) is Literal:
            return tuple(str(v) for v in get_args(arg))
    return None


def leaf_fields(model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    """Every leaf field of the case, by path (``custody.detained``, ``charges[].category``)."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        inner, is_list = _model_of(info.annotation)
        path = f"{prefix}{name}"
        if inner is None:
            out[path] = info.annotation
        else:
            out.update(leaf_fields(inner, f"{path}[]." if is_list else f"{path}."))
    return out


def _leaf_path(entry: FactEntry) -> str:
    assert entry.path is not None
    part, _, _, field = parse_path(entry.path)
    if field is None:
        return part
    return f"{part}[].{field}" if "[" in entry.path else f"{part}.{field}"


def check_against_case(catalogue: Catalogue, model: type[BaseModel] = Case) -> list[str]:
    """Disagreements between the catalogue's case facts and the case model (empty: none)."""
    leaves = leaf_fields(model)
    problems = []
    covered = set(NOT_FACTS)
    keyed: dict[str, set[str]] = {}
    for entry in catalogue.of(Origin.case):
        path = _leaf_path(entry)
        covered.add(path)
        part, key, key_value, _ = parse_path(entry.path or "")
        if key is not None and key_value is not None:
            covered.add(f"{part}[].{key}")
            keyed.setdefault(f"{part}[].{key}", set()).add(key_value)
        if path not in leaves:
            problems.append(f"{entry.name}: the case has no field {path}")
            continue
        values = _values_of(leaves[path])
        if entry.type == "enum" and "[" not in (entry.path or "") and values != entry.values:
            problems.append(f"{entry.name}: values {entry.values} differ from the case's "
                            f"{values}")
    problems += [f"{path}: a case field no catalogue fact reads" for path in leaves
                 if path not in covered]
    for path, seen in keyed.items():
        expected = set(_values_of(leaves.get(path)) or ())
        if seen != expected:
            problems.append(f"{path}: facts for {sorted(seen)}, but the case allows "
                            f"{sorted(expected)}")
    return problems


def _annotation(entry: FactEntry) -> Any:
    base: Any = {"bool": StrictBool, "int": int, "word": str}.get(entry.type)
    if base is None:
        base = cast(Any, Literal)[entry.values]
    return Union[base, None]  # noqa: UP007 (built at run time)


def case_model(catalogue: Catalogue = CATALOGUE) -> type[Case]:
    """The case model for ``catalogue``: :class:`Case` itself, or Case with the fields of
    catalogue facts it does not have yet (top level, or one level down: ``custody.x``)."""
    leaves = leaf_fields(Case)
    top: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    for entry in catalogue.of(Origin.case):
        path = _leaf_path(entry)
        if path in leaves:
            continue
        part, key, _, field = parse_path(entry.path or "")
        if key is not None or "[" in path:
            raise ValueError(f"{entry.name}: a new fact inside a list needs a change to case.py")
        if field is None:
            top[part] = (_annotation(entry), None)
        else:
            nested.setdefault(part, {})[field] = (_annotation(entry), None)
    if not top and not nested:
        return Case
    for part, fields in nested.items():
        inner, _ = _model_of(Case.model_fields[part].annotation)
        if inner is None:
            raise ValueError(f"{part} is not a part of the case")
        extended = create_model(inner.__name__, __base__=inner, **fields)
        top[part] = (Union[extended, None], None)  # noqa: UP007
    return create_model("Case", __base__=Case, **top)


_problems = check_against_case(CATALOGUE)
if _problems:  # the catalogue and the contract must agree before anything runs
    raise ImportError("The fact catalogue does not match the case model: " + "; ".join(_problems))
