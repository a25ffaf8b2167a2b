"""Shared fixtures: paths to the read-only shared material, fresh stores, the metro6g twin."""
from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def dev_records(shared: Path) -> list[dict]:
    return read_jsonl(shared / "datasets/intents/dev.jsonl")


@pytest.fixture
def store(tmp_path):
    from netmodel.store import Store

    return Store.at(tmp_path / "store.db")


@pytest.fixture
def manager(store):
    from netmodel.manager import NetworkManager

    m = NetworkManager(store)
    yield m
    m.close()


@pytest.fixture
def metro():
    from netmodel.twin import load_topology

    return load_topology()


PG_BIN = Path("/usr/lib/postgresql")


def _pg_tool(name: str) -> str | None:
    found = sorted(PG_BIN.glob(f"*/bin/{name}"))
    return str(found[-1]) if found else shutil.which(name)


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster on 127.0.0.1 (``make test`` installs the server as root)."""
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    if not (initdb and pg_ctl and shutil.which("runuser")):
        pytest.skip("PostgreSQL server binaries are not installed (make test installs them when run as root)")
    data = Path(tempfile.mkdtemp(prefix="tl-pg-"))
    shutil.chown(data, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    as_pg = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_pg, initdb, "-D", str(data / "db"), "-A", "trust", "-U", "postgres"], check=True,
                   capture_output=True, timeout=120)
    subprocess.run([*as_pg, pg_ctl, "-D", str(data / "db"), "-w", "-l", str(data / "log"), "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"],
                   check=True, capture_output=True, timeout=120)
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    subprocess.run([*as_pg, pg_ctl, "-D", str(data / "db"), "-m", "immediate", "stop"], capture_output=True, timeout=60)
    shutil.rmtree(data, ignore_errors=True)


_databases = itertools.count()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the throwaway cluster."""
    import sqlalchemy

    name = f"tl{os.getpid()}_{next(_databases)}"
    engine = sqlalchemy.create_engine(f"{pg_server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return f"{pg_server}/{name}"
