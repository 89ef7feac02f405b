"""A disk cache of parsed data files, keyed by what they contain: start-up parses each once.

Parsing the rules, the evidence and the decided cases (a megabyte of YAML) is a quarter of a
second of every start-up; reading the same data back as JSON costs a few milliseconds. An entry
is found by the SHA-256 of the file's text together with the parser's identity (PyYAML's version
and compiled parser, and the source of ``yaml_loading``), so an edited file, or a
change in how files are parsed, is never answered from the cache: it is parsed again. Only what
parsed without a problem is stored, and only where JSON gives back exactly the same data (string
keys, plain values, no anchor shared by two places); everything else is parsed every time.
Validation is not cached: the loaders validate what they get, from the cache or not.

``REFOULEMENT_RISK_CACHE_DIR`` says where the entries live (default: ``$XDG_CACHE_HOME`` or
``~/.cache``, then ``refoulement-risk/yaml``); ``off`` turns the cache off. Where the folder cannot
be written the files are parsed as without a cache; a damaged entry is parsed again and replaced.
Past ``MAX_ENTRIES`` entries (each edit of a file adds one) the oldest are removed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["CACHE_ENV", "MAX_ENTRIES", "cache_dir", "cached_parse"]

CACHE_ENV = "REFOULEMENT_RISK_CACHE_DIR"
_OFF = "off"
MAX_ENTRIES = 2000  # about 20 MB; a data set is some 200 files
_TRIMMED: set[Path] = set()  # folders this process has trimmed
_SOURCE = Path(__file__).resolve().with_name("yaml_loading.py")


def cache_dir() -> Path | None:
    """Where parsed files are kept; None where the cache is off."""
    env = os.environ
    return _folder(env.get(CACHE_ENV), env.get("XDG_CACHE_HOME"), env.get("HOME"))


@functools.lru_cache(maxsize=8)  # asked once a file: the same answer for the same variables
def _folder(configured: str | None, xdg: str | None, _home: str | None) -> Path | None:
    if configured is not None:
        return None if configured.strip().lower() in {"", _OFF} else Path(configured)
    return Path(xdg or Path.home() / ".cache") / "refoulement-risk" / "yaml"


@functools.cache
def _parser_identity() -> bytes | None:
    """What else decides the parse besides the text: PyYAML (its ``__init__``, which names its
    version, and its compiled parser's files: libyaml or not) and ``yaml_loading``'s source.
    Read from the files, so that a start-up served from the cache never imports PyYAML. None
    (no cache) where they cannot be read."""
    spec = importlib.util.find_spec("yaml")
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    try:
        parts = [Path(spec.origin).read_bytes(), _SOURCE.read_bytes(),
                 *sorted(p.name.encode() for p in package.iterdir() if p.name.startswith("_yaml"))]
    except OSError:  # an installation without sources: the parser's code cannot be keyed
        return None
    return hashlib.sha256(b"\0".join(parts)).digest()


def _exact_in_json(data: Any, seen: set[int]) -> bool:
    """Whether ``json.loads(json.dumps(data))`` gives back ``data`` exactly (types included)."""
    if data is None or type(data) in (str, int, float, bool):
        return True
    if type(data) not in (list, dict) or id(data) in seen:
        return False  # a set, a date, bytes (left to the parser); or an alias (JSON copies it)
    seen.add(id(data))
    if isinstance(data, list):
        return all(_exact_in_json(item, seen) for item in data)
    return all(type(key) is str and _exact_in_json(value, seen) for key, value in data.items())


def cached_parse(text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, from the cache where this text was parsed before by the same parser.

    ``parse`` is ``yaml_loading``'s strict loader (its source is part of the key). It may raise:
    nothing is stored then, and the error reaches the caller unchanged."""
    folder, identity = cache_dir(), _parser_identity()
    if folder is None or identity is None:
        return parse(text)
    key = hashlib.sha256(identity + b"\0" + text.encode("utf-8")).hexdigest()
    entry = folder / f"{key}.json"
    try:
        stored = json.loads(entry.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and stored.get("key") == key and "data" in stored:
            return stored["data"]
    except (OSError, ValueError):  # absent, unreadable or damaged: parse again
        pass
    data = parse(text)
    if _exact_in_json(data, set()):
        _store(entry, {"key": key, "data": data})
    return data


def _store(entry: Path, stored: dict[str, Any]) -> None:
    """Write ``entry`` whole or not at all (another process may be reading or writing it)."""
    import tempfile  # only when writing (start-up after the first reads)

    try:
        # The service user's own: whoever can write an entry decides what the evidence says.
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                # dumps, not dump: only the one-shot encoder is the C one (ten times faster)
                out.write(json.dumps(stored, ensure_ascii=False, separators=(",", ":")))
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    # A read-only or full disk, or text JSON cannot write: the cache is an optimisation only.
    except (OSError, ValueError):
        return
    if entry.parent not in _TRIMMED:
        _TRIMMED.add(entry.parent)
        _trim(entry.parent)


def _trim(folder: Path) -> None:
    """Past ``MAX_ENTRIES`` entries, remove the oldest written until half remain: every edit of
    a data file adds one, and nothing else removes them. Done once a process, on its first
    write (an entry still in use is only parsed again and written back)."""
    try:
        entries = [(item.stat().st_mtime, item) for item in folder.iterdir()
                   if item.suffix in {".json", ".tmp"}]
    except OSError:
        return
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort()
    for _mtime, item in entries[:len(entries) - MAX_ENTRIES // 2]:
        with contextlib.suppress(OSError):  # another process removed it first, or may not
            item.unlink()
