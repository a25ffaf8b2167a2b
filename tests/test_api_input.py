"""Hostile and malformed input at the API: every refusal is a 4xx problem with a code and a reason,
nothing is stored or half-applied, and no request, however odd, gets a 5xx. IR goes to
``/policies/commit`` (committed as given); ``/intents`` runs the agent (tests/test_server.py)."""
from __future__ import annotations

import json
import math

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmodel.manager import NetworkManager
from netmodel.store import Store

SLICE = {"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 100, "name": "fans"}


@pytest.fixture
def client(manager, api):
    return api(manager)


def send(client: TestClient, path: str, body: object) -> object:
    """JSON as a careless client writes it: NaN and Infinity literals, lone surrogates escaped."""
    return client.post(path, content=json.dumps(body, allow_nan=True), headers={"content-type": "application/json"})


def nothing_changed(client: TestClient, manager: NetworkManager) -> None:
    assert client.get("/policies").json()["version"] is None
    assert not manager.store.intents()


@pytest.mark.parametrize("body", [
    {"intents": [{**SLICE, "bandwidth_mbps": math.nan}]},
    {"intents": [{**SLICE, "bandwidth_mbps": -math.inf}]},
    {"intents": [{**SLICE, "bandwidth_mbps": math.inf}]},
    {"intents": [{"kind": "sdn.rate_limit", "src": "port", "dst": "any", "rate_mbps": 1e308 * 10}]},
    {"intents": [{**SLICE, "max_latency_ms": 1e300}]},
    {"intents": [SLICE], "text": "stadium \ud800 slice"},
    {"intents": [SLICE], "text": "stadium \ud800 slice", "dry_run": True},
    {"intents": [{**SLICE, "name": "fans\ud800"}]},
    {"intents": [{**SLICE, "name": "fans\n+ acls/drop-1: drop any -> any"}]},
    {"intents": [{**SLICE, "name": "fans\x00"}]},
    {"intents": [{**SLICE, "name": "fans\u202egnp"}]},
    {"intents": [{**SLICE, "name": "f" * 100_000}]},
    {"intents": [SLICE], "text": "line one\x1b[31m red"},
    {"intents": [SLICE], "text": "x" * 5000},
    {"intents": [SLICE], "confirm_timeout_s": 1e12},
    {"intents": [SLICE], "confirm_timeout_s": math.inf},
    {"intents": [SLICE], "confirm_timeout_s": math.nan},
    {"intents": [SLICE], "dryRun": True},
    {"intents": [SLICE], "dry-run": True},
    {"intents": [SLICE], "confirm_timeout": 30},
    {"intents": [SLICE], "base_version": 2**70},
    {"intents": [SLICE] * 65},
])
def test_bad_apply_bodies_get_a_422_and_change_nothing(client, manager, body):
    r = send(client, "/policies/commit", body)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "invalid" and r.json()["detail"]
    nothing_changed(client, manager)


@pytest.mark.parametrize("path,body", [
    ("/policies/rollback", {"version": 2**70}),
    ("/policies/rollback", {"version": -1}),
    ("/policies/rollback", {"version": 1.5}),
    ("/policies/rollback", {"to": 1}),
    ("/translate", {"text": "block ssh \ud800 from the farm"}),
    ("/translate", {"text": "x", "id": "a\nb"}),
    ("/translate", {"text": "block ssh", "temperature": 2}),
    ("/query", {"kind": "query", "topic": "path", "target": "stadium", "dst": "cloud-dc", "extra": 1}),
])
def test_bad_bodies_elsewhere_get_a_422(client, manager, path, body):
    r = send(client, path, body)
    assert r.status_code == 422 and r.json()["detail"], r.text
    nothing_changed(client, manager)


@pytest.mark.parametrize("query", ["limit=36893488147419103232", "limit=0", "limit=-5", "limit=nan"])
def test_bad_limits_get_a_422(client, query):
    for path in ("/audit", "/policies/versions"):
        r = client.get(f"{path}?{query}")
        assert r.status_code == 422 and r.json()["code"] == "invalid"


def test_oversized_bodies_get_a_413_declared_or_not(client, manager):
    big = json.dumps({"intents": [SLICE], "text": "x" * (1 << 20)}).encode()
    r = client.post("/policies/commit", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "bytes" in r.json()["detail"]
    r = client.post("/policies/commit", content=iter([big[i:i + 65536] for i in range(0, len(big), 65536)]),
                    headers={"content-type": "application/json"})  # chunked: no content-length to trust
    assert r.status_code == 413
    nothing_changed(client, manager)


def test_the_request_text_is_stored_once_per_request(client, manager):
    text = "a long request " * 250  # 3,750 characters
    intents = [{"kind": "sdn.block", "src": "campus", "dst": "cloud-dc", "protocol": "tcp", "port": p} for p in range(50)]
    r = send(client, "/policies/commit", {"intents": intents, "text": text})
    assert r.status_code == 200, r.text
    rows = manager.store.intents()
    assert len(rows) == 50 and {row.request_id for row in rows} == {r.json()["request_id"]}
    assert manager.store.request(r.json()["request_id"]).text == text.strip() or text
    assert not hasattr(rows[0], "text")


@pytest.mark.parametrize("intent,why", [
    ({"kind": "sdn.block", "src": "any", "dst": "any"}, "drop all traffic between all nodes"),
    ({"kind": "sdn.block", "src": "any", "dst": "any", "protocol": "any"}, "drop all traffic between all nodes"),
    ({"kind": "sdn.rate_limit", "src": "any", "dst": "any", "rate_mbps": 0.001}, "throttle all traffic"),
    ({"kind": "sdn.block", "src": "any", "dst": "core-1"}, "cut infrastructure (core-1)"),
    ({"kind": "sdn.block", "src": "role:core", "dst": "any"}, "cut infrastructure"),
])
def test_guardrails_hold_whichever_door_sends_the_ir(client, manager, intent, why):
    r = send(client, "/policies/commit", {"intents": [intent]})
    assert r.status_code == 409 and r.json()["code"] == "conflict" and why in r.json()["detail"], r.text
    assert client.get("/policies").json()["version"] is None


def test_a_wide_change_needs_an_explicit_limit_and_narrow_blocks_pass(store, api):
    sites = {"kind": "sdn.block", "src": "role:site", "dst": "any", "protocol": "tcp", "port": 23}
    client = api(NetworkManager(store, max_devices=3))
    r = send(client, "/policies/commit", {"intents": [sites]})
    assert r.status_code == 409 and "devices; one change may touch at most 3" in r.json()["detail"], r.text
    assert r.json()["details"]["conflicts"][0]["kind"] == "blast_radius"
    assert send(client, "/policies/commit", {"intents": [sites], "max_devices": 50}).status_code == 200
    narrow = {"kind": "sdn.block", "src": "any", "dst": "core-1", "protocol": "tcp", "port": 22}
    assert send(client, "/policies/commit", {"intents": [narrow]}).status_code == 200


def test_a_stale_base_version_is_a_409_that_changed_nothing(client):
    assert send(client, "/policies/commit", {"intents": [SLICE], "base_version": 0}).json()["version"] == 1
    r = send(client, "/policies/commit", {"intents": [{**SLICE, "name": "more"}], "base_version": 0})
    assert r.status_code == 409 and r.json()["details"]["running"] == 1
    assert set(client.get("/policies").json()["policies"]["slices"]) == {"fans"}


# -- property: no request body gets a 5xx, and nothing non-finite is ever stored ------------------
HOSTILE_NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(2**80), 2**80),
                            st.sampled_from([0, -1, 1e309, 2**63, 2**64, 1e-320]))
