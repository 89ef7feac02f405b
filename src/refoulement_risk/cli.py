"""The command line: ``refoulement-risk assess|rules|profiles|backtest`` (``cli_commands``),
``batch`` (``cli_batch``), and the service's ``serve`` and ``keys`` when the service is installed.

Exit status: 0 success; 1 a command failed (e.g. lint found problems); 2 invalid input (the
problems are listed); 3 the rule set or the evidence could not be loaded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import click

from .cli_batch import batch
from .cli_commands import assess, backtest, profiles, rules
from .errors import CaseValidationError, DataFileError

__all__ = ["cli", "main"]


@click.group(help="Explained screening of the risk of torture on return (a screening aid for "
                  "qualified advisers, not a legal determination).")
def cli() -> None:
    pass


for _command in (assess, rules, profiles, backtest, batch):
    cli.add_command(_command)


def _parser() -> argparse.ArgumentParser:
    """The service's commands, as it declares them (``api.commands.add_service_commands``)."""
    parser = argparse.ArgumentParser(prog="refoulement-risk")
    sub = parser.add_subparsers(dest="command", required=True)
    try:
        from refoulement_risk.api.commands import add_service_commands
    except ImportError:  # the service is not installed: the library and CLI still work
        pass
    else:
        add_service_commands(sub)
    return parser


def _service_command(name: str, help_text: str | None) -> click.Command:
    """A click command that hands its arguments to the service's own parser."""

    @click.command(name, help=help_text, add_help_option=False,
                   context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    @click.pass_context
    def run(ctx: click.Context) -> int:
        args = _parser().parse_args([name, *ctx.args])
        result: int = args.func(args)
        return result

    return run


def _add_service_commands() -> None:
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name in action.choices:
                cli.add_command(_service_command(name, helps.get(name)))


_add_service_commands()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="refoulement-risk", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:  # as the command line always did: exit status 2
        exc.show()
        raise SystemExit(2) from None
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        return 1
    except CaseValidationError as exc:
        print(exc.render(), file=sys.stderr)
        return 2
    except DataFileError as exc:
        print(exc.render(), file=sys.stderr)
        return 3
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
