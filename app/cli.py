"""The ``tinylarge`` command: each front-end module adds its own sub-commands (heavy imports stay lazy)."""
from __future__ import annotations

import typer

from .agent import register as register_agent
from .lab import register as register_lab
from .language import register as register_language
from .learning import register as register_learning
from .loop import register as register_loop
from .network import register as register_network
from .serve import register as register_serve
from .tiny import register as register_tiny
from .tokens import register as register_tokens

app = typer.Typer(help="TinyLarge: LLM-driven intent-based manager for 6G networks.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
for register in (register_network, register_agent, register_loop, register_lab, register_language, register_tiny,
                 register_learning, register_tokens, register_serve):
    register(app)

if __name__ == "__main__":
    app()