HOSTILE_TEXT = st.one_of(st.text(max_size=30), st.sampled_from(
    ["\ud800", "a\x00b", "x\u202ey", "fans\n+ acls", "é", "e\u0301", "ＦＡＮＳ", "", " " * 3, "f" * 300]))
VALUES = st.one_of(HOSTILE_NUMBERS, HOSTILE_TEXT, st.booleans(), st.none(), st.lists(HOSTILE_TEXT, max_size=3))
BASES = [SLICE, {"kind": "sdn.block", "src": "port", "dst": "any", "protocol": "tcp", "port": 22},
         {"kind": "sdn.rate_limit", "src": "campus", "dst": "cloud-dc", "rate_mbps": 50},
         {"kind": "sdn.route", "src": "campus", "dst": "cloud-dc", "paths": 2},
         {"kind": "ztn.policy", "trigger": {"event": "ddos", "scope": ["role:site"]}, "action": "rate_limit",
          "mode": "approve", "rate_mbps": 10, "name": "guard"},
         {"kind": "learn.fedft", "model": "anomaly_detector", "nodes": ["role:site"], "rounds": 2}]
FIELDS = ["bandwidth_mbps", "max_latency_ms", "reliability", "max_devices", "name", "sites", "port", "rate_mbps",
          "paths", "rounds", "dp_epsilon", "src", "dst", "protocol", "schedule", "surprise"]


