"""One regression test per guard in docs/DURABLE_RULES.md.

Each runs in a subprocess: a guard that fails may segfault, which must fail this test rather than
kill the test run. A script prints OK as its last line when every check in it passed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"

PREAMBLE = """
import datetime as dt, sys, tempfile, threading
from pathlib import Path
from durable import engine as durable_engine
from engine_fixture import write_fixture_rules
from refoulement_risk import durable_backend as db
from refoulement_risk.durable_backend import DurableBackend, SID
from refoulement_risk.engine import Fact
from refoulement_risk.errors import EngineError
from refoulement_risk.reference import ReferenceBackend
from refoulement_risk.rulebook import load_rulebook
rulebook = load_rulebook(write_fixture_rules(Path(tempfile.mkdtemp()) / "rules"))
backend = DurableBackend(rulebook)
reference = ReferenceBackend(rulebook)
DAY = dt.date(2024, 5, 1)
FACTS = [Fact("det", "case.detained", True), Fact("ch", "case.charge_category", "terrorism"),
         Fact("lvl", "destination.custody_torture_level", "systematic"),
         Fact("pit", "case.past_ill_treatment", "documented"),
         Fact("ass", "case.assurances_given", False)]
def same(facts, on=DAY):
    got, want = backend.run(facts, on), reference.run(facts, on)
    assert (got.firings, got.derived) == (want.firings, want.derived), (got, want)
    return got
def no_live_session():
    try:
        backend._host.get_state(backend._ruleset, SID)
    except Exception as exc:
        assert "309" in str(exc), exc  # ERR_SID_NOT_FOUND
        return True
    return False
def refused(call):
    try:
        call()
    except EngineError as exc:
        return exc
    raise AssertionError("no EngineError")
"""


def run_script(body: str, timeout: float = 300) -> str:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), str(HERE)]))
    script = PREAMBLE + textwrap.dedent(body) + "\nprint('OK')\n"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=timeout, check=False)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert proc.stdout.strip().endswith("OK"), proc.stdout
    return proc.stdout


def test_timer_threads_are_off() -> None:
    """With the Host's timer threads on, durable gives wrong results and segfaults."""
    run_script("""
        import time
        time.sleep(0.3)  # the stock Host starts its timers after 0.1 s
        assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
        assert isinstance(backend._host, db._QuietHost)
        same(FACTS)
        assert threading.active_count() == 1, threading.enumerate()
    """)


def test_no_session_deleted_before_an_action_ran() -> None:
    """Assessments where no rule fires (no facts, facts no rule reads, a day before every rule):
    the sentinel rule runs in each, so deleting the session is safe."""
    run_script("""
        seen = []
        original = db.DurableBackend._close
        def spy(self, run):
            seen.append(run.sentinel_runs)
            return original(self, run)
        db.DurableBackend._close = spy
        for _ in range(300):
            assert not backend.run([], DAY).firings
            assert not backend.run([Fact("x", "case.high_profile", True)], DAY).firings
            assert not backend.run(FACTS, dt.date(1990, 1, 1)).firings
            assert no_live_session()
        assert seen and min(seen) >= 1
    """)


def test_never_an_empty_batch() -> None:
    """Asserting an empty batch segfaults: every batch holds the context and sentinel facts."""
    run_script("""
        batches = []
        host = backend._host
        original = host.assert_facts
        def spy(name, facts, complete=None):
            batches.append(list(facts))
            return original(name, facts, complete)
        host.assert_facts = spy
        backend.run([], DAY)
        backend.run([Fact("x", "case.high_profile", True)], DAY)  # read by no rule: not sent
        assert len(batches) == 2
        for batch in batches:
            assert batch and any(m["t"] == "z" for m in batch), batch
    """)


