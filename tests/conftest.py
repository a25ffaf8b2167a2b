"""Shared fixtures: paths to the read-only shared material, fresh stores, the metro6g twin."""
from __future__ import annotations

import json
import os
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
