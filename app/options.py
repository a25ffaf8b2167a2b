"""The ``--db`` option every command shares, and the one place that turns its value into a store."""
from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from netmodel.errors import TinyLargeError

if TYPE_CHECKING:  # SQLModel and the manager load only when a command runs, so `tinylarge --help` stays fast
    import networkx as nx

    from netmodel.manager import NetworkManager
    from netmodel.store import Store

err_console = Console(stderr=True)

Db = Annotated[str | None, typer.Option(
    "--db", envvar="TINYLARGE_DB", help="SQLAlchemy URL or SQLite file of the store (default: $TINYLARGE_HOME/tinylarge.db).")]


Topology = Annotated[Path | None, typer.Option(
    "--topology", envvar="TINYLARGE_TOPOLOGY",
    help="Node-link JSON twin (e.g. from `topo generate`) for a new store; a store keeps the twin it was created with.")]


DriverName = Annotated[str, typer.Option(
    "--driver", envvar="TINYLARGE_DRIVER",
    help="twin: the network twin only; netns: also the namespace lab `tinylarge lab up` built (needs root).")]


def store_for(db: str | None, topology: str | Path | None = None) -> Store:
    """A SQLite file path or a SQLAlchemy URL (None: ``$TINYLARGE_DB``, else the default home).

    ``topology`` initialises a new store with that twin, and is refused for a store that holds
    another one. A commit-confirmed change whose deadline passed is rolled back on opening (the
    CLI has no background timer: the next command of any kind expires it), and said so.
    """
    from netmodel.store import Store
    from netmodel.twin import load_topology

    g = load_topology(topology) if topology else None
    store = Store.open(db, g)
    if g is not None:
        _same_twin(store.topology(), g, topology)
    expired_note(store)
    return store


def _same_twin(held: nx.Graph, asked: nx.Graph, path: str | Path) -> None:
    if set(held.nodes) != set(asked.nodes) or held.number_of_edges() != asked.number_of_edges():
        raise ValueError(f"this store holds the twin {held.graph.get('name', '?')!r} ({held.number_of_nodes()} nodes), "
                         f"not {path} ({asked.number_of_nodes()} nodes); give a new --db for that topology")


def expired_note(store: Store) -> int | None:
    """Expire an overdue commit-confirmed change now and say so on stderr; returns the new version."""
    new = store.expire_unconfirmed()
    if new is not None:
        err_console.print(f"[yellow]note:[/] a commit-confirmed change was not confirmed in time and was rolled "
                          f"back (version {new} is running)", highlight=False, soft_wrap=True)
    return new


def network_for(store: Store, driver: str = "twin") -> NetworkManager:
    """A manager over ``store`` that applies to the twin, or also to the namespace lab (``netns``):
    the lab must be up and built from the store's twin."""
    from netmodel.manager import NetworkManager

    if driver == "twin":
        return NetworkManager(store)
    if driver != "netns":
        raise ValueError(f"unknown driver {driver!r}; expected twin or netns")
    from netmodel.drivers.netns import NetnsDriver
    from netmodel.lab import Lab

    g = store.topology()
    return NetworkManager(store, NetnsDriver(Lab.saved(g)), graph=g)


def manager_for(db: str | None, topology: str | Path | None = None, driver: str = "twin") -> NetworkManager:
    """A manager over the store, with the shipped node models attached for ``query models``."""
    from tiny_nodes.deployed import shipped_models

    m = network_for(store_for(db, topology), driver)
    m.providers["models"] = lambda _: {"models": shipped_models()}
    return m


def confirm_hint(db: str | None) -> str:
    """The exact command that confirms a pending change on this store."""
    return "tinylarge policies confirm" + (f" --db {db}" if db else "")


def fail(message: str) -> typer.Exit:
    """Print ``error: <message>`` as one line on stderr; raise the returned exit (code 1)."""
    err_console.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def _os_message(e: OSError) -> str:
    """``cannot read nope.json: No such file or directory`` rather than Python's ``[Errno 2] ...``."""
    return f"cannot read {e.filename}: {e.strerror}" if e.filename and e.strerror else str(e)


def refusals(fn: Callable) -> Callable:
    """Every command's refusals: one red line on stderr and exit code 1, never a traceback."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TinyLargeError as e:
            raise fail(f"{e.code}: {e.message}") from None
        except OSError as e:
            raise fail(_os_message(e)) from None
        except ValueError as e:
            raise fail(str(e)) from None
    return run