def test_floats_refused() -> None:
    """A float that JSON writes with an exponent segfaults durable, even unused: refused before
    anything is asserted, and the backend keeps working."""
    run_script("""
        for value in (1e16, 1e-5, 2.5e300, 0.5, float("nan"), float("inf")):
            for name in ("derived.level", "case.high_profile"):  # read, and read by no rule
                refused(lambda: backend.run([*FACTS, Fact("f", name, value)], DAY))
        refused(lambda: db.check_message({"t": "f", "x": 1e20}))
        refused(lambda: backend.run([Fact("f", "derived.level", 2**64)], DAY))
        refused(lambda: backend.run([Fact("f", "derived.level", [1])], DAY))
        assert no_live_session()
        same(FACTS)
    """)


def test_too_many_properties_refused() -> None:
    """More than ~250 properties in one fact segfaults: messages over 200 are refused."""
    run_script("""
        message = {f"p{k}": k for k in range(260)}
        exc = refused(lambda: db.check_message(message))
        assert "too many properties" in str(exc)
        db.check_message({f"p{k}": k for k in range(db.MAX_PROPERTIES)})
        # every message the backend builds goes through the check
        calls = []
        original = db.check_message
        db.check_message = lambda m: (calls.append(len(m)), original(m))[1]
        same(FACTS)
        assert calls and max(calls) <= 7
    """)


def test_session_count_stays_at_one_past_the_1024_cap() -> None:
    """More than 1,024 live sessions in one ruleset: MemoryError, then segfaults. One session per
    assessment, deleted in finally, under the lock: 1,300 assessments, never more than one."""
    run_script("""
        for k in range(1300):
            same(FACTS if k % 2 else FACTS[:2])
            assert no_live_session(), k
        # the hazard is real: the raw engine refuses the 1,025th live session
        host = db._QuietHost()
        host.register_rulesets({"raw": {"r": {"all": [{"m": {"t": "z"}}], "run": lambda c: None}}})
        try:
            for k in range(1100):
                host.assert_fact("raw", {"t": "z", "id": "z", "sid": f"s{k}"})
        except Exception as exc:
            print("raw engine failed at session", k, type(exc).__name__)
            assert k >= 1000
        else:
            raise AssertionError("expected the raw engine to fail")
    """)


def test_exceptions_in_actions_become_engine_errors() -> None:
    """durable swallows exceptions (even SystemExit) from actions into the session state."""
    run_script("""
        original = db.Firing
        for error in (RuntimeError("boom"), SystemExit(3), KeyboardInterrupt()):
            def broken(*args, error=error):
                raise error
            db.Firing = broken
            exc = refused(lambda: backend.run(FACTS, DAY))
            assert type(error).__name__ in str(exc), exc
            assert no_live_session()
        db.Firing = original
        same(FACTS)
        # the session state is checked too, not only our own record
        host = backend._host
        get_state = host.get_state
        host.get_state = lambda name, sid=None: {**get_state(name, sid), "exception": "boom"}
        exc = refused(lambda: backend.run(FACTS, DAY))
        assert "boom" in str(exc)
        host.get_state = get_state
        same(FACTS)
    """)


def test_message_not_handled_is_answered_with_go() -> None:
    """A batch with a fact that matches no rule raises MessageNotHandled and runs no action:
    the "go" sentinel makes the stored facts' actions run. (The backend asserts only facts some
    condition can match, so this needs a fact durable refuses where ``satisfies`` accepts;
    here every fact is forced through.)"""
    run_script("""
        gos = []
        host = backend._host
        original = host.assert_fact
        def spy(name, fact, complete=None):
            gos.append(fact["id"])
            return original(name, fact, complete)
        host.assert_fact = spy
        unmatched = Fact("u", "case.detained", None)  # no condition accepts an unknown detained
        result = same([unmatched])  # not asserted at all: nothing to answer
        assert gos == [] and not result.firings
        # as before the filter: every named fact is asserted
        backend._message = lambda fact: db.fact_message("", fact.name, fact.value)
        result = same([unmatched])
        assert gos == ["g"] and not result.firings
        gos.clear()
        result = same([FACTS[0], unmatched, *FACTS[1:]])  # facts after it still count
        assert gos == ["g"] and result.firings
        gos.clear()
        same([Fact("e", "case.ethnicity", "tajik")])  # matched: no go needed
        assert gos == []
        # the hazard is real
        raw = db._QuietHost()
        raw.register_rulesets({"raw": {"r": {"all": [{"m": {"t": "a"}}], "run": lambda c: None}}})
        try:
            raw.assert_facts("raw", [{"t": "a", "id": 1, "sid": "1"}, {"t": "b", "id": 2,
                                                                         "sid": "1"}])
        except durable_engine.MessageNotHandledException:
            pass
        else:
            raise AssertionError("expected MessageNotHandledException")
        raw.assert_fact("raw", {"t": "a", "id": 3, "sid": "1"})
        raw.delete_state("raw", "1")
    """)


