"""A throwaway PostgreSQL cluster on 127.0.0.1, for the tests and the store benchmark."""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql")


def pg_tool(name: str) -> str | None:
    found = sorted(PG_BIN.glob(f"*/bin/{name}"))
    return str(found[-1]) if found else shutil.which(name)


def available() -> bool:
    return bool(pg_tool("initdb") and pg_tool("pg_ctl") and shutil.which("runuser"))


@contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster owned by ``postgres`` in a temporary folder; yields its URL without a database."""
    initdb, pg_ctl = pg_tool("initdb"), pg_tool("pg_ctl")
    data = Path(tempfile.mkdtemp(prefix="tl-pg-"))
    shutil.chown(data, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    as_pg = ["runuser", "-u", "postgres", "--"]
    try:
        subprocess.run([*as_pg, initdb, "-D", str(data / "db"), "-A", "trust", "-U", "postgres"], check=True,
                       capture_output=True, timeout=120)
        subprocess.run([*as_pg, pg_ctl, "-D", str(data / "db"), "-w", "-l", str(data / "log"), "-o",
                        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"],
                       check=True, capture_output=True, timeout=120)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_pg, pg_ctl, "-D", str(data / "db"), "-m", "immediate", "stop"], capture_output=True,
                       timeout=60)
        shutil.rmtree(data, ignore_errors=True)


def create_database(server: str, name: str) -> str:
    """A fresh, empty database on ``server``; returns its URL."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return f"{server}/{name}"
