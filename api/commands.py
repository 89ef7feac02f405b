"""The service's commands for the ``refoulement-risk`` CLI (added by ``cli.py`` when importable):

    refoulement-risk serve [--host 127.0.0.1] [--port 8000] [--workers 1]
    refoulement-risk keys create NAME --scopes assess,read [--org ORG]   (prints the key once)
    refoulement-risk keys list [--org ORG]
    refoulement-risk keys revoke NAME
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from .settings import get_settings

DEFAULT_ORG = "default"  # api.storage.DEFAULT_ORG, without importing the database layer here

__all__ = ["add_service_commands"]


def _storage() -> Any:
    from .storage import Storage

    settings = get_settings()
    storage = Storage(settings.database_url, settings.database_table_prefix, pool=False,
                      timeout=settings.database_timeout_seconds)
    storage.migrate()
    return storage


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _check_secret_file(name: str | None) -> None:
    from .preflight import StartupError
    from .settings import get_settings, signing_keys

    if name is None:
        return
    path = Path(name)
    try:
        mode = path.stat().st_mode
        signing_keys(get_settings())
    except (OSError, ValueError) as exc:
        raise StartupError(f"the secret key file {path} cannot be used: {exc}") from None
    if mode & 0o077:
        raise StartupError(f"the secret key file {path} is readable by others "
                           f"(mode {mode & 0o777:o}); make it owner-only: chmod 600 {path}")
    if any(len(k) < 32 for k in signing_keys(get_settings())):
        raise StartupError(f"the secret key file {path}: every key must be at least 32 "
                           "characters")


def _preflight(address: str) -> None:
    """Everything ``serve`` checks before starting workers; :class:`StartupError` if not."""
    from sqlalchemy.exc import SQLAlchemyError

    from refoulement_risk import load_knowledge
    from refoulement_risk.resources import profiles_dir, rules_dir

    from .preflight import StartupError, check_data_folder

    settings = get_settings()
    _check_secret_file(settings.secret_key_file)
    check_data_folder(rules_dir(), "rules")
    check_data_folder(profiles_dir(), "country profiles")
    # A bad rule or evidence file stops start-up with its file, place and reason (exit 3).
    try:
        load_knowledge(backend=settings.backend)
    except RecursionError:
        raise StartupError("a rule or evidence file nests too deeply to load") from None
    try:
        storage = _storage()  # migrate once before the workers start (they re-check, locked)
        active = [k for k in storage.list_keys() if k.revoked_at is None]
        storage.dispose()
    except OSError as exc:
        raise StartupError(f"the database {_safe_url(settings.database_url)} cannot be "
                           f"opened: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
                           ) from None
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise StartupError(f"the database {_safe_url(settings.database_url)} cannot be used: "
                           f"{reason[0] if reason else type(exc).__name__}") from None
    if not active:
        # The command as it was run here (e.g. .venv/bin/refoulement-risk), so it can be pasted.
        command = sys.argv[0] if sys.argv and sys.argv[0].endswith("refoulement-risk") \
            else "refoulement-risk"
        print("No API key yet. For local use, in another terminal:\n"
              f"  {command} keys create local --scopes assess,read\n"
              "and send it as 'Authorization: Bearer <key>'. The intake page needs no key: "
              f"{address}/intake", file=sys.stderr)


def _metrics_folder() -> None:
    """Give the workers one folder for their metrics (summed by /metrics), unless the operator
    chose one; a folder made here is removed when ``serve`` exits."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="refoulement-risk-metrics-")
    atexit.register(shutil.rmtree, folder, True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    # prometheus_client, imported with this package before the folder existed, chose its
    # in-memory values then; /metrics reads the folder, so choose again (a worker that uvicorn
    # spawns imports it afresh, with the variable set).
    from prometheus_client import values

    values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]


