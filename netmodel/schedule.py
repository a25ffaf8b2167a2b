"""Daily time windows of scheduled slices, and the peak load they put on a link.

Two slices over the same link only compete while both are active, so admission and verification
use the peak of the summed reservations over the day, not their plain sum.
"""
from __future__ import annotations

from collections.abc import Iterable

from .ir import Schedule

DAY = 24 * 60


def minute(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def active(window: Schedule | None, t: int) -> bool:
    """Is minute-of-day ``t`` inside the window? A window may wrap midnight; start == end is all day."""
    if window is None:
        return True
    s, e = minute(window.start), minute(window.end)
    if s == e:
        return True
    return s <= t < e if s < e else (t >= s or t < e)


def peak(items: Iterable[tuple[float, Schedule | None]], within: Schedule | None = None) -> float:
    """Largest total of concurrently active loads during ``within`` (the whole day when None).

    Load only rises at a window's start, so checking the start minutes (and ``within``'s own
    start) finds the exact peak.
    """
    items = list(items)
    if not items:
        return 0.0
    times = {0} | {minute(w.start) for _, w in items if w is not None}
    if within is not None:
        times.add(minute(within.start))
    return max(sum(mbps for mbps, w in items if active(w, t)) for t in times if active(within, t))
