"""The HTTP API over a real store, the real hub agent and real tokens (served in-process through httpx;
``tests/test_concurrency.py`` hammers a uvicorn server, ``tests/test_console.py`` drives a browser)."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.security import RateLimit

SLICE = {"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 1500, "name": "fans"}
BLOCK = {"kind": "sdn.block", "src": "campus", "dst": "cloud-dc", "protocol": "tcp", "port": 23}


@pytest.fixture
def client(manager, api):
    return api(manager)


def test_ir_through_the_agent_is_planned_applied_and_assured(client, manager):
    r = client.post("/intents", json={"intents": [SLICE], "dry_run": True})
    assert r.status_code == 200 and r.json()["status"] == "planned" and manager.store.active_version() is None
    assert any("fans" in line for line in r.json()["result"]["plan"]["diff"])
    r = client.post("/intents", json={"intents": [SLICE]})
    run = r.json()
    assert r.status_code == 200 and run["status"] == "assured", r.text
    assert [s["step"] for s in run["steps"]] == ["plan", "policy", "approve", "apply", "assure"]
    assert set(client.get("/policies").json()["policies"]["slices"]) == {"fans"}
    trace = client.get(f"/runs/{run['run_id']}").json()
    assert trace["steps"] == run["steps"] and trace["actor"] == "test-operator"
    assert [a["actor"] for a in client.get("/audit", params={"action": "commit"}).json()] == ["test-operator"]
    path = client.post("/query", json={"kind": "query", "topic": "path", "target": "stadium", "dst": "cloud-dc"}).json()
    assert path["path"][0] == "stadium" and path["bottleneck_free_mbps"] == 500
    assert client.post("/policies/rollback", json={}).json()["version"] == 2
    assert client.get("/policies").json()["policies"]["slices"] == {}
    assert client.get("/health").json()["ok"] is True


def test_a_wide_change_waits_for_a_person_and_is_applied_on_approval(client, manager, api):
    wide = {"kind": "sdn.block", "src": "role:site", "dst": "cloud-dc", "protocol": "tcp", "port": 23}
    r = client.post("/intents", json={"intents": [wide]})
    run = r.json()
    assert r.status_code == 202 and run["status"] == "waiting" and run["waiting_for"]["readback"]
    assert manager.store.active_version() is None
    assert [w["run_id"] for w in client.get("/approvals").json()] == [run["run_id"]]
    viewer = api(manager, "viewer")
    denied = viewer.post(f"/approvals/{run['run_id']}", json={"approve": True})
    assert denied.status_code == 403 and denied.json()["type"] == "/problems/forbidden"
    r = client.post(f"/approvals/{run['run_id']}", json={"approve": True})
    assert r.status_code == 200 and r.json()["status"] == "assured" and manager.running.acls
    again = client.post(f"/approvals/{run['run_id']}", json={"approve": False})
    assert again.status_code == 409 and again.json()["code"] == "not_waiting"
    assert client.get("/approvals").json() == []


@pytest.mark.parametrize("body,status,code", [
    ({"intents": [{**SLICE, "bandwidth_mbps": 5000}]}, 409, "admission_refused"),
    ({"intents": [{**SLICE, "sites": ["stadum"]}]}, 422, "unknown_entity"),
    ({"intents": [{"kind": "slice.modify", "name": "nope", "bandwidth_mbps": 3}]}, 422, "unknown_entity"),
    ({"intents": [{"kind": "ztn.policy", "trigger": {"event": "anomaly", "scope": ["all"]}, "action": "isolate",
                   "mode": "auto"}]}, 409, "conflict"),
    ({"intents": [{**SLICE, "bandwidth_mbps": -1}]}, 422, "invalid"),
    ({"intents": []}, 422, "invalid"),
    ({"text": "x", "intents": [SLICE]}, 422, "invalid"),
    ({}, 422, "invalid"),
])
def test_refusals_are_problems_with_a_stable_type_and_change_nothing(client, manager, body, status, code):
    r = client.post("/intents", json=body)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json", r.text
    p = r.json()
    assert p["type"] == f"/problems/{code}" and p["code"] == code and p["status"] == status and p["detail"]
    assert p["instance"] == "/intents"
    assert manager.store.active_version() is None


@pytest.mark.parametrize("method,path,status", [
    ("get", "/policies", 401), ("get", "/nothing-here", 404), ("put", "/intents", 405), ("get", "/runs/run-0000", 404),
    ("get", "/learn/jobs/none", 404), ("get", "/runs/../../etc", 404),
])
def test_every_error_is_a_problem_and_never_a_traceback(manager, method, path, status):
    with TestClient(create_app(manager)) as anonymous:
        token = manager.store.create_token("v", "viewer")
        headers = {} if status == 401 else {"Authorization": f"Bearer {token}"}
        r = getattr(anonymous, method)(path, headers=headers)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == status and "Traceback" not in r.text


def test_roles_tokens_and_revocation(manager, api):
    admin, viewer = api(manager, "admin"), api(manager, "viewer")
    assert viewer.get("/policies").status_code == 200 and viewer.get("/me").json()["role"] == "viewer"
    r = viewer.post("/intents", json={"intents": [BLOCK]})
    assert r.status_code == 403 and "operator" in r.json()["detail"]
    assert viewer.get("/tokens").status_code == 403
    made = admin.post("/tokens", json={"owner": "alice", "role": "operator"})
    assert made.status_code == 201 and made.json()["token"].startswith("tl_")
    alice = TestClient(admin.app, headers={"Authorization": f"Bearer {made.json()['token']}"})
    assert alice.post("/intents", json={"intents": [BLOCK]}).json()["actor"] == "alice"
    assert admin.delete(f"/tokens/{made.json()['id']}").status_code == 200
    r = alice.get("/policies")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert {t["owner"]: t["revoked_at"] is not None for t in admin.get("/tokens").json()}["alice"] is True
    bad = TestClient(admin.app, headers={"Authorization": "Bearer tl_deadbeef_nope"})
    assert bad.get("/policies").status_code == 401
    assert not any(row.digest in made.text for row in manager.store.tokens())  # only hashes are stored


def test_an_idempotency_key_applies_a_retried_request_once(client, manager):
    headers = {"Idempotency-Key": "order-42"}
    first = client.post("/intents", json={"intents": [BLOCK]}, headers=headers)
    again = client.post("/intents", json={"intents": [BLOCK]}, headers=headers)
    assert first.status_code == again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json() and len(manager.store.versions(10)) == 1
    other = client.post("/intents", json={"intents": [{**BLOCK, "port": 22}]}, headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_mismatch"
    refused = {"intents": [{**SLICE, "bandwidth_mbps": 5000}]}
    r1 = client.post("/policies/commit", json=refused, headers={"Idempotency-Key": "k2"})
    r2 = client.post("/policies/commit", json=refused, headers={"Idempotency-Key": "k2"})
    assert r1.status_code == r2.status_code == 409 and r2.json() == r1.json()


def test_changes_are_rate_limited_per_token(manager, api):
    fast = api(manager, rate=RateLimit(per_minute=60, burst=2))
    other = TestClient(fast.app, headers={"Authorization": f"Bearer {manager.store.create_token('b', 'operator')}"})
    codes = [fast.post("/policies/commit", json={"intents": [{**BLOCK, "port": p}], "dry_run": True}).status_code
             for p in range(3)]
    assert codes == [200, 200, 429]
    r = fast.post("/policies/commit", json={"intents": [BLOCK], "dry_run": True})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1 and r.json()["type"] == "/problems/rate_limited"
    assert fast.get("/policies").status_code == 200  # reads are not limited
    assert other.post("/policies/commit", json={"intents": [BLOCK], "dry_run": True}).status_code == 200


def test_cors_is_closed_unless_origins_are_configured(manager, monkeypatch):
    asked = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    with TestClient(create_app(manager)) as c:
        assert "access-control-allow-origin" not in c.options("/intents", headers=asked).headers
    monkeypatch.setenv("TINYLARGE_CORS_ORIGINS", "https://noc.example")
    with TestClient(create_app(manager)) as c:
        ok = c.options("/intents", headers={**asked, "Origin": "https://noc.example"})
        assert ok.headers["access-control-allow-origin"] == "https://noc.example"
        assert "access-control-allow-origin" not in c.options("/intents", headers=asked).headers


def test_steps_stream_as_server_sent_events(client):
    with client.stream("POST", "/intents", json={"intents": [BLOCK]}, headers={"Accept": "text/event-stream"}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = [json.loads(line[5:]) if line.startswith("data:") else line.split(":", 1)[1].strip()
                  for line in r.iter_lines() if line.startswith(("event:", "data:"))]
    kinds, data = events[0::2], events[1::2]
    assert kinds == ["step"] * 5 + ["run"] and [d["step"] for d in data[:5]] == ["plan", "policy", "approve", "apply",
                                                                                 "assure"]
    run = data[-1]
    assert run["status"] == "assured"
    with client.stream("GET", f"/runs/{run['run_id']}/events") as r:
        replay = [line for line in r.iter_lines() if line.startswith("event:")]
    assert replay == ["event: step"] * 5 + ["event: run"]


def test_topology_carries_slices_routes_and_down_links(client, manager):
    client.post("/intents", json={"intents": [SLICE]})
    manager.g.edges["gnb-8", "smart-farm"]["up"] = False
    topo = client.get("/topology").json()
    fans = topo["slices"]["fans"][0]
    crossed = {(link["source"], link["target"]) for link in topo["links"] if "fans" in link["slices"]}
    assert len(crossed) == len(fans) - 1 and all(link["reserved_mbps"] >= 1500 for link in topo["links"]
                                                  if "fans" in link["slices"])
    assert [(link["source"], link["target"]) for link in topo["links"] if not link["up"]] == [("gnb-8", "smart-farm")]
    tel = client.get("/telemetry").json()
    assert tel["source"] == "snapshot" and len(tel["links"]) == len(topo["links"])


def test_the_loop_runs_in_the_server_and_only_an_admin_flips_the_kill_switch(client, manager, api):
    import time

    r = client.post("/loop/start", json={"scenario": "ddos", "ticks": 30, "tick_s": 0, "fault_at": 2, "duration": 20})
    assert r.status_code == 200 and r.json()["running"]
    assert client.post("/loop/start", json={}).json()["code"] == "busy"
    for _ in range(200):
        state = client.get("/loop").json()
        if not state["running"]:
            break
        time.sleep(0.1)
    assert not state["running"] and any(a["action"] == "rate_limit" and a["status"] in ("confirmed", "withdrawn")
                                        for a in state["actions"]), state
    assert any(a["kind"] == "ddos" for a in client.get("/alarms").json())
    assert client.post("/loop/kill", json={"on": True}).status_code == 403
    admin = api(manager, "admin")
    assert admin.post("/loop/kill", json={"on": True, "reason": "drill"}).json()["killed"] is True
    assert manager.store.loop_killed() and manager.store.audit(5, action="loop_kill")[0].actor == "test-admin"


def test_metrics_are_prometheus_text(client, manager):
    client.post("/intents", json={"intents": [BLOCK]})
    client.post("/policies/rollback", json={})
    text = client.get("/metrics").text
    assert 'tinylarge_http_requests_total{method="POST",route="/intents",status="200"} 1.0' in text
    assert "tinylarge_commits_total 1.0" in text and "tinylarge_rollbacks_total 1.0" in text
    assert "tinylarge_alarms_open 0.0" in text and "tinylarge_http_request_seconds_bucket" in text


def test_the_openapi_document_describes_every_body(client):
    doc = client.get("/openapi.json").json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            ok = op["responses"].get("200") or op["responses"].get("201") or op["responses"].get("202")
            assert ok, (method, path)
            if path != "/metrics" and not path.endswith("/events"):
                assert ok["content"]["application/json"]["schema"] != {}, (method, path)
    assert doc["paths"]["/translate"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TranslateRecord"}


def test_tinylarge_serve_starts_the_api_and_the_console(tmp_path):
    import os
    import socket
    import subprocess
    import time

    import httpx

    from tests.test_cli import EXE

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.Popen([EXE, "serve", "--port", str(port), "--db", str(tmp_path / "serve.db")], text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "200"})
    try:
        for _ in range(300):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health.json()["ok"] is True
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200 and "TinyLarge console" in page.text
        assert httpx.get(f"http://127.0.0.1:{port}/console/vendor/cytoscape.min.js").status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/policies").status_code == 401
    finally:
        p.terminate()
        out, _ = p.communicate(timeout=20)
    assert "no API token exists yet" in out and f"http://127.0.0.1:{port}/" in out


def test_two_approvals_of_one_plan_apply_it_once(client, manager):
    from concurrent.futures import ThreadPoolExecutor

    wide = {"kind": "sdn.block", "src": "role:site", "dst": "cloud-dc", "protocol": "tcp", "port": 23}
    run = client.post("/intents", json={"intents": [wide]}).json()
    assert run["status"] == "waiting"
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda approve: client.post(f"/approvals/{run['run_id']}", json={"approve": approve}),
                                [True, True]))
    assert sorted(r.status_code for r in answers) == [200, 409], [r.text for r in answers]
    assert len(manager.store.versions(10)) == 1 and manager.store.runs(1)[0].status == "assured"
