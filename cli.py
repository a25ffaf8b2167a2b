"""The ``tinylarge`` command: each package adds its own sub-commands (imported lazily)."""
from __future__ import annotations

import typer

from netmodel.cli import register as register_network

app = typer.Typer(help="TinyLarge: LLM-driven intent-based manager for 6G networks.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
register_network(app)

if __name__ == "__main__":
    app()
