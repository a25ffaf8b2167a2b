"""The driver interface every data plane implements: render a policy set and apply it.

A driver knows its device and nothing else: no versions, no transactions, no timers. Those live
once, for every driver, in :class:`netmodel.network.Network` (NAPALM's config-session verbs:
load candidate, diff, commit, commit-confirmed, confirm, rollback, get running), which calls
:meth:`NetworkDriver.apply` inside the store's write transaction, so the device and the store
change together or not at all.
"""
from __future__ import annotations

from abc import ABC, abstractmethod

from ..policy import PolicyDiff, PolicySet


class NetworkDriver(ABC):
    """Renders policy sets for one data plane and makes the device run one."""

    name: str = "driver"

    def open(self) -> None:
        """Connect to the network (no-op where there is nothing to connect to)."""

    def close(self) -> None:
        """Disconnect."""

    def diff(self, running: PolicySet, candidate: PolicySet) -> PolicyDiff:
        """What applying ``candidate`` over ``running`` changes, as this device will do it."""
        return running.diff(candidate)

    @abstractmethod
    def apply(self, policies: PolicySet) -> None:
        """Make the device run exactly ``policies`` (replace semantics).

        On failure the device must be left running what it ran before, and
        :class:`~netmodel.errors.ApplyError` raised.
        """
