"""The store on a real PostgreSQL server (a throwaway cluster started for the test)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
import sqlalchemy

from netmodel.manager import NetworkManager, parse_intents
from netmodel.store import Store

PG_BIN = Path("/usr/lib/postgresql")


def _pg_tool(name: str) -> str | None:
    found = sorted(PG_BIN.glob(f"*/bin/{name}"))
    return str(found[-1]) if found else shutil.which(name)


@pytest.fixture(scope="module")
def pg_url():
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    if not (initdb and pg_ctl and shutil.which("runuser")):
        pytest.skip("PostgreSQL server binaries are not installed")
    data = Path(tempfile.mkdtemp(prefix="tl-pg-"))
    shutil.chown(data, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    as_pg = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_pg, initdb, "-D", str(data / "db"), "-A", "trust", "-U", "postgres"], check=True,
                   capture_output=True, timeout=120)
    subprocess.run([*as_pg, pg_ctl, "-D", str(data / "db"), "-w", "-l", str(data / "log"), "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True,
                   timeout=120)
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    subprocess.run([*as_pg, pg_ctl, "-D", str(data / "db"), "-m", "immediate", "stop"], capture_output=True, timeout=60)
    shutil.rmtree(data, ignore_errors=True)


def test_apply_rollback_and_append_only_audit_on_postgres(pg_url):
    m = NetworkManager(Store(pg_url))
    m.apply(parse_intents({"kind": "slice.create", "service": "embb", "sites": ["stadium"], "name": "pg-fans"}))
    m.apply(parse_intents({"kind": "sdn.route", "src": "campus", "dst": "cloud-dc"}))
    m.rollback()
    m.close()
    again = Store(pg_url)  # a second connection sees the same running state
    version, running = again.running()
    assert version == 3 and set(running.slices) == {"pg-fans"} and not running.routes
    with pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"):
        with again.engine.begin() as conn:
            conn.execute(sqlalchemy.text("DELETE FROM audit_log"))
    assert [a.action for a in again.audit(3)] == ["rollback", "commit", "commit"]
