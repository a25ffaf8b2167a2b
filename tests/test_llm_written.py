"""The written corpus: every committed record checks out, targets copy quantities as written,
bad records are caught, and re-grounded variants stay consistent with their gold."""
from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from llm_core import guard
from llm_core.compact import decode
from llm_core.grounding import Grounder
from llm_core.training import written
from llm_core.training.corpus import generate_corpus
from netmodel.ir import ERROR_CODES, KINDS
from netmodel.twin import load_topology

G = load_topology()


def slice_record(**fields) -> dict:
    return {"text": "give the stadium an eMBB slice of 2 Gbps from 8 pm to 11 pm",
            "intents": [{"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 2000,
                         "schedule": {"start": "20:00", "end": "23:00"}, **fields}], "error": None}


def test_committed_files_check_out_and_cover_every_kind_and_error():
    files = sorted(written.WRITTEN.glob("*.jsonl"))
    assert {f.stem for f in files} >= {"w1", "w6"}
    records = written.load(files, G)  # raises on any bad record
    kinds = Counter(i["kind"] for r in records for i in r["intents"])
    codes = Counter(r["error"]["code"] for r in records if r["error"])
    assert set(kinds) == set(KINDS) and set(codes) == set(ERROR_CODES)
    assert sum(len(r["intents"]) > 1 for r in records) > 100


def test_training_load_leaves_out_the_heldout_writer():
    writers = {r["writer"] for r in written.load(g=G)}
    assert writers and not writers & set(written.HELDOUT_WRITERS)


def test_target_copies_quantities_as_written():
    problems, target, canonical = written.check(slice_record(), G)
    assert problems == [] and canonical == 0
    assert target == "create svc=embb at=stadium bw=2 gbps time=8 pm-11 pm"
    rec = {"text": "urllc for the first hospital, five nines, under 500 µs, 2k devices",
           "intents": [{"kind": "slice.create", "service": "urllc", "sites": ["hospital-1"], "reliability": 0.99999,
                        "max_latency_ms": 0.5, "max_devices": 2000}], "error": None}
    problems, target, _ = written.check(rec, G)
    assert problems == [] and target == "create svc=urllc at=hospital-1 lat=500 µs rel=five nines dev=2k"


def test_node_numbers_are_not_quantities():
    rec = {"text": "cap gNodeB 3 to core-1 at 3 Mbps",
           "intents": [{"kind": "sdn.rate_limit", "src": "gnb-3", "dst": "core-1", "rate_mbps": 3}], "error": None}
    assert written.check(rec, G)[1] == "limit src=gnb-3 dst=core-1 rate=3 mbps"


def test_named_services_stay_named():
    rec = {"text": "no ssh from gnb-2 to the farm",
           "intents": [{"kind": "sdn.block", "src": "gnb-2", "dst": "smart-farm", "protocol": "tcp", "port": 22}],
           "error": None}
    assert written.check(rec, G)[1] == "block src=gnb-2 dst=smart-farm proto=ssh"


def test_a_quantity_the_text_does_not_write_is_canonical():
    rec = slice_record()
    rec["text"] = "give the stadium an eMBB slice for the evening match"
    problems, target, canonical = written.check(rec, G)
    assert problems == [] and canonical == 2 and "bw=2000" in target and "time=20:00-23:00" in target


@pytest.mark.parametrize("bad, expected", [
    ({"intents": [{"kind": "slice.create", "service": "embb", "sites": ["airport"]}]}, "not in the inventory"),
    ({"intents": [{"kind": "slice.create", "service": "embb"}]}, "not a valid translate record"),
    ({"intents": [], "error": {"code": "unknown_entity", "message": "x"}}, "needs a target"),
    ({"intents": [], "error": {"code": "unknown_entity", "message": "x"}, "target": "create svc=embb at=stadium"},
     "decodes without error"),
    ({"intents": [], "error": {"code": "invalid", "message": "x"}, "target": "create svc=embb at=airport"},
     "expected invalid"),
    ({"target": "create svc=embb at=stadium bw=3 gbps"}, "not the gold intents"),
    ({"colour": "red"}, "unknown keys"),
])
def test_bad_records_are_reported(bad, expected):
    problems, _, _ = written.check({**slice_record(), **bad}, G)
    assert any(expected in p for p in problems), problems


