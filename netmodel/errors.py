"""Errors that reach the operator: each has an IR error code and a one-line message."""
from __future__ import annotations

from typing import Any


class TinyLargeError(Exception):
    """Base of every refusal; ``code`` is one of the IR error codes or a compile/apply code."""

    code = "invalid"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **({"details": self.details} if self.details else {})}


class InvalidIntent(TinyLargeError):
    """Malformed or impossible values (schema violations, negative bandwidth, ...)."""

    code = "invalid"


class UnknownEntity(TinyLargeError):
    """A node, slice, policy or version that the inventory does not have."""

    code = "unknown_entity"


class AdmissionRefused(TinyLargeError):
    """The network cannot carry the intent: no capacity or no latency-feasible path."""

    code = "admission_refused"


class Conflict(TinyLargeError):
    """The candidate policy set contradicts itself or the running one (see ``details['conflicts']``)."""

    code = "conflict"


class ApplyError(TinyLargeError):
    """The driver could not load or commit a candidate; nothing was changed."""

    code = "apply_failed"


class NothingPending(TinyLargeError):
    """``confirm`` when no commit-confirmed change is waiting: the state is fine, the request is moot."""

    code = "nothing_pending"


class TranslatorRefusal(TinyLargeError):
    """A translate record that carries the translator's refusal (``ambiguous``, ``unsafe``, ...) instead
    of intents: reported with the translator's own code and reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"the translator refused the request: {message}")
        self.code = code