def _cmd_serve(args: argparse.Namespace) -> int:
    _metrics_folder()  # before anything imports prometheus_client
    try:
        import uvicorn

        from .logs import configure_logging
        from .preflight import StartupError
    except ImportError as exc:
        print(f"error: serve needs the Python package {exc.name!r}, which is not installed "
              "(pip install refoulement-risk)", file=sys.stderr)
        return 3
    from pydantic import ValidationError

    try:
        settings = get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "REFOULEMENT_RISK_" + str(first["loc"][0]).upper() if first["loc"] else "?"
        print(f"error: the setting {name} is not valid: {first['msg']}", file=sys.stderr)
        return 3
    configure_logging(settings.log_level)
    if settings.secret_key is None and settings.secret_key_file is None:
        # One random intake signing key for this run, handed to the workers through their
        # environment; never written down (the page simply mints a new token after a restart).
        os.environ["REFOULEMENT_RISK_SECRET_KEY"] = secrets.token_urlsafe(48)
        get_settings.cache_clear()
    try:
        _preflight(f"http://{args.host}:{args.port}")
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    uvicorn.run("refoulement_risk.api.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, access_log=False, log_config=None,
                proxy_headers=False, server_header=False, date_header=True,
                http="refoulement_risk.api.protocol:GuardedH11Protocol",
                timeout_keep_alive=settings.keep_alive_seconds,
                limit_concurrency=settings.max_concurrency,
                h11_max_incomplete_event_size=16 * 1024,
                timeout_graceful_shutdown=settings.shutdown_grace_seconds)
    return 0


def _cmd_keys_create(args: argparse.Namespace) -> int:
    from .security import generate_key, parse_org, parse_scopes

    try:
        scopes = parse_scopes(args.scopes)
        org = parse_org(args.org)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    name = args.name.strip()
    if not name or len(name) > 100:
        print("error: the name must be 1 to 100 characters", file=sys.stderr)
        return 2
    storage = _storage()
    key, record = generate_key(name, scopes, org)
    try:
        storage.add_key(record)
    except ValueError as exc:
        print(f"error: {exc}; revoke it first or choose another name", file=sys.stderr)
        return 1
    finally:
        storage.dispose()
    print(key)
    print(f"key {name!r} of organisation {org!r} created with scopes {','.join(scopes)}; it is "
          "shown only this once, store it now", file=sys.stderr)
    return 0


def _cmd_keys_list(args: argparse.Namespace) -> int:
    storage = _storage()
    keys = storage.list_keys(args.org)
    storage.dispose()
    rows = [{"name": k.name, "org": k.org, "key_id": k.key_id, "scopes": list(k.scopes),
             "created_at": k.created_at.isoformat(timespec="seconds"),
             "revoked_at": k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else None}
            for k in keys]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no keys (create one with: refoulement-risk keys create NAME --scopes assess)")
        return 0
    print(f"{'name':24} {'organisation':20} {'key id':16} {'scopes':24} {'created':25} revoked")
    for r in rows:
        print(f"{r['name']:24} {r['org']:20} {r['key_id']:16} {','.join(r['scopes']):24} "
              f"{r['created_at']:25} {r['revoked_at'] or '-'}")
    return 0


def _cmd_keys_revoke(args: argparse.Namespace) -> int:
    storage = _storage()
    count = storage.revoke_key(args.name, dt.datetime.now(dt.UTC))
    storage.dispose()
    if not count:
        print(f"error: no active key is named {args.name!r}", file=sys.stderr)
        return 1
    print(f"revoked {args.name!r}")
    return 0


def add_service_commands(sub: Any) -> None:
    """Add ``serve`` and ``keys`` to the CLI's subparsers."""
    p = sub.add_parser("serve", help="run the HTTP API (settings: REFOULEMENT_RISK_* variables)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.set_defaults(func=_cmd_serve)

    keys = sub.add_parser("keys", help="manage API keys").add_subparsers(
        dest="keys_command", required=True)
    p = keys.add_parser("create", help="create a key and print it once")
    p.add_argument("name", help="who or what uses the key (logged; not secret)")
    p.add_argument("--scopes", required=True,
                   help="comma-separated: assess, read, admin, operator (operator: every "
                        "organisation's stored assessments)")
    p.add_argument("--org", default=DEFAULT_ORG,
                   help="the organisation the key (and what it stores) belongs to "
                        f"(default {DEFAULT_ORG!r})")
    p.set_defaults(func=_cmd_keys_create)
    p = keys.add_parser("list", help="list keys (names, ids, scopes; never the keys)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--org", default=None, help="only this organisation's keys")
    p.set_defaults(func=_cmd_keys_list)
    p = keys.add_parser("revoke", help="revoke every active key with this name")
    p.add_argument("name")
    p.set_defaults(func=_cmd_keys_revoke)
