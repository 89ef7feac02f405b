"""``refoulement-risk batch``: assess every case of a JSON Lines or CSV file, resumably."""

from __future__ import annotations

import json
from pathlib import Path

import click

__all__ = ["batch"]

_FORMATS = click.Choice(["jsonl", "csv"])


@click.command(help="Assess every case of a .jsonl (one case per line) or .csv (contract paths as "
                    "columns, e.g. charges.0.category) file on every core. An existing --out file "
                    "is resumed, never overwritten; refused lines are reported and skipped.")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="results file (.jsonl or .csv)")
@click.option("--input-format", type=_FORMATS, default=None, help="default: from the suffix")
@click.option("--output-format", type=_FORMATS, default=None, help="default: from the suffix")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="processes (default: every core)")
@click.option("--backend", type=click.Choice(["auto", "durable", "reference"]), default="auto",
              show_default=True)
@click.option("--no-progress", is_flag=True, help="no progress bar")
def batch(source: Path, out: Path, input_format: str | None, output_format: str | None,
          workers: int | None, backend: str, no_progress: bool) -> int:
    from .batch import run_batch
    from .batch_io import detect_format

    summary = run_batch(source, out, detect_format(source, input_format),
                        detect_format(out, output_format), backend=backend, workers=workers,
                        progress=not no_progress)
    click.echo(json.dumps(summary.as_dict(), ensure_ascii=False), err=True)
    return 0
