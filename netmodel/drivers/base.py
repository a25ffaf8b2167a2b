"""The driver interface every data plane implements (after NAPALM's config-session methods).

A driver holds at most one candidate. ``diff`` shows what committing it would change;
``commit`` makes it running; ``commit_confirmed`` does the same but rolls back on its own unless
``confirm`` comes within the timeout; ``rollback`` restores an earlier version. Drivers persist
running versions through the :class:`~netmodel.store.Store`, which makes every commit atomic.
"""
from __future__ import annotations

from abc import ABC, abstractmethod

from ..policy import PolicyDiff, PolicySet
from ..store import IntentRow


class NetworkDriver(ABC):
    """Load a candidate, diff it, commit (optionally confirmed), roll back."""

    name: str = "driver"

    def __enter__(self) -> NetworkDriver:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        """Connect to the network (no-op where there is nothing to connect to)."""

    def close(self) -> None:
        """Drop the candidate and disconnect."""
        self.discard()

    @abstractmethod
    def get_running(self) -> PolicySet:
        """The policy set in force."""

    @abstractmethod
    def load_candidate(self, candidate: PolicySet) -> None:
        """Stage a whole policy set (replace semantics) without applying it."""

    @abstractmethod
    def diff(self) -> PolicyDiff:
        """What committing the candidate would change (empty when there is no candidate)."""

    @abstractmethod
    def discard(self) -> None:
        """Forget the candidate."""

    @abstractmethod
    def commit(self, *, message: str = "", actor: str = "operator", intents: list[IntentRow] = ()) -> int:
        """Apply the candidate; returns the new running version."""

    @abstractmethod
    def commit_confirmed(self, timeout_s: float, *, message: str = "", actor: str = "operator",
                         intents: list[IntentRow] = ()) -> int:
        """Apply the candidate; it rolls back by itself unless :meth:`confirm` comes within ``timeout_s``."""

    @abstractmethod
    def confirm(self) -> int:
        """Keep the pending commit-confirmed version."""

    @abstractmethod
    def rollback(self, version: int | None = None, *, reason: str = "") -> int:
        """Restore ``version`` (default: the one before the running one) as a new version."""

    @abstractmethod
    def has_pending_commit(self) -> bool:
        """Is a commit-confirmed version waiting for confirmation?"""
