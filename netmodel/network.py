"""One network: a driver's device and its versions in the store, changed only through config sessions.

This is the one place, shared by every driver, where versions, transactions and the
commit-confirmed timer live (NAPALM's config-session verbs). Each writer opens its own
:class:`ConfigSession`: the candidate belongs to it and is never shared. A commit names the
version it was planned on; the store refuses it (:class:`~netmodel.store.StaleVersion`) if the
running version moved, so a success means exactly this change, on top of exactly that version.
The device is changed inside the store's write transaction and restored if the transaction
fails, so the device and the store move together.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from .drivers import NetworkDriver
from .errors import ApplyError
from .limits import MAX_CONFIRM_TIMEOUT_S
from .policy import PolicyDiff, PolicySet
from .store import IntentRow, PolicyVersionRow, RequestRow, Store, utcnow

log = logging.getLogger(__name__)


@dataclass
class Change:
    """What a commit records beside the policies: who, why, and the request and intents it came from."""

    actor: str = "operator"
    message: str = ""
    request: RequestRow | None = None
    intents: list[IntentRow] = field(default_factory=list)


class ConfigSession:
    """One writer's candidate: load it, diff it, commit it (optionally confirmed) or discard it."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.base, self.running = network.get_running()
        self.candidate: PolicySet | None = None

    def load_candidate(self, candidate: PolicySet) -> None:
        """Stage a whole policy set (replace semantics) over the version this session was opened on."""
        if not isinstance(candidate, PolicySet):
            raise ApplyError(f"candidate must be a PolicySet, not {type(candidate).__name__}")
        self.candidate = candidate

    def diff(self) -> PolicyDiff:
        """What committing the candidate would change, as the driver will do it (empty without one)."""
        return PolicyDiff() if self.candidate is None else self.network.driver.diff(self.running, self.candidate)

    def discard(self) -> None:
        self.candidate = None

    def commit(self, change: Change | None = None) -> int:
        """Make the candidate running; returns the new version."""
        return self.network.commit(self._take(), self.base, change or Change())

    def commit_confirmed(self, timeout_s: float, change: Change | None = None) -> int:
        """Make the candidate running; it rolls back by itself unless confirmed within ``timeout_s``."""
        if not 0 < timeout_s <= MAX_CONFIRM_TIMEOUT_S:
            raise ApplyError(f"confirm timeout must be positive and at most {MAX_CONFIRM_TIMEOUT_S:g} s")
        return self.network.commit(self._take(), self.base, change or Change(), confirm_timeout_s=timeout_s)

    def _take(self) -> PolicySet:
        if self.candidate is None:
            raise ApplyError("no candidate loaded")
        candidate, self.candidate = self.candidate, None
        return candidate


class Network:
    """The running configuration of one data plane, kept equal to the store's active version."""

    def __init__(self, store: Store, driver: NetworkDriver) -> None:
        self.store, self.driver = store, driver
        self._device, self._timing = threading.Lock(), threading.Lock()
        self._applied, self._applied_set = -1, PolicySet()  # what the device runs (-1: not yet set; 0: nothing)
        self._timer: threading.Timer | None = None
        self._deadline: datetime | None = None
        self.driver.open()
        self.sync()

    def session(self) -> ConfigSession:
        return ConfigSession(self)

    def sync(self) -> PolicyVersionRow | None:
        """The active version (an overdue commit-confirmed rolled back first); the device follows it."""
        row = self.store.active_version()
        version = row.id if row else 0
        with self._device:
            if version < self._applied:  # a reader that lost a race to a writer: never undo its push or timer
                return row
            if version > self._applied:
                policies = PolicySet.model_validate_json(row.policies) if row else PolicySet()
                self.driver.apply(policies)
                self._applied, self._applied_set = version, policies
            self._arm(None if row is None or row.confirmed else row.confirm_by)
        return row

    def get_running(self) -> tuple[int | None, PolicySet]:
        row = self.sync()
        return (row.id, PolicySet.model_validate_json(row.policies)) if row else (None, PolicySet())

    def pending(self) -> PolicyVersionRow | None:
        """The commit-confirmed version waiting for confirmation, if any."""
        row = self.sync()
        return row if row is not None and not row.confirmed else None

    def commit(self, candidate: PolicySet, base: int | None, change: Change,
               confirm_timeout_s: float | None = None) -> int:
        """Commit ``candidate`` planned on version ``base`` (see :meth:`Store.commit`)."""
        return self._change(lambda push: self.store.commit(
            candidate, base=base, actor=change.actor, message=change.message, request=change.request,
            intents=change.intents, confirm_timeout_s=confirm_timeout_s, before_commit=push))

    def confirm(self, actor: str = "operator", by: str = "confirm", version: int | None = None) -> int:
        version = self.store.confirm(actor, by, version)
        self._after_change()
        return version

    def _after_change(self) -> None:
        """Arm (or clear) the confirm timer for what was just committed. The change is in the store
        already: a read failing here must not report it as failed."""
        try:
            self.sync()
        except Exception:
            log.exception("re-reading the running version after a commit failed")

    def rollback(self, version: int | None = None, *, actor: str = "operator", reason: str = "",
                 base: int | None = None) -> int:
        """Restore ``version`` (default: the one before the running one) as a new version (with
        ``base``: only while that version runs)."""
        return self._change(lambda push: self.store.rollback(version, actor=actor, reason=reason, before_commit=push,
                                                             base=base))

    def _change(self, write: Callable[[Callable[[PolicySet], None]], int]) -> int:
        """Run a store write that pushes its policy set to the device inside its transaction; if the
        write fails, the device gets back what it ran."""
        with self._device:
            restore = _Restore(self.driver, self._applied_set)
            try:
                version = write(restore.push)
            except BaseException:
                restore.undo()
                raise
            self._applied, self._applied_set = version, restore.pushed_set
        self._after_change()
        return version

    def _arm(self, deadline: datetime | None) -> None:
        """One timer per network fires at the pending deadline, so a quiet process still rolls back on time."""
        with self._timing:
            if deadline == self._deadline:
                return
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._deadline = deadline
            if deadline is not None:
                delay = (deadline if deadline.tzinfo else deadline.replace(tzinfo=utcnow().tzinfo)) - utcnow()
                self._timer = threading.Timer(max(delay.total_seconds(), 0) + 0.05, self._expire)
                self._timer.daemon = True
                self._timer.start()

    def _expire(self) -> None:
        with self._timing:
            self._deadline = None
        try:
            self.sync()
        except Exception:  # the store is unreachable for now: try again rather than lose the deadline
            log.exception("commit-confirmed expiry failed; retrying in 1 s")
            with self._timing:
                self._timer = threading.Timer(1.0, self._expire)
                self._timer.daemon = True
                self._timer.start()

    def close(self) -> None:
        self._arm(None)
        self.driver.close()


class _Restore:
    """Pushes a change to the device inside the store's transaction; puts the old set back if it fails."""

    def __init__(self, driver: NetworkDriver, old: PolicySet) -> None:
        self.driver, self.old = driver, old
        self.pushed_set: PolicySet | None = None

    def push(self, policies: PolicySet) -> None:
        self.driver.apply(policies)
        self.pushed_set = policies

    def undo(self) -> None:
        if self.pushed_set is not None:
            self.driver.apply(self.old)