def test_threads_give_identical_results() -> None:
    """8 threads x 150 assessments on one backend: every result equals the reference's."""
    run_script("""
        import random
        names = ["case.detained", "case.charge_category", "destination.custody_torture_level",
                 "case.ethnicity", "derived.level", "case.charge_organisation",
                 "destination.targeted_group_match", "case.assurances_given"]
        pool = [None, True, False, 2, 5, "terrorism", "political", "systematic", "uzbek",
                "akromiya", "elevated"]
        cases = []
        rng = random.Random(7)
        for _ in range(60):
            facts = [Fact(f"f{k}", rng.choice(names), rng.choice(pool))
                     for k in range(rng.randint(0, 12))]
            cases.append((facts, reference.run(facts, DAY)))
        failures = []
        def worker(seed):
            r = random.Random(seed)
            for _ in range(150):
                facts, want = r.choice(cases)
                try:
                    got = backend.run(facts, DAY)
                    if (got.firings, got.derived) != (want.firings, want.derived):
                        failures.append((facts, got, want))
                except Exception as exc:
                    failures.append(exc)
        threads = [threading.Thread(target=worker, args=(s,)) for s in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        assert not failures, failures[:3]
        assert no_live_session()
    """)


def test_fact_ids_are_checked_against_the_id_hash() -> None:
    """durable identifies facts by a 32-bit hash of their id: colliding ids are one fact."""
    run_script("""
        # the hash is durable's: its own constants for "id" and "sid" (state.h)
        assert db.durable_id_hash("id") == 926444256
        assert db.durable_id_hash("sid") == 3593476751
        # find two colliding ids (birthday bound: ~77k) and show durable confuses them
        seen = {}
        k = 0
        while True:
            key = f"x{k}"
            other = seen.setdefault(db.durable_id_hash(key), key)
            if other != key:
                break
            k += 1
        raw = db._QuietHost()
        fired = []
        raw.register_rulesets({"raw": {"r": {"all": [{"m": {"t": "a"}}],
                                             "run": lambda c: fired.append(c.m.id)}}})
        raw.assert_fact("raw", {"t": "a", "id": other, "sid": "1"})
        try:
            raw.assert_fact("raw", {"t": "a", "id": key, "sid": "1"})
        except durable_engine.MessageObservedException:
            pass
        raw.delete_state("raw", "1")
        assert fired == [other], fired  # the second fact was taken for the first
        # the backend refuses to start if any id it can use collides
        db.durable_id_hash = lambda text: 0 if text in ("i0", "i1") else hash(text)
        refused(lambda: DurableBackend(rulebook))
    """)


def test_pattern_references_checked_at_compile_time() -> None:
    """A join to an undefined or later pattern registers fine but fails or never matches."""
    run_script("""
        ok = [{"a": {"t": "f"}}, {"b": {"$and": [{"t": "g"}, {"x": {"a": "x"}}]}}]
        db._check_references("r", ok)
        refused(lambda: db._check_references("r", [{"b": {"x": {"a": "x"}}}, {"a": {"t": 1}}]))
        refused(lambda: db._check_references("r", [{"b": {"$neq": {"x": {"zz": "x"}}}}]))
        refused(lambda: db._check_references("r", [{"a": {"t": 1.5}}]))
        refused(lambda: db._check_references("r", [{"a": {"t": 1}}, {"a": {"t": 2}}]))
    """)


