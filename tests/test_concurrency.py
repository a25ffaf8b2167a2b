"""Concurrent writers: threads through the manager and the HTTP API, processes through the CLI,
on SQLite and on PostgreSQL. Every success must be in the version it was told, with its own
objects; every refusal changed nothing; versions form one line with one active version and one
audit entry per commit, credited to the writer that made it."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.api import create_app
from app.api.security import RateLimit
from netmodel.errors import Conflict
from netmodel.manager import NetworkManager, parse_intents
from netmodel.policy import PolicySet
from netmodel.store import Store

SITES = ["campus", "stadium", "port", "smart-farm", "hospital-1", "hospital-2", "factory-1", "factory-2"]
EXE = shutil.which("tinylarge", path=str(Path(sys.executable).parent)) or "tinylarge"


def block(n: int) -> dict:
    """A distinct one-device rule per ``n``: it cannot merge with, shadow or contradict another."""
    return {"kind": "sdn.block", "src": SITES[n % len(SITES)], "dst": "cloud-dc", "protocol": "tcp", "port": 1000 + n}


def check_history(store: Store, successes: list[tuple[int, list[str], str | None]], *,
                  rollbacks: bool = False) -> None:
    """``successes``: (version, intent ids, actor or None) for every apply that said it committed."""
    versions = sorted(store.versions(limit=100_000), key=lambda v: v.id)
    assert [v.id for v in versions] == list(range(1, len(versions) + 1)), "version ids have gaps"
    assert [v.parent_id for v in versions] == [None, *range(1, len(versions))], "the history forked"
    assert [v.id for v in versions if v.active] == [versions[-1].id], "not exactly one active version"
    entries = [a for a in store.audit(limit=100_000) if a.action in ("commit", "rollback")]
    assert sorted(a.version_id for a in entries) == [v.id for v in versions], "not one audit entry per version"
    by_version = {a.version_id: a for a in entries}
    assert len({v for v, _, _ in successes}) == len(successes), "two writers were told the same version"
    sets = {v.id: PolicySet.model_validate_json(v.policies) for v in versions}
    final = sets[versions[-1].id]
    rows = {i.id: i for i in store.intents(limit=100_000)}
    for version, ids, actor in successes:
        owners = {o.intent_id for _, o in sets[version].objects()}
        assert set(ids) <= owners, f"version {version} lacks the change it was reported with"
        assert by_version[version].detail["intents"] == ids
        if actor is not None:
            assert by_version[version].actor == actor
        assert {rows[i].version_id for i in ids} == {version} and {rows[i].status for i in ids} == {"applied"}
        if not rollbacks:
            assert set(ids) <= {o.intent_id for _, o in final.objects()}, f"version {version}'s change was lost"
    ever = {o.intent_id for ps in sets.values() for _, o in ps.objects()}
    for row in rows.values():
        if row.status == "refused":
            assert row.version_id is None and row.id not in ever, "a refused intent reached a version"


def test_threads_through_the_manager(store):
    m = NetworkManager(store)
    threads, per_thread = 8, 5

    def writer(t: int) -> list[tuple[int, list[str], str]]:
        out = []
        for k in range(per_thread):
            r = m.apply(parse_intents(block(t * per_thread + k)), actor=f"writer-{t}")
            assert r.status == "applied"
            out.append((r.version, r.intent_ids, f"writer-{t}"))
        return out

    with ThreadPoolExecutor(threads) as pool:
        successes = [s for part in pool.map(writer, range(threads)) for s in part]
    m.close()
    assert len(successes) == threads * per_thread
    check_history(store, successes)


def test_a_conditional_apply_is_refused_whole_when_the_version_moved(store):
    m = NetworkManager(store)
    m.apply(parse_intents(block(0)))
    base = store.running()[0]
    barrier = threading.Barrier(6)

    def writer(n: int) -> tuple[int, list[str], str] | None:
        barrier.wait()
        try:
            r = m.apply(parse_intents(block(n)), base_version=base, actor=f"w{n}")
        except Conflict as e:
            assert "no longer running" in e.message or "moved" in e.message
            return None
        return (r.version, r.intent_ids, f"w{n}")

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(writer, range(1, 7)))
    m.close()
    successes = [r for r in results if r]
    assert len(successes) == 1 and successes[0][0] == base + 1  # exactly one writer saw its version still running
    check_history(store, [(1, [i.id for i in store.intents() if i.version_id == 1], None), *successes])


def test_threads_with_rollbacks_keep_one_line_of_versions(store):
    m = NetworkManager(store)

    def writer(t: int) -> list[tuple[int, list[str], str]]:
        out = []
        for k in range(4):
            if k == 2:
                m.rollback(actor=f"writer-{t}")
                continue
            r = m.apply(parse_intents(block(t * 4 + k)), actor=f"writer-{t}")
            out.append((r.version, r.intent_ids, f"writer-{t}"))
        return out

    with ThreadPoolExecutor(6) as pool:
        successes = [s for part in pool.map(writer, range(6)) for s in part]
    m.close()
    check_history(store, successes, rollbacks=True)
    assert len([a for a in store.audit(limit=1000) if a.action == "rollback"]) == 6


@pytest.fixture
def live_api(manager, serve):
    return serve(create_app(manager, rate=RateLimit(per_minute=1e9, burst=10**9)))


def test_concurrent_api_writers_lose_nothing(live_api, manager):
    """20 operators, each with a token of their own, send 10 changes each through HTTP at once,
    every 5th a rollback: no 5xx, every 2xx commit is in the history, versions are one line and the
    audit has one entry per version, each naming the token's owner."""
    clients, per_client = 20, 10
    tokens = [manager.store.create_token(f"op{c}", "operator") for c in range(clients)]

    def client(c: int) -> list[tuple[int, list[str], str]]:
        out = []
        with httpx.Client(base_url=live_api, timeout=120, headers={"Authorization": f"Bearer {tokens[c]}"}) as http:
            for k in range(per_client):
                if k % 5 == 4:
                    r = http.post("/policies/rollback", json={})
                    assert r.status_code in (200, 409), r.text  # 409: nothing earlier to restore yet
                    continue
                r = http.post("/policies/commit", json={"intents": [block(c * per_client + k)],
                                                        "text": f"client {c} #{k}"})
                assert r.status_code == 200, r.text
                body = r.json()
                assert body["status"] == "applied"
                out.append((body["version"], body["intent_ids"], f"op{c}"))
        return out

    with ThreadPoolExecutor(clients) as pool:
        successes = [s for part in pool.map(client, range(clients)) for s in part]
    assert len(successes) == clients * per_client * 4 // 5
    check_history(manager.store, successes, rollbacks=True)
    rollbacks = manager.store.audit(limit=1000, action="rollback")
    assert rollbacks and {a.actor for a in rollbacks} <= {f"op{c}" for c in range(clients)}
    texts = {r.request_id: manager.store.request(r.request_id).text for r in manager.store.intents(limit=1000)}
    assert len(set(texts.values())) == len(successes)  # each request's words kept once, with its own intents


