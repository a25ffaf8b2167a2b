"""The HTTP API over a real store (FastAPI app served in-process through httpx)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from server import create_app


@pytest.fixture
def client(manager):
    with TestClient(create_app(manager)) as c:
        yield c


SLICE = {"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 1500, "name": "fans"}


def test_apply_query_rollback_and_audit(client):
    r = client.post("/intents", json={"intents": [SLICE], "text": "stadium slice", "dry_run": True})
    assert r.status_code == 200 and r.json()["status"] == "dry_run" and client.get("/policies").json()["version"] is None
    r = client.post("/intents", json={"intents": [SLICE, {"kind": "sdn.route", "src": "campus", "dst": "cloud-dc"}]})
    assert r.status_code == 200 and r.json()["version"] == 1
    assert set(client.get("/policies").json()["policies"]["slices"]) == {"fans"}
    path = client.post("/query", json={"kind": "query", "topic": "path", "target": "stadium", "dst": "cloud-dc"}).json()
    assert path["path"][0] == "stadium" and path["bottleneck_free_mbps"] == 500
    slices = client.post("/query", json={"kind": "query", "topic": "slices", "target": "role:site"}).json()
    assert [s["name"] for s in slices["slices"]] == ["fans"]
    assert client.post("/policies/rollback", json={}).json()["version"] == 2
    assert client.get("/policies").json()["policies"]["slices"] == {}
    assert [a["action"] for a in client.get("/audit").json()][:3] == ["rollback", "commit", "dry_run"]
    assert client.get("/health").json()["ok"] is True


@pytest.mark.parametrize("body,status,code", [
    ({"intents": [{**SLICE, "bandwidth_mbps": 5000}]}, 409, "admission_refused"),
    ({"intents": [{**SLICE, "sites": ["stadum"]}]}, 422, "unknown_entity"),
    ({"intents": [{"kind": "slice.modify", "name": "nope", "bandwidth_mbps": 3}]}, 422, "unknown_entity"),
    ({"intents": [{"kind": "ztn.policy", "trigger": {"event": "anomaly", "scope": ["all"]}, "action": "isolate",
                   "mode": "auto"}]}, 409, "conflict"),
    ({"intents": [{**SLICE, "bandwidth_mbps": -1}]}, 422, None),
    ({"intents": []}, 422, None),
    ({"intents": [{"kind": "query", "topic": "slices"}]}, 422, "invalid"),
])
def test_refusals_are_typed_and_change_nothing(client, body, status, code):
    r = client.post("/intents", json=body)
    assert r.status_code == status
    if code:
        assert r.json()["code"] == code and r.json()["message"]
    assert client.get("/policies").json()["version"] is None


def test_malformed_json_body(client):
    r = client.post("/intents", content=b"{oops", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_alarms_the_loop_raised_are_served(client, manager):
    first = manager.store.raise_alarm("factory-1", "ddos", 0.97, 6, {"syn_ratio": 0.8})
    manager.store.raise_alarm("stadium", "link_down", 1.0, 7, {"subject": "slices/fans"})
    manager.store.clear_alarm(first, 12)
    every = client.get("/alarms").json()
    assert [(a["node"], a["kind"], a["cleared_tick"]) for a in every] == [("stadium", "link_down", None),
                                                                          ("factory-1", "ddos", 12)]
    assert every[1]["evidence"] == {"syn_ratio": 0.8}
    assert [a["node"] for a in client.get("/alarms", params={"open_only": True}).json()] == ["stadium"]
    assert client.get("/alarms", params={"limit": 0}).status_code == 422