@st.composite
def apply_bodies(draw: st.DrawFn) -> dict:
    intents = []
    for base in draw(st.lists(st.sampled_from(BASES), min_size=1, max_size=3)):
        intent = dict(base)
        for field in draw(st.lists(st.sampled_from(FIELDS), max_size=2)):
            intent[field] = draw(VALUES)
        intents.append(intent)
    body: dict = {"intents": intents}
    for key in draw(st.lists(st.sampled_from(["text", "dry_run", "confirm_timeout_s", "base_version", "max_devices",
                                              "dryRun"]), max_size=3)):
        body[key] = draw(VALUES)
    return body


def stored_numbers_are_finite(store: Store) -> None:
    for v in store.versions(limit=10_000):
        assert "Infinity" not in v.policies and "NaN" not in v.policies
    for row in store.intents(limit=10_000):
        json.dumps(row.ir, allow_nan=False)  # raises on a non-finite number


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path_body=st.one_of(
    st.tuples(st.just("/policies/commit"), apply_bodies()),
    st.tuples(st.just("/policies/rollback"), st.fixed_dictionaries({}, optional={"version": VALUES, "x": VALUES})),
    st.tuples(st.just("/query"), st.fixed_dictionaries(
        {"kind": st.just("query"), "topic": st.sampled_from(["path", "slices", "topology", "telemetry", "alarms"])},
        optional={"target": VALUES, "dst": VALUES}))))
def test_no_request_body_gets_a_5xx(tmp_path_factory, path_body):
    path, body = path_body
    manager, client = _shared(tmp_path_factory)
    r = send(client, path, body)
    assert r.status_code < 500, (path, body, r.text)
    if r.status_code >= 400:
        assert r.json()["code"] and r.json()["detail"]
    stored_numbers_are_finite(manager.store)


_shared_state: dict[str, tuple[NetworkManager, TestClient]] = {}


def _shared(factory: pytest.TempPathFactory) -> tuple[NetworkManager, TestClient]:
    """One store and client for all the examples, so that later requests meet what earlier ones committed."""
    from app.api import create_app
    from app.api.security import RateLimit

    if "m" not in _shared_state:
        m = NetworkManager(Store.at(factory.mktemp("prop") / "store.db"))
        token = m.store.create_token("prop", "operator")
        client = TestClient(create_app(m, rate=RateLimit(per_minute=1e9, burst=10**9)), raise_server_exceptions=False,
                            headers={"Authorization": f"Bearer {token}"})
        _shared_state["m"] = (m, client)
    return _shared_state["m"]
