"""Store and twin driver: versions, commit-confirmed, rollback, append-only audit, crash safety."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import sqlalchemy

from netmodel.errors import AdmissionRefused, ApplyError, Conflict, NothingPending, UnknownEntity
from netmodel.manager import NetworkManager, parse_intents
from netmodel.policy import PolicySet
from netmodel.store import Store

SLICE = {"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 500, "name": "fans"}
ROUTE = {"kind": "sdn.route", "src": "campus", "dst": "cloud-dc", "via": ["agg-east"]}


def test_versions_rollback_and_audit(manager):
    r1 = manager.apply(parse_intents(SLICE), text="fans")
    r2 = manager.apply(parse_intents(ROUTE))
    assert (r1.version, r2.version) == (1, 2) and set(manager.running.routes) == {"campus->cloud-dc"}
    assert manager.g.edges["gnb-3", "stadium"]["reserved"] == {"fans": 500}  # the twin mirrors the running set
    v3 = manager.rollback()
    assert v3 == 3 and not manager.running.routes and "fans" in manager.running.slices
    manager.rollback(None)  # rollback of a rollback goes back to version 2's content
    assert manager.running.routes
    with pytest.raises(UnknownEntity, match="no policy version 99"):
        manager.rollback(99)
    actions = [a.action for a in reversed(manager.store.audit())]
    assert actions == ["init", "commit", "commit", "rollback", "rollback"]
    intents = manager.store.intents()
    assert {i.status for i in intents} == {"applied"} and {i.version_id for i in intents} == {1, 2}


def test_refusal_is_recorded_and_changes_nothing(manager):
    manager.apply(parse_intents(SLICE))
    before = manager.running.canonical_json()
    with pytest.raises(AdmissionRefused):
        manager.apply(parse_intents([ROUTE, {**SLICE, "name": "more", "bandwidth_mbps": 1800}]))
    assert manager.running.canonical_json() == before and len(manager.store.versions()) == 1
    refused = [i for i in manager.store.intents() if i.status == "refused"]
    assert len(refused) == 2 and refused[0].error["code"] == "admission_refused"  # the whole batch is refused
    assert manager.store.audit(1)[0].action == "refuse"


def test_dry_run_shows_the_diff_and_commits_nothing(manager):
    r = manager.apply(parse_intents(SLICE), dry_run=True)
    assert r.status == "dry_run" and r.version is None and r.diff[0].startswith("+ slices/fans")
    assert not manager.store.versions() and not manager.running.slices
    again = manager.apply(parse_intents(SLICE))
    assert again.status == "applied"
    assert manager.apply(parse_intents({"kind": "sdn.block", "src": "port", "dst": "any"})).version == 2
    assert manager.apply(parse_intents({"kind": "sdn.block", "src": "port", "dst": "any"})).status == "no_change"


def test_audit_log_is_append_only(store):
    store.log("tester", "note", {"x": 1})
    for stmt in ("DELETE FROM audit_log", "UPDATE audit_log SET actor = 'mallory'"):
        with pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(sqlalchemy.text(stmt))
    assert [a.actor for a in store.audit()] == ["tester", "system"]


def test_commit_confirmed_rolls_back_by_itself_unless_confirmed(manager):
    manager.apply(parse_intents(SLICE))
    r = manager.apply(parse_intents(ROUTE), confirm_timeout_s=0.3)
    assert r.status == "pending_confirm" and manager.network.pending() is not None
    time.sleep(0.8)  # nobody touches the manager: the driver's timer must roll back
    version, running = manager.store.running()
    assert version == 3 and not running.routes and manager.store.audit(1)[0].actor == "system"
    manager.apply(parse_intents(ROUTE), confirm_timeout_s=0.3)
    manager.confirm()
    time.sleep(0.5)
    assert manager.running.routes and manager.network.pending() is None
    with pytest.raises(NothingPending, match="waiting for confirmation"):
        manager.confirm()


def test_a_commit_while_one_is_pending_confirms_it_as_junos_does(manager):
    pending = manager.apply(parse_intents(ROUTE), confirm_timeout_s=0.4)
    later = manager.apply(parse_intents(SLICE), actor="alice")
    confirm = manager.store.audit(2)[1]
    assert (confirm.action, confirm.version_id, confirm.actor, confirm.detail) == (
        "confirm", pending.version, "alice", {"by": "commit"})
    time.sleep(0.7)  # past the first deadline: nothing rolls back, both changes stay
    version, running = manager.store.running()
    assert version == later.version and running.routes and "fans" in running.slices
    assert manager.network.pending() is None


def test_a_plain_rollback_never_brings_back_an_expired_change(store):
    store.commit(PolicySet(), base=None)  # version 1: nothing
    v1 = NetworkManager(store)
    v1.apply(parse_intents(SLICE))  # version 2: the slice
    v1.close()
    m = NetworkManager(store)
    m.apply(parse_intents(ROUTE), confirm_timeout_s=0.2)  # version 3, never confirmed
    m.close()  # its timer goes with it: the deadline passes while no process runs
    time.sleep(0.4)
    assert store.rollback() == 4  # expiring version 3 is the rollback asked for
    assert store.audit(1)[0].actor == "system" and not store.running()[1].routes
    store.rollback()  # the rollback before that undoes the slice; the route never comes back
    assert store.running()[1] == PolicySet() and [v.id for v in store.versions()][0] == 5


def test_an_apply_with_nothing_to_change_confirms_a_pending_commit(manager):
    pending = manager.apply(parse_intents(ROUTE), confirm_timeout_s=0.4)
    again = manager.apply(parse_intents(ROUTE), actor="bob")
    assert again.status == "no_change" and manager.network.pending() is None
    assert any(a.action == "confirm" and a.version_id == pending.version and a.detail == {"by": "commit"}
               for a in manager.store.audit(3))


def test_a_store_with_two_active_versions_from_an_older_release_is_repaired_on_open(tmp_path):
    db = tmp_path / "old.db"
    m = NetworkManager(Store.at(db))
    m.apply(parse_intents(SLICE))
    m.apply(parse_intents(ROUTE))
    m.close()
    with Store.at(db).engine.begin() as conn:  # what two unlocked writers of the last release could leave
        conn.execute(sqlalchemy.text("DROP INDEX one_active_version"))
        conn.execute(sqlalchemy.text("UPDATE policy_versions SET active = 1"))
    store = Store.at(db)
    assert [v.id for v in store.versions() if v.active] == [2]
    assert store.audit(1)[0].action == "repair" and "versions 1 were active" in store.audit(1)[0].detail["message"]


def test_a_stale_session_changes_nothing(manager):
    stale = manager.network.session()
    manager.apply(parse_intents(SLICE))
    stale.load_candidate(PolicySet())
    with pytest.raises(Conflict, match="moved from None to 1"):
        stale.commit()
    assert "fans" in manager.running.slices and len(manager.store.versions()) == 1


def test_config_session_guards(manager):
    session = manager.network.session()
    assert not session.diff()
    with pytest.raises(ApplyError, match="no candidate"):
        session.commit()
    with pytest.raises(ApplyError):
        session.load_candidate({"slices": {}})
    ps = PolicySet()
    session.load_candidate(ps)
    assert not session.diff()
    session.discard()
    with pytest.raises(ApplyError, match="positive"):
        session.load_candidate(ps) or session.commit_confirmed(0)


CRASHER = textwrap.dedent("""
    import sys, time
    from sqlalchemy import event
    from sqlmodel import Session
    from netmodel.manager import NetworkManager, parse_intents
    from netmodel.store import Store

    store = Store.at(sys.argv[1])
    m = NetworkManager(store)
    def announce(step):
        print(step, flush=True)
        time.sleep(0.3)
    @event.listens_for(store.engine, "before_cursor_execute")
    def before(conn, cursor, statement, *args):
        if statement.split()[0] in ("INSERT", "UPDATE", "DELETE"):
            announce(" ".join(statement.split()[:3]))
    event.listen(store.engine, "commit", lambda conn: announce("COMMIT"))
    event.listen(Session, "after_commit", lambda session: announce("COMMITTED"))
    m.apply(parse_intents({"kind": "sdn.route", "src": "campus", "dst": "cloud-dc", "via": ["agg-east"]}))
    print("DONE", flush=True)
