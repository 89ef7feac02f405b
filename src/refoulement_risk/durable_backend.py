"""The durable-rules backend: the only module that imports ``durable``.

Every guard of docs/DURABLE_RULES.md is applied here or in ``durable_compile`` (the pure part:
encoding, compiling, limit checks, importable without the C extension) (the regression tests are in
``tests/engine/test_durable_guards.py``):

- rules are registered as JSON on a private ``Host`` whose two timer threads never start, each
  ruleset registered once, from a copy (registration mutates the dict);
- one lock per compiled ruleset around the whole assessment, one session per assessment, deleted in
  ``finally``; a sentinel fact that a trivial rule matches is in every batch, so no session is ever
  deleted before an action ran, and the batch is never empty;
- ``MessageNotHandledException`` (a fact that matches no rule) is answered by asserting a "go"
  sentinel, which makes the stored facts' actions run;
- exceptions swallowed into the session state are raised as :class:`EngineError`; the trace is
  kept outside the session state;
- no floats, at most ~200 properties per fact, ints within 64 bits, strings short;
- literals are type-tagged strings, so durable's type coercion (``1 == "1"``) cannot matter;
- fact ids are short ids of our own (inputs are renamed ``i0``, ``i1``, ... and mapped back), and
  every id we can ever use is checked at construction against durable's 32-bit id hash;
- at construction: pattern references, the frame limit (16 patterns per rule), the alpha stack
  (64) and the beta list (256) limits are checked, so a rule book durable would mishandle fails
  loudly at start-up instead of at assessment time.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import itertools
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from durable import engine as _durable  # ImportError reaches backends.create_backend's fallback

from .durable_compile import (
    _RULE_KEYS,
    CTX_GROUP,
    MAX_INPUT_FACTS,
    MAX_OR,
    MAX_PATTERNS,
    MAX_PROPERTIES,
    SID,
    _check_limits,
    _check_references,
    _condition_test,
    _pattern,
    check_ids,
    check_message,
    ctx_pattern,
    durable_id_hash,
    fact_message,
)
from .engine import EngineResult, Fact, Firing, derived_fact_id
from .errors import EngineError, Problem
from .matching import satisfies
from .rule_models import Condition
from .rulebook import Rulebook

__all__ = ["MAX_INPUT_FACTS", "MAX_PROPERTIES", "DurableBackend", "check_message",
           "durable_id_hash"]

_names = itertools.count()
_PLAIN = (bool, int, str, type(None))  # the value types durable is given (``_encode_value``)


def _checked(message: dict[str, Any]) -> dict[str, Any]:
    check_message(message)  # looked up here, so a test can watch every message built
    return message


@dataclass
class _Run:
    """One assessment's trace, kept outside the session state (durable re-serialises the state
    after every action, and rules matching the state would re-fire)."""

    ids: dict[str, str]  # short id -> caller's id
    input_ids: set[str]
    firings: set[Firing] = field(default_factory=set)
    derived: dict[str, Fact] = field(default_factory=dict)
    sentinel_runs: int = 0
    errors: list[BaseException] = field(default_factory=list)


@dataclass(frozen=True)
class _Derive:
    fact: Fact
    message: dict[str, Any] | None  # None: no condition can match it, so it is not asserted


class _QuietHost(_durable.Host):  # type: ignore[misc]
    """A Host whose two background timer threads never start: with them, durable gives wrong
    results under threads and segfaults even single-threaded."""

    def _run(self) -> None:
        return None


class DurableBackend:
    name = "durable"

    def __init__(self, rulebook: Rulebook) -> None:
        self._rulebook = rulebook
        self._lock = threading.Lock()
        self._current: _Run | None = None
        self._broken: str | None = None
        conditions = [c for r in rulebook.rules for b in r.branches for c in b.conditions]
        self._names = {c.fact for c in conditions}
        self._conditions: dict[str, list[Condition]] = {}
        for condition in conditions:
            self._conditions.setdefault(condition.fact, []).append(condition)
        self._messages: dict[tuple[str, type, object], dict[str, Any] | None] = {}
        self._derives = self._compile_derives(conditions)
        definition = self._compile_rules()
        self._groups = max(1, math.ceil((len(definition) - 1) / CTX_GROUP))  # minus the sentinel
        self._static_ids: dict[str, str] = {f"d{k}": d.fact.id for k, d in
                                            enumerate(self._derives.values())}
        check_ids([*self._static_ids, *(f"c{g}" for g in range(self._groups))],
                  durable_id_hash)
        _check_limits(definition)
        self._ruleset = f"refoulement_risk_{rulebook.digest}_{next(_names)}"
        self._host = _QuietHost()
        try:
            # A copy: registration deletes each rule's "run" (actions themselves are shared).
            fresh = {name: {key: (value if key == "run" else copy.deepcopy(value))
                            for key, value in rule.items()} for name, rule in definition.items()}
            self._host.register_rulesets({self._ruleset: fresh})
        except Exception as exc:
            raise EngineError(f"durable-rules refused the rule book: {exc}") from exc
        self.rule_count = len(definition)

    # -- compilation ---------------------------------------------------------------------------

    def _compile_derives(self, conditions: list[Condition]) -> dict[tuple[str, str], _Derive]:
        derives: dict[tuple[str, str], _Derive] = {}
        for compiled in self._rulebook.rules:
            if compiled.rule.then.derive is None:
                continue
            name, value = compiled.rule.then.derive.fact, compiled.rule.then.derive.value
            fact_id = derived_fact_id(name, value)
            key = (name, fact_id)
            if key in derives:
                continue
            short = f"d{len(derives)}"
            fact = Fact(fact_id, name, value)
            # Asserting a fact that matches no rule raises MessageNotHandled inside the action.
            message = (_checked(fact_message(short, name, value))
                       if any(satisfies(fact, c) for c in conditions) else None)
            derives[key] = _Derive(fact, message)
        return derives

    def _compile_rules(self) -> dict[str, dict[str, Any]]:
        definition: dict[str, dict[str, Any]] = {
            # The sentinel rule: every batch holds a "z" fact, so an action always runs before the
            # session is deleted (deleting a session in which no action ran segfaults).
            "z": {"all": [{"z": {"t": "z"}}], "run": self._sentinel_action},
        }
        index = 0
        for compiled in self._rulebook.rules:
            rule = compiled.rule
            derive: _Derive | None = None
            if rule.then.derive is not None:
                name, value = rule.then.derive.fact, rule.then.derive.value
                derive = self._derives[(name, derived_fact_id(name, value))]
            for b, branch in enumerate(compiled.branches):
                where = f"{compiled.id} branch {b}"
                if len(branch.conditions) + 1 > MAX_PATTERNS:
                    raise EngineError("branch has too many conditions for durable-rules",
                                      [Problem(where, f"{len(branch.conditions)} (max "
                                                      f"{MAX_PATTERNS - 1})")])
                tests = [_condition_test(c) for c in branch.conditions]
                if any(t is None for t in tests):
                    continue  # can never match (e.g. one_of []), as in the naive evaluator
                # Long one_of lists split into chunks: one durable rule per combination.
                chunked = [[alts[i:i + MAX_OR] for i in range(0, len(alts), MAX_OR)]
                           for alts in tests if alts is not None]
                for combo in itertools.product(*chunked):
                    patterns: list[dict[str, Any]] = [{"cx": ctx_pattern(index, rule)}]
                    patterns += [{f"m{k}": _pattern(c.fact, list(alts))}
                                 for k, (c, alts) in enumerate(zip(branch.conditions, combo,
                                                                   strict=True))]
                    rule_name = f"r{compiled.order}b{b}x{index}"
                    _check_references(rule_name, patterns)
                    entry: dict[str, Any] = {"all": patterns, "run": self._action(
                        compiled.order, compiled.id, b, len(branch.conditions), derive)}
                    if not set(entry) <= _RULE_KEYS:
                        raise EngineError("rule key durable-rules refuses", [Problem(rule_name,
                                                                                    str(entry))])
                    definition[rule_name] = entry
                    index += 1
        return definition

    # -- actions (run synchronously inside assert, under the lock) -----------------------------

    def _sentinel_action(self, c: Any) -> None:
        run = self._current
        if run is not None:
            run.sentinel_runs += 1

    def _action(
        self, order: int, rule_id: str, branch: int, size: int, derive: _Derive | None
    ) -> Callable[[Any], None]:
        names = [f"m{k}" for k in range(size)]

        def action(c: Any) -> None:
            run = self._current
            if run is None:
                raise RuntimeError("action outside an assessment")
            try:
                matched = c._m
                ids = tuple(run.ids[matched[n]["id"]] for n in names)
                if len(set(ids)) != len(ids):
                    return  # the naive evaluator never lets one fact match two conditions
                firing = Firing(order, rule_id, branch, ids)
                if firing in run.firings:
                    return
                run.firings.add(firing)
                if derive is None:
                    return
                fact = derive.fact
                if fact.id in run.input_ids or fact.id in run.derived:
                    return  # at most once per (name, value); an input with that id wins
                run.derived[fact.id] = fact
                if derive.message is not None:
                    # Into the same session, so chaining reaches the fixpoint in this call;
                    # MessageNotHandled would mean it is stored but matches nothing.
                    with contextlib.suppress(_durable.MessageNotHandledException):
                        c.assert_fact(dict(derive.message))
            except BaseException as exc:
                run.errors.append(exc)
                raise

        return action

    # -- assessment -----------------------------------------------------------------------------

    def run(self, facts: Sequence[Fact], on: dt.date) -> EngineResult:
        known = {f.id: f for f in facts}  # as the reference: the last fact with an id wins
        if len(known) > MAX_INPUT_FACTS:
            raise EngineError(f"more than {MAX_INPUT_FACTS} facts in one assessment")
        day = on.toordinal()
        batch: list[dict[str, Any]] = [
            {"t": "c", "g": g, "day": day, "id": f"c{g}", "sid": SID} for g in range(self._groups)
        ]
        batch.append({"t": "z", "id": "z", "sid": SID})  # never an empty batch; see the sentinel
        ids = dict(self._static_ids)
        for k, fact in enumerate(known.values()):
            short = f"i{k}"
            ids[short] = fact.id
            message = self._message(fact)
            if message is not None:
                batch.append({**message, "id": short})
        run = _Run(ids, set(known))
        with self._lock:
            if self._broken is not None:
                raise EngineError(f"durable-rules backend unusable: {self._broken}")
            self._current = run
            try:
                state = self._assess(batch, run)
            finally:
                self._current = None
        if run.errors:
            raise EngineError(f"a rule action failed: {run.errors[0]!r}") from run.errors[0]
        if "exception" in state:
            raise EngineError(f"durable-rules reported an error: {state['exception']}")
        return EngineResult(
            firings=tuple(sorted(run.firings)),
            derived=tuple(sorted(run.derived.values())),
            backend=self.name,
        )

    def _message(self, fact: Fact) -> dict[str, Any] | None:
        """The fact's message without its id, checked (floats and the like are refused even
        where no rule reads them), or ``None`` if no condition can match the fact
        (``matching.satisfies``, the semantics every pattern is compiled to): two thirds of a
        typical case's facts match nothing, and each one asserted costs durable's matching and
        serialisation. Worked out once per name and typed value."""
        if type(fact.value) not in _PLAIN:  # refused here (a list would not even hash)
            _checked(fact_message("", fact.name, fact.value))
        key = (fact.name, type(fact.value), fact.value)
        if key in self._messages:
            return self._messages[key]
        message: dict[str, Any] | None = _checked(fact_message("", fact.name, fact.value))
        if not any(satisfies(fact, c) for c in self._conditions.get(fact.name, ())):
            message = None
        if len(self._messages) >= 16384:  # bounded: free-text words are unbounded
            self._messages.clear()
        self._messages[key] = message
        return message

    def _assess(self, batch: list[dict[str, Any]], run: _Run) -> dict[str, Any]:
        host, ruleset = self._host, self._ruleset
        try:
            try:
                host.assert_facts(ruleset, batch)
            except _durable.MessageNotHandledException:
                # Some fact matched no rule: all are stored, but no action ran. The "go" fact
                # matches the sentinel rule, which makes the pending actions run.
                host.assert_fact(ruleset, {"t": "z", "id": "g", "sid": SID})
            state: dict[str, Any] = host.get_state(ruleset, SID)
            return state
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"durable-rules failed: {exc!r}") from exc
        finally:
            self._close(run)

    def _close(self, run: _Run) -> None:
        host, ruleset = self._host, self._ruleset
        if run.sentinel_runs == 0:
            try:
                host.get_state(ruleset, SID)
            except Exception:
                return  # no session was created: nothing to delete
            # Deleting a session in which no action ran segfaults: leave it, stop using the
            # ruleset (the fixed session id would carry its facts into the next assessment).
            self._broken = "a session could not be closed safely; restart the process"
            raise EngineError(self._broken)
        try:
            host.delete_state(ruleset, SID)
        except Exception as exc:
            self._broken = f"deleting a session failed ({exc!r}); restart the process"
            raise EngineError(self._broken) from exc