def test_concurrent_agent_runs_over_http_and_a_conflict_is_a_409_problem(live_api, manager):
    """Operators send IR through the hub agent at once: every run ends assured, on one line of
    versions; two slices that cannot both fit get one 200 and one 409 admission_refused problem."""
    tokens = [manager.store.create_token(f"agent{c}", "operator") for c in range(6)]

    def send(c: int, body: dict) -> httpx.Response:
        with httpx.Client(base_url=live_api, timeout=300, headers={"Authorization": f"Bearer {tokens[c]}"}) as http:
            return http.post("/intents", json=body)

    with ThreadPoolExecutor(6) as pool:
        runs = list(pool.map(lambda c: send(c, {"intents": [block(500 + c)]}), range(6)))
    assert all(r.status_code == 200 and r.json()["status"] == "assured" for r in runs), [r.text[:300] for r in runs]
    assert len(manager.store.versions(100)) == 6 and manager.running.acls.keys() >= {
        k for r in runs for k in r.json()["result"]["outcome"]["produced"].values() for k in k}
    big = [{"intents": [{"kind": "slice.create", "name": f"big{c}", "service": "embb", "sites": ["stadium"],
                         "bandwidth_mbps": 1500}]} for c in range(2)]
    with ThreadPoolExecutor(2) as pool:
        both = list(pool.map(lambda c: send(c, big[c]), range(2)))
    assert sorted(r.status_code for r in both) == [200, 409], [r.text for r in both]
    refused = next(r for r in both if r.status_code == 409)
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "/problems/admission_refused" and refused.json()["run_id"].startswith("run-")


APPLIED = re.compile(r"applied \(version (\d+); intents ([\w\-, ]+)\)")


def _cli_writers(db: str, tmp_path: Path, processes: int = 4, per_process: int = 4) -> list[tuple[int, list[str], None]]:
    def worker(p: int) -> list[tuple[int, list[str], None]]:
        out = []
        for k in range(per_process):
            f = tmp_path / f"p{p}-{k}.json"
            f.write_text(json.dumps(block(p * per_process + k)))
            run = subprocess.run([EXE, "intent", "apply", str(f), "--db", db], capture_output=True, text=True,
                                 timeout=180, env={**os.environ, "COLUMNS": "200"})
            assert run.returncode == 0, run.stderr
            m = APPLIED.search(run.stdout)
            assert m, run.stdout
            out.append((int(m.group(1)), m.group(2).split(", "), None))
        return out

    Store.open(db).versions()  # created once, before the writers race
    with ThreadPoolExecutor(processes) as pool:
        return [s for part in pool.map(worker, range(processes)) for s in part]


def test_cli_processes_on_one_sqlite_file(tmp_path):
    db = str(tmp_path / "shared.db")
    successes = _cli_writers(db, tmp_path)
    store = Store.open(db)
    check_history(store, successes)
    assert len(store.running()[1].acls) == 16
    version, _ = store.running()
    shown = subprocess.run([EXE, "policies", "show", "--db", db], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "COLUMNS": "200"})
    assert f"version {version}:" in shown.stdout  # shows the last commit, not an older version


def test_cli_processes_on_postgres(pg_url, tmp_path):
    successes = _cli_writers(pg_url, tmp_path)
    store = Store(pg_url)
    check_history(store, successes)
    assert len(store.running()[1].acls) == 16


def test_agents_of_separate_processes_never_roll_back_each_others_changes(tmp_path):
    """Hub agents on separate managers (as in separate processes: no shared lock) over one store:
    a commit on top of another run's pending one confirms it, and every run still ends assured with
    its own change in force; none rolls back a version another committed."""
    from agents.hub import HubAgent

    db = tmp_path / "shared.db"
    Store.at(db).versions()
    hubs = [HubAgent.for_ir(NetworkManager(Store.at(db))) for _ in range(4)]

    def run(h: int) -> list[dict]:
        return [hubs[h].ask(intents=[block(700 + h * 3 + k)], actor=f"p{h}") for k in range(3)]

    with ThreadPoolExecutor(4) as pool:
        states = [s for part in pool.map(run, range(4)) for s in part]
    assert [s["status"] for s in states] == ["assured"] * 12, [s.get("assurance") for s in states]
    store = Store.at(db)
    assert not store.audit(1000, action="rollback") and len(NetworkManager(store).running.acls) == 12
