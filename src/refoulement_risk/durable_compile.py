"""The pure half of the durable-rules backend: encoding facts, compiling conditions to
durable's JSON, and the limit checks, importable without durable-rules' C extension.

Each guard follows a measured limit of durable-rules (docs/DURABLE_RULES.md): type-tagged string
literals (durable coerces types when comparing), no floats, ints within 64 bits, short strings,
at most ~200 properties per fact, ids checked against durable's 32-bit id hash, pattern
references, the frame, alpha-stack and beta-list limits. ``durable_backend`` runs what this
module compiles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .errors import EngineError, Problem
from .rule_models import Condition
from .vocabulary import FactValue, Operator

__all__ = [
    "CTX_GROUP",
    "MAX_ALPHA_STACK",
    "MAX_BETAS_PER_ALPHA",
    "MAX_INPUT_FACTS",
    "MAX_OR",
    "MAX_PATTERNS",
    "MAX_PROPERTIES",
    "MAX_STRING",
    "SID",
    "check_ids",
    "check_message",
    "ctx_pattern",
    "durable_id_hash",
    "fact_message",
]

MAX_INPUT_FACTS = 4096
MAX_PROPERTIES = 200  # durable segfaults from ~250 properties in one fact
MAX_STRING = 4000  # durable compares strings with unsigned short lengths
MAX_PATTERNS = 16  # MAX_MESSAGE_FRAMES: patterns per rule, the context pattern included
MAX_ALPHA_STACK = 56  # MAX_STACK_SIZE is 64; keep a margin
MAX_BETAS_PER_ALPHA = 240  # BETA_LIST_LENGTH is 256
MAX_OR = 16  # MAX_SEQUENCE_EXPRESSIONS is 32 per expression sequence
CTX_GROUP = 128  # rules per context fact, to stay under the beta list limit
_INT64 = 2**63 - 1
SID = "s"  # one session at a time per ruleset (the lock), so one fixed, checked session id
_STATE_ID = f"sid-{SID}"  # durable stores the session state as a message with this id
_RULE_KEYS = {"all", "any", "pri", "count", "cap", "dist", "run"}
_SAFE = re.compile(r"[A-Za-z0-9_.\-]*")
_COMPARISONS = {"$eq", "$neq", "$gt", "$gte", "$lt", "$lte"}



def durable_id_hash(text: str) -> int:
    """durable-rules' message id hash (``fnv1Hash32`` in ``src/rules/state.c``): 32-bit FNV-1a
    over the id's bytes as C ``char``, which is signed on x86, so bytes >= 0x80 sign-extend."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte if byte < 0x80 else (byte - 0x100) & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def _encode_name(name: str) -> str:
    # Plain when safe (readable traces); otherwise hex behind a character the plain form never has.
    if len(name) <= MAX_STRING // 2 and _SAFE.fullmatch(name):
        return name
    return "~" + name.encode("utf-8", "surrogatepass").hex()


def _encode_value(value: object) -> str | None:
    """A type-tagged string, so that no comparison durable makes can coerce types and no JSON
    escape reaches its string parser. ``None`` (unknown) stays JSON null."""
    if value is None:
        return None
    if type(value) not in (bool, int, str):
        # Floats segfault durable when written with an exponent. Subclasses (a StrEnum member,
        # an IntEnum) are refused too: the reference compares exact types, so "terrorism" as a
        # ChargeCategory never equals the rule's "terrorism"; durable would see equal strings.
        raise EngineError(
            "fact values must be plain bool, int, str or None",
            [Problem("value", f"{type(value).__name__}: {value!r}")],
        )
    if isinstance(value, bool):
        return "b:1" if value else "b:0"
    if isinstance(value, int):  # exactly int here
        if abs(value) > _INT64:
            raise EngineError("integer fact value outside 64 bits", [Problem("value", str(value))])
        return f"i:{value}"
    assert isinstance(value, str)  # exactly str here
    text = f"s:{value}" if _SAFE.fullmatch(value) else (
        "h:" + value.encode("utf-8", "surrogatepass").hex())
    if len(text) > MAX_STRING:
        raise EngineError("fact value too long for durable-rules",
                          [Problem("value", f"{len(value)} characters")])
    return text


