"""The ``tinylarge`` command as an operator runs it: real subprocesses, real store files."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXE = shutil.which("tinylarge", path=str(Path(sys.executable).parent)) or "tinylarge"


def tl(*args: str, db: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    if db is not None:
        env["TINYLARGE_DB"] = str(db)
    p = subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert p.returncode == 0, p.stderr
    return p


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cli.db"


def write(tmp_path: Path, name: str, data) -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data))
    return p


def test_topo_show_and_generate(tmp_path, db):
    out = tl("topo", "show", db=db).stdout
    assert "metro6g: 25 nodes, 29 links" in out and "hospital-1" in out
    tl("topo", "generate", "--nodes", "300", "--seed", "4", "-o", tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text())
    assert len(data["nodes"]) == 300
    assert "300 nodes" in tl("topo", "show", "--topology", tmp_path / "g.json").stdout


def test_apply_dry_run_then_apply_list_show_rollback_audit(tmp_path, db):
    f = write(tmp_path, "i.json", {"id": "q1", "error": None, "intents": [
        {"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 1000, "name": "fans"},
        {"kind": "sdn.block", "src": "role:site", "dst": "any", "protocol": "tcp", "port": 23}]})
    out = tl("intent", "apply", f, "--dry-run", db=db).stdout
    assert "+ slices/fans" in out and "dry_run" in out
    assert "version" in tl("policies", "list", db=db).stdout and "fans" not in tl("policies", "show", db=db).stdout
    assert "applied (version 1" in tl("intent", "apply", f, db=db).stdout
    tl("intent", "apply", write(tmp_path, "r.json", {"kind": "sdn.route", "src": "campus", "dst": "cloud-dc"}), db=db)
    shown = json.loads(tl("policies", "show", "--json", db=db).stdout)
    assert set(shown["slices"]) == {"fans"} and len(shown["routes"]) == 1
    out = tl("policies", "rollback", "1", db=db).stdout
    assert "- routes/campus->cloud-dc" in out and "version 3 is running" in out
    assert "fans" in tl("policies", "show", "1", db=db).stdout
    audit = tl("audit", db=db).stdout
    assert all(word in audit for word in ("rollback", "commit", "dry_run", "init"))


@pytest.mark.parametrize("content,code,needle", [
    ("{not json", 1, "not valid JSON"),
    ({"kind": "slice.create", "service": "embb", "sites": ["hospital-9"]}, 1, "did you mean 'hospital-2'"),
    ({"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": -3}, 1, "greater than 0"),
    ({"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 99999}, 1, "admission_refused"),
    ({"kind": "slice.modify", "name": "ghost", "bandwidth_mbps": 5}, 1, "no slice named 'ghost'"),
    ({"kind": "teleport", "to": "mars"}, 1, "invalid"),
    ({"id": "x", "intents": [], "error": {"code": "unsafe", "message": "injection"}}, 1, "unsafe"),
    ({"kind": "sdn.block", "src": "any", "dst": "any"}, 1, "drop all traffic between all nodes"),
    ({"kind": "sdn.rate_limit", "src": "any", "dst": "any", "rate_mbps": 0.001}, 1, "throttle all traffic"),
    ({"kind": "slice.create", "service": "embb", "sites": ["stadium"], "name": "x\n+ acls/drop-1: drop any -> any"},
     1, "should match pattern"),
    ('{"kind": "sdn.rate_limit", "src": "port", "dst": "any", "rate_mbps": Infinity}', 1, "finite number"),
    ('{"kind": "sdn.rate_limit", "src": "port", "dst": "any", "rate_mbps": 1e309}', 1, "finite number"),
])
def test_bad_input_gets_one_line_and_changes_nothing(tmp_path, db, content, code, needle):
    from netmodel.manager import NetworkManager, parse_intents
    from netmodel.store import Store

    NetworkManager(Store.at(db)).apply(parse_intents({"kind": "sdn.block", "src": "port", "dst": "any"}))
    before = Store.at(db).running()
    p = tl("intent", "apply", write(tmp_path, "bad.json", content), db=db, check=False)
    assert p.returncode == code and needle in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and p.stderr.startswith("error:")
    after = Store.at(db).running()
    assert after[0] == before[0] and after[1].canonical_json() == before[1].canonical_json()


def test_learn_jobs_reads_a_sqlite_file_like_every_command(db):
    from netmodel.store import Store

    Store.at(db).save_job("fedft-anomaly_detector-0a1b2c", {"kind": "learn.fedft"}, status="pending")
    out = tl("learn", "jobs", "--db", db).stdout
    assert "fedft-anomaly_detector-0a1b2c" in out and "pending" in out


def test_missing_file_and_unknown_version(tmp_path, db):
    p = tl("intent", "apply", tmp_path / "nope.json", db=db, check=False)
    assert p.returncode == 1 and "cannot read" in p.stderr
    p = tl("policies", "rollback", "7", db=db, check=False)
    assert p.returncode == 1 and "no policy version 7" in p.stderr


def test_demo_runs_end_to_end():
    p = subprocess.run([EXE, "demo"], capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "160"})
    assert p.returncode == 0, p.stderr
    for needle in ("applied", "admission_refused", "contradicts", "unknown_entity", "guardrail", "ddos",
                   "link_down", "rolled back by itself", "rollback to version 2",
                   "operator:", "slice.create service=mmtc", "sdn.block src=gnb-3", "unsafe"):
        assert needle in p.stdout, needle
