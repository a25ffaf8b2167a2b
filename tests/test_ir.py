"""The pydantic IR accepts and rejects exactly what the shared JSON schema does."""
from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from pydantic import ValidationError

from netmodel import ir


@pytest.fixture(scope="module")
def validators(shared):
    shared_schema = json.loads((shared / "spec/intent-ir.schema.json").read_text())
    ours = ir.TranslateRecord.model_json_schema()
    return (jsonschema.Draft202012Validator(shared_schema), jsonschema.Draft202012Validator(ours))


def verdicts(validators, record: dict) -> tuple[bool, bool, bool]:
    theirs, ours = validators
    try:
        ir.TranslateRecord.model_validate(record)
        pyd = True
    except ValidationError:
        pyd = False
    return theirs.is_valid(record), ours.is_valid(record), pyd


def test_every_dev_gold_record_is_accepted_by_all_three(validators, dev_records):
    for r in dev_records:
        record = {"id": r["id"], **r["gold"]}
        assert verdicts(validators, record) == (True, True, True), r["id"]


def _first(dev_records, kind):
    return next(copy.deepcopy(i) for r in dev_records for i in r["gold"]["intents"] if i["kind"] == kind)


MUTATIONS = {  # name -> (kind to start from, mutation); every one must be rejected by the shared schema
    "unknown field": ("slice.create", lambda i: i.update(colour="blue")),
    "missing required sites": ("slice.create", lambda i: i.pop("sites")),
    "null optional": ("slice.create", lambda i: i.update(name=None)),
    "negative bandwidth": ("slice.create", lambda i: i.update(bandwidth_mbps=-5)),
    "zero latency": ("slice.create", lambda i: i.update(max_latency_ms=0)),
    "reliability over 1": ("slice.create", lambda i: i.update(reliability=1.5)),
    "zero devices": ("slice.create", lambda i: i.update(max_devices=0)),
    "string count": ("slice.create", lambda i: i.update(max_devices="100")),
    "bool count": ("slice.create", lambda i: i.update(max_devices=True)),
    "upper-case service": ("slice.create", lambda i: i.update(service="URLLC")),
    "25:00 schedule": ("slice.create", lambda i: i.update(schedule={"start": "25:00", "end": "02:00"})),
    "schedule extra field": ("slice.create", lambda i: i.update(schedule={"start": "20:00", "end": "22:00", "tz": "utc"})),
    "empty sites": ("slice.create", lambda i: i.update(sites=[])),
    "duplicate sites": ("slice.create", lambda i: i.update(sites=["campus", "campus"])),
    "any in sites": ("slice.create", lambda i: i.update(sites=["any"])),
    "upper-case id": ("slice.create", lambda i: i.update(sites=["Hospital-1"])),
    "bad role": ("slice.create", lambda i: i.update(sites=["role:cloud"])),
    "modify without change": ("slice.modify", lambda i: [i.pop(k) for k in list(i) if k not in ("kind", "name")]),
    "icmp with port": ("sdn.block", lambda i: i.update(protocol="icmp", port=7)),
    "port out of range": ("sdn.block", lambda i: i.update(port=70000)),
    "all as endpoint": ("sdn.block", lambda i: i.update(src="all")),
    "role in via": ("sdn.route", lambda i: i.update(via=["role:core"])),
    "zero paths": ("sdn.route", lambda i: i.update(paths=0)),
    "unknown objective": ("sdn.route", lambda i: i.update(objective="cost")),
    "rate zero": ("sdn.rate_limit", lambda i: i.update(rate_mbps=0)),
    "ztn without mode": ("ztn.policy", lambda i: i.pop("mode")),
    "ztn bad event": ("ztn.policy", lambda i: i["trigger"].update(event="fire")),
    "ztn scope any": ("ztn.policy", lambda i: i["trigger"].update(scope=["any"])),
    "fedft bad strategy": ("learn.fedft", lambda i: i.update(strategy="fedsgd")),
    "fedft zero epsilon": ("learn.fedft", lambda i: i.update(dp_epsilon=0)),
    "split bad method": ("learn.split", lambda i: i.update(method="u_shaped")),
    "split cut 0": ("learn.split", lambda i: i.update(cut_layer=0)),
    "query dst without path": ("query", lambda i: i.update(topic="slices", dst="cloud-dc")),
    "query dst role": ("query", lambda i: i.update(topic="path", target="campus", dst="role:core")),
    "unknown kind": ("query", lambda i: i.update(kind="slice.resize")),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutated_intents_are_rejected_alike(validators, dev_records, name):
    kind, mutate = MUTATIONS[name]
    intent = _first(dev_records, kind)
    mutate(intent)
    assert verdicts(validators, {"id": "m", "intents": [intent], "error": None}) == (False, False, False)


@pytest.mark.parametrize("record,ok", [
    ({"id": "a", "intents": [], "error": {"code": "unsafe", "message": "injection"}}, True),
    ({"id": "a", "intents": [], "error": None}, False),
    ({"id": "a", "intents": [{"kind": "query", "topic": "alarms"}], "error": {"code": "invalid", "message": "x"}}, False),
    ({"id": "a", "intents": [], "error": {"code": "forbidden", "message": "x"}}, False),
    ({"id": "a", "intents": [], "error": {"code": "invalid"}}, False),
    ({"id": "", "intents": [{"kind": "query", "topic": "alarms"}], "error": None}, False),
    ({"id": "a", "intents": [{"kind": "query", "topic": "alarms"}], "error": None, "latency_ms": 12.5}, True),
    ({"id": "a", "intents": [{"kind": "query", "topic": "alarms"}], "error": None, "latency_ms": -1}, False),
    ({"id": "a", "intents": [{"kind": "query", "topic": "alarms"}], "error": None, "extra": 1}, False),
    ({"id": "a", "intents": [{"kind": "query", "topic": "alarms"}]}, False),
])
def test_record_level_rules_agree(validators, record, ok):
    assert verdicts(validators, record) == (ok, ok, ok)


def test_round_trip_drops_unset_fields():
    it = ir.parse_intent({"kind": "sdn.route", "src": "campus", "dst": "cloud-dc", "via": ["agg-east"]})
    assert it.to_json() == {"kind": "sdn.route", "src": "campus", "dst": "cloud-dc", "via": ["agg-east"]}
    assert ir.parse_intent(it.to_json()) == it


def test_python_construction_defaults_kind():
    s = ir.SliceCreate(service="embb", sites=["stadium"], bandwidth_mbps=2000)
    assert s.to_json()["kind"] == "slice.create"
