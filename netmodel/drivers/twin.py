"""Driver for the network twin: the 'device' is the in-memory graph plus its versions in the store."""
from __future__ import annotations

import threading

import networkx as nx

from ..errors import ApplyError
from ..policy import PolicyDiff, PolicySet, apply_reservations
from ..store import IntentRow, Store
from .base import NetworkDriver


class TwinDriver(NetworkDriver):
    """Applies policy sets to the twin graph; the store's active version is its running config.

    The store commit comes first and is one transaction; the graph is then rebuilt from the
    running version, so after a crash the twin rebuilt from the store is whole. A timer rolls a
    commit-confirmed version back when its time runs out (and any later call notices it too).
    """

    name = "twin"

    def __init__(self, g: nx.Graph, store: Store) -> None:
        self.g, self.store = g, store
        self._candidate: PolicySet | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()
        self._sync()

    def _sync(self) -> PolicySet:
        """Expire an unconfirmed commit whose time has passed, then mirror the running version."""
        with self._lock:
            self.store.expire_unconfirmed()
            running = self.store.running()[1]
            apply_reservations(self.g, running)
            return running

    def get_running(self) -> PolicySet:
        return self._sync()

    def load_candidate(self, candidate: PolicySet) -> None:
        if not isinstance(candidate, PolicySet):
            raise ApplyError(f"candidate must be a PolicySet, not {type(candidate).__name__}")
        self._candidate = candidate

    def diff(self) -> PolicyDiff:
        return self.get_running().diff(self._candidate) if self._candidate is not None else PolicyDiff()

    def discard(self) -> None:
        self._candidate = None

    def _take_candidate(self) -> PolicySet:
        if self._candidate is None:
            raise ApplyError("no candidate loaded")
        cand, self._candidate = self._candidate, None
        return cand

    def commit(self, *, message: str = "", actor: str = "operator", intents: list[IntentRow] = ()) -> int:
        with self._lock:
            self._sync()
            version = self.store.commit(self._take_candidate(), actor=actor, message=message, intents=list(intents))
            self._sync()
            return version

    def commit_confirmed(self, timeout_s: float, *, message: str = "", actor: str = "operator",
                         intents: list[IntentRow] = ()) -> int:
        if timeout_s <= 0:
            raise ApplyError("confirm timeout must be positive")
        with self._lock:
            self._sync()
            version = self.store.commit(self._take_candidate(), actor=actor, message=message, intents=list(intents),
                                        confirm_timeout_s=timeout_s)
            self._sync()
            self._cancel_timer()
            self._timer = threading.Timer(timeout_s + 0.05, self._sync)
            self._timer.daemon = True
            self._timer.start()
            return version

    def confirm(self) -> int:
        with self._lock:
            self._sync()
            self._cancel_timer()
            return self.store.confirm()

    def rollback(self, version: int | None = None, *, reason: str = "") -> int:
        with self._lock:
            self._sync()
            self._cancel_timer()
            new = self.store.rollback(version, reason=reason)
            self._sync()
            return new

    def has_pending_commit(self) -> bool:
        self._sync()
        return self.store.pending_confirmation() is not None

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def close(self) -> None:
        self._cancel_timer()
        super().close()
