"""``tinylarge serve``: the HTTP API and the operator console on the store's twin."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from .options import Db, DriverName, Topology, refusals, store_for

console = Console()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


@refusals
def serve(host: Annotated[str, typer.Option(help="Address to listen on (default: this machine only).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
          db: Db = None, topology: Topology = None, driver: DriverName = "twin") -> None:
    """Serve the API and, at /, the operator console (log in with `tinylarge token create --role operator`)."""
    import uvicorn

    from app.api import create_app
    from app.options import network_for

    store = store_for(db, topology)
    if not store.tokens():
        console.print("[yellow]note:[/] no API token exists yet: `tinylarge token create --role operator` makes one",
                      highlight=False)
    console.print(f"console and API on http://{host}:{port}/ (OpenAPI at /docs)", highlight=False)
    uvicorn.run(create_app(network_for(store, driver)), host=host, port=port, log_level="warning")
