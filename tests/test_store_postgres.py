"""The store on a real PostgreSQL server (a throwaway cluster, see ``conftest.pg_url``)."""
from __future__ import annotations

import pytest
import sqlalchemy

from netmodel.manager import NetworkManager, parse_intents
from netmodel.store import Store


def test_apply_rollback_and_append_only_audit_on_postgres(pg_url):
    m = NetworkManager(Store(pg_url))
    m.apply(parse_intents({"kind": "slice.create", "service": "embb", "sites": ["stadium"], "name": "pg-fans"}))
    m.apply(parse_intents({"kind": "sdn.route", "src": "campus", "dst": "cloud-dc"}))
    m.rollback()
    m.close()
    again = Store(pg_url)  # a second connection sees the same running state
    version, running = again.running()
    assert version == 3 and set(running.slices) == {"pg-fans"} and not running.routes
    with pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"):
        with again.engine.begin() as conn:
            conn.execute(sqlalchemy.text("DELETE FROM audit_log"))
    assert [a.action for a in again.audit(3)] == ["rollback", "commit", "commit"]
