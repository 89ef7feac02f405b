"""The cache of parsed data files never answers for another text or another parser, stores only
what JSON gives back exactly, and changes nothing a loader sees (data or problems)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from refoulement_risk import yaml_cache, yaml_loading
from refoulement_risk.resources import caselaw_dir, profiles_dir, rules_dir
from refoulement_risk.yaml_cache import CACHE_ENV, cached_parse
from refoulement_risk.yaml_loading import load_yaml_file


class Counting:
    """The strict parse, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> Any:
        self.calls += 1
        return yaml_loading._parse(text)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_a_text_is_parsed_once_and_read_back_equal(cache: Path) -> None:
    parse = Counting()
    text = "id: GEN-010\nweights: [1, 2.5, true, null]\nwhen: 2013-04-25\n"
    first = cached_parse(text, parse)
    again = cached_parse(text, parse)
    assert parse.calls == 1
    assert again == first == yaml_loading._parse(text)
    assert isinstance(again["when"], str)  # dates stay text, from the cache too
    assert len(list(cache.glob("*.json"))) == 1


def test_an_edited_text_or_another_parser_is_parsed_again(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parse = Counting()
    cached_parse("score: 1\n", parse)
    assert cached_parse("score: 2\n", parse) == {"score": 2}
    assert parse.calls == 2
    # The parser's identity (PyYAML, libyaml, yaml_loading's source) is part of the key.
    monkeypatch.setattr(yaml_cache, "_parser_identity", lambda: b"another parser")
    assert cached_parse("score: 1\n", parse) == {"score": 1}
    assert parse.calls == 3


def test_a_damaged_entry_is_parsed_again_and_replaced(cache: Path) -> None:
    parse = Counting()
    cached_parse("a: [1, 2]\n", parse)
    (entry,) = cache.glob("*.json")
    entry.write_text('{"key": "', encoding="utf-8")  # cut short
    assert cached_parse("a: [1, 2]\n", parse) == {"a": [1, 2]}
    entry.write_text('{"key": "not this one", "data": {"a": 0}}', encoding="utf-8")
    assert cached_parse("a: [1, 2]\n", parse) == {"a": [1, 2]}
    assert parse.calls == 3
    assert cached_parse("a: [1, 2]\n", parse) == {"a": [1, 2]}
    assert parse.calls == 3  # replaced by a good entry


@pytest.mark.parametrize("text", [
    "1: one\n2: two\n",  # keys JSON would turn into strings
    "base: &b {x: 1}\nother: *b\n",  # one object in two places: JSON would copy it
    "when: !!timestamp 2013-04-25\n",  # a date object
])
def test_what_json_cannot_give_back_exactly_is_never_stored(cache: Path, text: str) -> None:
    parse = Counting()
    assert cached_parse(text, parse) == cached_parse(text, parse) == yaml_loading._parse(text)
    assert parse.calls == 2
    assert not list(cache.glob("*.json"))


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parse = Counting()
    cached_parse("a: 1\n", parse)
    cached_parse("a: 1\n", parse)
    assert parse.calls == 2
    assert not list(tmp_path.rglob("*.json"))


def test_an_unwritable_folder_only_costs_the_cache(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert cached_parse("a: 1\n", yaml_loading._parse) == {"a": 1}


def test_a_bad_file_gives_the_same_problem_every_time(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: A\nid: B\n", encoding="utf-8")
    first = load_yaml_file(bad)
    assert first[0] is None and "duplicate key 'id'" in first[1][0].reason
    assert load_yaml_file(bad) == first
    assert not list(cache.glob("*.json"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1, 2\n", encoding="utf-8")
    assert load_yaml_file(broken) == load_yaml_file(broken)
    assert load_yaml_file(broken)[1][0].location.startswith(f"{broken}:")


def test_every_data_file_reads_the_same_from_the_cache(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [p for folder in (rules_dir(), profiles_dir(), caselaw_dir())
             for p in sorted(folder.rglob("*.yaml"))]
    assert len(files) > 100
    stored = [load_yaml_file(p) for p in files]  # fills the cache
    texts = {p.read_text(encoding="utf-8") for p in files}
    assert len(list(cache.glob("*.json"))) == len(texts)  # every data file is cacheable
    from_cache = [load_yaml_file(p) for p in files]
    monkeypatch.setenv(CACHE_ENV, "off")
    parsed = [load_yaml_file(p) for p in files]
    assert from_cache == stored == parsed
    assert all(problems == [] for _data, problems in parsed)


def test_the_parser_identity_follows_pyyaml_and_the_loaders_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    identity = yaml_cache._parser_identity()
    assert identity is not None
    edited = tmp_path / "yaml_loading.py"
    edited.write_bytes(yaml_cache._SOURCE.read_bytes() + b"# a change\n")
    monkeypatch.setattr(yaml_cache, "_SOURCE", edited)
    assert yaml_cache._parser_identity.__wrapped__() not in {identity, None}


def test_a_start_up_served_from_the_cache_does_not_import_pyyaml(cache: Path) -> None:
    files = [p for folder in (rules_dir(), profiles_dir(), caselaw_dir())
             for p in sorted(folder.rglob("*.yaml"))]
    for path in files:
        load_yaml_file(path)
    code = ("import sys; from refoulement_risk.knowledge import load_knowledge; "
            "load_knowledge(backend='reference'); print('yaml' in sys.modules)")
    env = {**os.environ, CACHE_ENV: str(cache)}
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == "False"


def test_old_entries_are_removed_past_the_bound(cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_cache, "MAX_ENTRIES", 10)
    monkeypatch.setattr(yaml_cache, "_TRIMMED", set())
    cache.mkdir(parents=True)
    for n in range(12):
        old = cache / f"{n:064x}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    cached_parse("fresh: 1\n", yaml_loading._parse)
    left = sorted(p.name for p in cache.glob("*.json"))
    assert len(left) == 5  # half the bound, the newest kept
    assert f"{11:064x}.json" in left and f"{0:064x}.json" not in left
    assert cached_parse("fresh: 1\n", Counting()) == {"fresh": 1}
