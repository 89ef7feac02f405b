"""Checks ``refoulement-risk serve`` makes before it starts any worker, so a bad start-up exits
with status 3 and a one-line reason — never a traceback, never a hang:

* the rule and evidence folders exist and are folders; every ``*.yaml`` in them is a regular
  file (a folder or a FIFO named ``*.yaml`` would fail obscurely or block the loader forever);
* no YAML file nests deeper than :data:`MAX_YAML_DEPTH` (PyYAML builds nested documents
  recursively and would overflow the stack); checked with the scanner, which does not recurse;
* the database can be opened (folder created owner-only, or an error naming it), reached
  within ``database_timeout_seconds`` and migrated.
"""

from __future__ import annotations

import stat
from pathlib import Path

import yaml

__all__ = ["MAX_YAML_DEPTH", "StartupError", "check_data_folder", "yaml_depth"]

MAX_YAML_DEPTH = 64
_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
         yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


class StartupError(Exception):
    """Start-up cannot go on; the message is the one line ``serve`` prints."""


def yaml_depth(text: str, limit: int = MAX_YAML_DEPTH) -> int:
    """The deepest nesting of collections in a YAML text (stops counting past ``limit``)."""
    depth = deepest = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, _OPEN):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif isinstance(token, _CLOSE):
            depth -= 1
    return deepest


def check_data_folder(folder: Path, what: str) -> None:
    """Raise :class:`StartupError` naming the path if ``folder`` cannot be loaded safely."""
    try:
        mode = folder.stat().st_mode
    except OSError as exc:
        raise StartupError(f"the {what} folder {folder} cannot be read: "
                           f"{exc.strerror or exc}") from None
    if not stat.S_ISDIR(mode):
        raise StartupError(f"the {what} folder {folder} is not a folder")
    for path in sorted(folder.glob("*.yaml")):
        try:
            file_mode = path.lstat().st_mode if not path.is_symlink() else path.stat().st_mode
        except OSError as exc:
            raise StartupError(f"{path}: cannot be read: {exc.strerror or exc}") from None
        if not stat.S_ISREG(file_mode):
            kind = "a folder" if stat.S_ISDIR(file_mode) else \
                "a FIFO" if stat.S_ISFIFO(file_mode) else "not a regular file"
            raise StartupError(f"{path}: is {kind}, not a YAML file")
        try:
            text = path.read_text(encoding="utf-8")
            deepest = yaml_depth(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise StartupError(f"{path}: cannot be read: {exc}") from None
        except yaml.YAMLError:
            continue  # the loader reports it with its place
        if deepest > MAX_YAML_DEPTH:
            raise StartupError(f"{path}: nests deeper than {MAX_YAML_DEPTH} levels")