def check_message(message: dict[str, Any]) -> None:
    """Refuse what crashes durable: too many properties, floats, nested values."""
    if len(message) > MAX_PROPERTIES:
        raise EngineError("fact with too many properties for durable-rules",
                          [Problem("fact", f"{len(message)} properties (max {MAX_PROPERTIES})")])
    for key, value in message.items():
        if isinstance(value, float) or not (
            value is None or isinstance(value, str | int)  # bool is an int
        ):
            raise EngineError("fact property durable-rules cannot take safely",
                              [Problem(f"fact.{key}", f"{type(value).__name__}: {value!r}")])
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _INT64:
            raise EngineError("integer outside 64 bits", [Problem(f"fact.{key}", str(value))])


def _condition_test(cond: Condition) -> list[dict[str, Any]] | None:
    """The alternatives (each one alpha test) for one condition, exactly as ``matching.satisfies``;
    ``None`` if nothing can satisfy it. Alternatives are mutually exclusive."""
    op, operand = cond.operator, cond.operand
    if op == Operator.known:
        return [{"v": None}] if not bool(operand) else [{"$neq": {"v": None}}]
    if op == Operator.is_:
        return None if operand is None else [{"v": _encode_value(operand)}]
    if isinstance(operand, list):  # one_of
        encoded = sorted({e for e in (_encode_value(v) for v in operand if v is not None)
                          if e is not None})
        return [{"v": e} for e in encoded] or None
    if op == Operator.is_not:
        # known, and a different (type-tagged) value; null never passes $neq null
        if operand is None:
            return [{"$neq": {"v": None}}]
        return [{"$and": [{"$neq": {"v": None}}, {"$neq": {"v": _encode_value(operand)}}]}]
    if op in (Operator.at_least, Operator.at_most):
        if isinstance(operand, bool) or not isinstance(operand, int) or abs(operand) > _INT64:
            raise EngineError("numeric condition needs a 64-bit integer operand",
                              [Problem(cond.fact, repr(operand))])
        # "i" is present only on (non-bool) integer facts, and a missing field never matches
        return [{"$gte" if op == Operator.at_least else "$lte": {"i": operand}}]
    raise EngineError(f"unknown operator {op!r}", [Problem(cond.fact, op)])


def _pattern(cond_name: str, test: list[dict[str, Any]]) -> dict[str, Any]:
    value_test = test[0] if len(test) == 1 else {"$or": test}
    return {"$and": [{"t": "f"}, {"n": _encode_name(cond_name)}, value_test]}


def _alpha_path(expr: dict[str, Any]) -> list[str]:
    """The chain of alpha tests a pattern compiles to (top-level ``$and`` flattened)."""
    if set(expr) == {"$and"}:
        return [step for item in expr["$and"] for step in _alpha_path(item)]
    return [json.dumps(expr, sort_keys=True)]


def _check_references(rule_name: str, patterns: list[dict[str, Any]]) -> None:
    """A join to an undefined pattern registers fine and fails at assert time (error 305); a join to
    a later pattern silently never matches. Any dict operand is a join: it must name an earlier
    pattern."""
    seen: set[str] = set()

    def walk(expr: Any) -> None:
        if not isinstance(expr, dict):
            raise EngineError("malformed pattern", [Problem(rule_name, repr(expr))])
        for key, value in expr.items():
            if key in ("$and", "$or"):
                for item in value:
                    walk(item)
            elif key in _COMPARISONS:
                walk(value)
            elif isinstance(value, dict):
                ((ref, _prop),) = value.items()
                if ref not in seen:
                    raise EngineError("join to a pattern not defined before it",
                                      [Problem(rule_name, f"{key} -> {ref}")])
            elif isinstance(value, float | list):
                raise EngineError("literal durable-rules cannot take safely",
                                  [Problem(rule_name, f"{key}: {value!r}")])

    for pattern in patterns:
        ((name, expr),) = pattern.items()
        if name in seen:
            raise EngineError("pattern name used twice", [Problem(rule_name, name)])
        walk(expr)
        seen.add(name)


