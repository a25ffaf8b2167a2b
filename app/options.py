"""The ``--db`` option every command shares, and the one place that turns its value into a store."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # SQLModel and the manager load only when a command runs, so `tinylarge --help` stays fast
    from netmodel.manager import NetworkManager
    from netmodel.store import Store

Db = Annotated[str | None, typer.Option(
    "--db", envvar="TINYLARGE_DB", help="SQLAlchemy URL or SQLite file of the store (default: $TINYLARGE_HOME/tinylarge.db).")]


def store_for(db: str | None) -> Store:
    """A SQLite file path or a SQLAlchemy URL (None: ``$TINYLARGE_DB``, else the default home)."""
    from netmodel.store import Store

    return Store.open(db)


def manager_for(db: str | None) -> NetworkManager:
    from netmodel.manager import NetworkManager

    return NetworkManager(store_for(db))