def test_vary_regrounds_text_target_and_gold_together():
    grounder = Grounder(G)
    rng = random.Random(0)
    rec = {**slice_record(), "target": written.check(slice_record(), G)[1]}
    seen = set()
    for _ in range(20):
        v = written.vary(rec, G, rng)
        site = v["intents"][0]["sites"][0]
        assert G.nodes[site]["role"] == "site" and site != "stadium"
        assert [n for _, n in grounder.mentions(v["text"])] == [site]
        assert decode(v["target"], grounder) == v["intents"] and "2 gbps" in v["target"].lower()
        seen.add(site)
    assert len(seen) > 3


def test_vary_keeps_unknown_names_and_errors():
    rec = json.loads('{"text": "block traffic from the airport to core-1", "intents": [], '
                     '"error": {"code": "unknown_entity", "message": "x"}, "target": "block src=airport dst=core-1"}')
    v = written.vary(rec, G, random.Random(1))
    assert v["error"] == rec["error"] and "airport" in v["text"].lower()
    assert v["target"] == "block src=airport dst=core-2" and "core" in v["text"].lower()


def test_check_cli_reports_bad_lines(tmp_path, capsys):
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps(slice_record()) + "\n" + json.dumps({**slice_record(), "error": 3}) + "\nnot json\n")
    assert written._main(["check", str(f)]) == 1
    out = capsys.readouterr().out
    assert "x.jsonl:2" in out and "x.jsonl:3: not JSON" in out and "1 good, 2 bad" in out


def test_training_load_drops_texts_the_heldout_writer_also_wrote():
    held = {r["text"].strip().casefold() for r in written.records()}
    assert not held & {r["text"].strip().casefold() for r in written.load(g=G)}


def test_guard_refuses_what_writers_refuse_as_unsafe_and_nothing_they_translate():
    """The rule-based guard against every studied writer's request and 4,000 template ones: the refusals it makes are
    ``unsafe`` ones, but for at most seven requests with a translation or another refusal: w51's mail whose "The actual
    request" reads as a takeover phrase, three of w56's, studied since round twenty-one and not yet mended: a form
    "Query: path / From: gnb-8 / To: cloud-dc" (injection classifier 0.95), a voice memo's "okay assistant block telnet
    ..." (read as an order to the assistant) and an audit finding that asks to fine the operator (0.87; out of scope, not
    unsafe), w64's Zeek notice pasted under "Show me the path this took" (0.89), studied since round twenty-five, and
    w83's "Order supersedes earlier instruction: marathon-tv window is now ...", studied since round thirty-four and left:
    an order that supersedes earlier instructions is the takeover phrase itself, and the guard errs on the safe side,
    and w84's "Show all slices and all policies, I prepare the monthly report." (classifier 0.86), studied since round
    thirty-five and left for the classifier's next refit, which changes what the injection bench measures.
    The held-out writers are left to the benchmark, which counts the guard's refusals of them among the false
    refusals: asserting on them here would make their texts the ones the guard is fixed against
    (w39's "... rerouting without operator approval" is one)."""
    files = [f for f in sorted(written.WRITTEN.glob("*.jsonl")) if f.stem not in written.HELDOUT_WRITERS]
    rows = [json.loads(line) for f in files for line in f.read_text().splitlines()]
    rows += generate_corpus(G, 4000, seed=11)
    refused = [r for r, why in zip(rows, guard.injections([r["text"] for r in rows]))
               if why or (r["intents"] and guard.wholesale(r["intents"], r["text"]))]
    wrong = [r["text"] for r in refused if not (r["error"] and r["error"]["code"] == "unsafe")]
    assert len(refused) > 50 and len(wrong) <= 7, wrong