""")


def _run_until(db: str, step_no: int) -> str:
    """Run the crasher and SIGKILL it when it announces its ``step_no``-th commit step."""
    proc = subprocess.Popen([sys.executable, "-c", CRASHER, db], stdout=subprocess.PIPE, text=True)
    seen = []
    for line in proc.stdout:
        seen.append(line.strip())
        if len(seen) == step_no:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    return seen[-1]


def test_a_crash_between_commit_steps_leaves_old_or_new_state(tmp_path):
    outcomes = {}
    for step_no in range(1, 12):
        db = str(tmp_path / f"crash{step_no}.db")
        m = NetworkManager(Store.at(db))
        m.apply(parse_intents(SLICE))
        m.close()
        old = m.running.canonical_json()
        killed_at = _run_until(db, step_no)
        st = Store.at(db)
        with st.engine.connect() as conn:
            assert conn.execute(sqlalchemy.text("PRAGMA integrity_check")).scalar() == "ok"
        versions = st.versions()
        active = [v for v in versions if v.active]
        assert len(active) == 1, f"killed at {killed_at}: {len(active)} active versions"
        version, running = st.running()
        assert running.digest() == active[0].digest
        routes = [i for i in st.intents() if i.ir.get("kind") == "sdn.route"]
        commits = [a for a in st.audit() if a.action == "commit"]
        if len(versions) == 1:  # old state, whole
            assert running.canonical_json() == old and not routes and len(commits) == 1
            outcomes[killed_at] = "old"
        else:  # new state, whole
            assert version == 2 and "campus->cloud-dc" in running.routes and "fans" in running.slices
            assert len(routes) == 1 and routes[0].version_id == 2 and commits[0].version_id == 2
            outcomes[killed_at] = "new"
        if killed_at == "COMMITTED":
            break
    assert outcomes["COMMIT"] == "old" and outcomes["COMMITTED"] == "new"
    writes = [k for k in outcomes if k not in ("COMMIT", "COMMITTED")]
    assert len(writes) >= 5 and all(outcomes[k] == "old" for k in writes), outcomes  # every step before the commit point


def test_unconfirmed_commit_of_a_crashed_process_expires_on_next_open(tmp_path):
    db = str(tmp_path / "c.db")
    script = textwrap.dedent("""
        import os, signal, sys
        from netmodel.manager import NetworkManager, parse_intents
        from netmodel.store import Store
        m = NetworkManager(Store.at(sys.argv[1]))
        m.apply(parse_intents({"kind": "sdn.block", "src": "port", "dst": "any"}))
        m.apply(parse_intents({"kind": "sdn.block", "src": "campus", "dst": "any"}), confirm_timeout_s=0.5)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", script, db], timeout=60)
    time.sleep(0.6)
    m = NetworkManager(Store.at(db))
    assert len(m.running.acls) == 1 and m.store.audit(1)[0].detail["message"].endswith("not confirmed in time")
    m.close()


def test_a_rollback_guarded_by_its_version_never_undoes_a_later_commit(store):
    from netmodel.store import StaleVersion

    first = PolicySet()
    v1 = store.commit(first, base=None)
    v2 = store.commit(PolicySet(), base=v1)
    with pytest.raises(StaleVersion, match="no longer the running one"):
        store.rollback(0, base=v1)  # v2 came on top of v1: rolling v1 back now would drop v2
    assert store.active_version().id == v2
    assert store.rollback(v1, base=v2) == v2 + 1
