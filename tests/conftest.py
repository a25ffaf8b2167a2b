"""Shared fixtures: paths to the read-only shared material, fresh stores, the metro6g twin."""
from __future__ import annotations

import atexit
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path

import pgcluster
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# every test process and the commands it runs keep their state (knowledge index, model registry,
# models deployed to node agents) in one fresh home, never the developer's
os.environ["TINYLARGE_HOME"] = tempfile.mkdtemp(prefix="tinylarge-test-home-")
atexit.register(shutil.rmtree, os.environ["TINYLARGE_HOME"], True)


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
def api():
    """``api(manager, role)``: an in-process client of the real app holding a real ``role`` token of
    that store (no rate limit unless ``rate`` is given); closed after the test."""
    from fastapi.testclient import TestClient

    from app.api import create_app
    from app.api.security import RateLimit

    clients = []

    def make(manager, role: str = "operator", rate=None, raise_server_exceptions: bool = True, **kw):
        token = manager.store.create_token(f"test-{role}", role)
        app = create_app(manager, rate=rate or RateLimit(per_minute=1e9, burst=10**9), **kw)
        client = TestClient(app, headers={"Authorization": f"Bearer {token}"},
                            raise_server_exceptions=raise_server_exceptions)
        clients.append(client.__enter__())
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def metro():
    from netmodel.twin import load_topology

    return load_topology()


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster (``make test`` installs the server when it runs as root)."""
    if not pgcluster.available():
        pytest.skip("PostgreSQL server binaries are not installed (make test installs them when run as root)")
    with pgcluster.cluster() as url:
        yield url


_databases = itertools.count()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the throwaway cluster."""
    return pgcluster.create_database(pg_server, f"tl{os.getpid()}_{next(_databases)}")


@pytest.fixture(scope="module")
def serve():
    """``serve(app)`` runs an ASGI app under uvicorn on a free loopback port and returns its base URL
    (servers stop with the module, so a module-scoped fixture can keep one)."""
    import socket
    import threading
    import time

    import uvicorn

    servers = []

    def start(app) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)