def _check_limits(definition: dict[str, dict[str, Any]]) -> None:
    """Alpha stack (error 303) and beta list (error 108) limits, computed over the alpha trie."""
    trie: dict[str, Any] = {}
    terminals: dict[tuple[str, ...], int] = {}
    for rule in definition.values():
        for pattern in rule["all"]:
            ((_name, expr),) = pattern.items()
            path = tuple(_alpha_path(expr))
            terminals[path] = terminals.get(path, 0) + 1
            node = trie
            for step in path:
                node = node.setdefault(step, {})
    crowded = [p for p, n in terminals.items() if n > MAX_BETAS_PER_ALPHA]
    if crowded:
        raise EngineError("too many rules share one pattern for durable-rules (beta list limit)",
                          [Problem("pattern", " & ".join(p)) for p in crowded])

    def true_at_once(children: dict[str, Any]) -> int:
        # Equalities on one property are exclusive; every other test may be true with the rest.
        eq_props: set[str] = set()
        count = 0
        for step in children:
            test = json.loads(step)
            ((key, value),) = test.items()
            if not key.startswith("$"):
                eq_props.add(key)
            elif key == "$or" and all(len(a) == 1 and not next(iter(a)).startswith("$")
                                      for a in value):
                eq_props.update(next(iter(a)) for a in value)  # one_of: one value at most
            else:
                count += len(value) if key == "$or" else 1
        return count + len(eq_props)

    def bound(node: dict[str, Any]) -> int:
        return true_at_once(node) + max((bound(child) for child in node.values()), default=0)

    depth = bound(trie)
    if depth > MAX_ALPHA_STACK:
        raise EngineError("rule book too wide for durable-rules' alpha stack (error 303)",
                          [Problem("alpha network", f"up to {depth} tests true at once")])


def ctx_pattern(index: int, rule: Any) -> dict[str, Any]:
    """The pattern on the context fact: the day as an ordinal within the rule's dates; rules
    are spread over context facts in groups of CTX_GROUP so no alpha node feeds over 256."""
    tests: list[dict[str, Any]] = [
        {"t": "c"}, {"g": index // CTX_GROUP}, {"$gte": {"day": rule.valid_from.toordinal()}},
    ]
    if rule.valid_until is not None:
        tests.append({"$lt": {"day": rule.valid_until.toordinal()}})  # exclusive
    return {"$and": tests}


def fact_message(short_id: str, name: str, value: FactValue) -> dict[str, Any]:
    """One fact as the message durable-rules is given (the caller checks it: check_message)."""
    message: dict[str, Any] = {
        "t": "f", "n": _encode_name(name), "v": _encode_value(value), "id": short_id,
        "sid": SID,
    }
    if isinstance(value, int) and not isinstance(value, bool):
        message["i"] = value  # the only field numeric comparisons read
    return message


def check_ids(static_ids: list[str], id_hash: Callable[[str], int]) -> None:
    """durable identifies a message by a 32-bit hash of its id (``id_hash``): two ids with one
    hash are one fact. Check every id a backend can ever use (inputs, ``static_ids``, the
    sentinels, the state) and the property names it uses."""
    ids = [f"i{k}" for k in range(MAX_INPUT_FACTS)] + static_ids + ["z", "g", _STATE_ID]
    by_hash: dict[int, str] = {}
    for fact_id in ids:
        other = by_hash.setdefault(id_hash(fact_id), fact_id)
        if other != fact_id:
            raise EngineError("fact ids collide under durable-rules' id hash",
                              [Problem("ids", f"{other!r} and {fact_id!r}")])
    props = ["t", "n", "v", "i", "id", "sid", "g", "day", "cx", "z",
             *(f"m{k}" for k in range(MAX_PATTERNS))]
    if len({id_hash(p) for p in props}) != len(props):
        raise EngineError("property or pattern names collide under durable-rules' hash")