def test_one_fact_never_matches_two_conditions_of_a_branch() -> None:
    """The reference never binds one fact to two conditions; the loader refuses such branches,
    so the rule is built by hand here."""
    run_script("""
        import dataclasses
        from refoulement_risk.rulebook import Branch, CompiledRule
        from refoulement_risk.rule_models import Condition
        first = rulebook.rules[0]
        conds = (Condition.model_validate({"fact": "case.charge_category", "known": True}),
                 Condition.model_validate({"fact": "case.charge_category",
                                           "one_of": ["political", "terrorism"]}))
        extra = CompiledRule(first.rule.model_copy(update={"id": "FX-999"}), "fixture",
                             len(rulebook.rules), (Branch(conds),))
        book = dataclasses.replace(rulebook, rules=(*rulebook.rules, extra))
        backend, reference = DurableBackend(book), ReferenceBackend(book)
        one = same([Fact("c1", "case.charge_category", "political")])
        assert not [f for f in one.firings if f.rule_id == "FX-999"]
        two = same([Fact("c1", "case.charge_category", "political"),
                    Fact("c2", "case.charge_category", "economic")])
        assert [f.matched for f in two.firings if f.rule_id == "FX-999"] == [("c2", "c1")]
    """)


def test_rule_definitions_are_registered_as_copies() -> None:
    """Registration deletes each rule's "run": the backend keeps its own definition intact, and
    only the keys durable accepts are used."""
    run_script("""
        registered = {}
        original = db._QuietHost.register_rulesets
        def spy(self, definitions):
            registered.update(definitions)
            return original(self, definitions)
        db._QuietHost.register_rulesets = spy
        DurableBackend(rulebook)
        ((name, rules),) = registered.items()
        assert all("run" not in r and set(r) <= {"all", "any", "pri", "count", "cap", "dist"}
                   for r in rules.values())
        # a second backend registers its own ruleset (names cannot be registered twice)
        other = DurableBackend(rulebook)
        assert other._ruleset != backend._ruleset
        same(FACTS)
        other.run(FACTS, DAY)
    """)


@pytest.mark.parametrize("limit", ["frames", "or"])
def test_durable_limits_checked_at_construction(limit: str) -> None:
    """More than 16 patterns in a rule (MAX_MESSAGE_FRAMES) is refused at start-up; long one_of
    lists are split below MAX_SEQUENCE_EXPRESSIONS."""
    run_script(f"""
        import dataclasses
        from refoulement_risk.rulebook import Branch, CompiledRule
        from refoulement_risk.rule_models import Condition
        names = ["case.political_activity", "case.religious_practice",
                 "case.human_rights_defender", "case.journalist",
                 "case.wealthy_or_fallen_out_with_regime", "case.former_official",
                 "case.family_persecuted", "case.high_profile", "case.sur_place_activity",
                 "case.assurances_given", "case.assurances_specific", "case.assurances_binding",
                 "case.assurances_track_record", "case.detained", "case.release_imminent",
                 "case.prior_irregular_transfer_attempt"]
        if "{limit}" == "frames":
            conds = tuple(Condition.model_validate({{"fact": n, "is": True}}) for n in names)
        else:
            conds = (Condition.model_validate({{"fact": "case.ethnicity",
                                               "one_of": [f"w{{k}}" for k in range(100)]}}),)
        first = rulebook.rules[0]
        extra = CompiledRule(first.rule.model_copy(update={{"id": "FX-998"}}), "fixture",
                             len(rulebook.rules), (Branch(conds),))
        book = dataclasses.replace(rulebook, rules=(*rulebook.rules, extra))
        if "{limit}" == "frames":
            exc = refused(lambda: DurableBackend(book))
            assert "too many conditions" in str(exc)
        else:
            backend, reference = DurableBackend(book), ReferenceBackend(book)
            for v in ("w0", "w57", "w99", "w100"):
                same([Fact("e", "case.ethnicity", v)])
    """)
