"""The exact-utterance rule of ``spec/intent-ir.md`` ("How a translation is scored"), for the
training card and the held-out checks (the product does not depend on ../shared/tools)."""
from __future__ import annotations

from itertools import permutations
from typing import Any

EXACT_NUMBERS = {"port", "rounds", "paths", "cut_layer", "local_epochs", "max_devices"}


def equal(gold: Any, pred: Any, field: str = "") -> bool:
    """Does ``pred`` state what ``gold`` states (strings case-insensitively, numbers within 1 %,
    counts and ports exactly, reliability on 1 - r, lists as sets except ``via``)?"""
    if isinstance(gold, dict):
        return isinstance(pred, dict) and all(k in pred and equal(v, pred[k], k) for k, v in gold.items())
    if isinstance(gold, list):
        if not isinstance(pred, list):
            return False
        if field == "via":
            return len(gold) == len(pred) and all(equal(g, p) for g, p in zip(gold, pred))
        return all(any(equal(g, p) for p in pred) for g in gold) and all(any(equal(g, p) for g in gold) for p in pred)
    if type(gold) in (int, float):
        if type(pred) not in (int, float):
            return False
        if field in EXACT_NUMBERS:
            return pred == gold
        if field == "reliability":
            gold, pred = 1 - gold, 1 - pred
        return abs(pred - gold) <= 0.01 * abs(gold)
    if isinstance(gold, str):
        return isinstance(pred, str) and pred.casefold() == gold.casefold()
    return gold == pred


def intents_match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> bool:
    """Gold and predicted intents match one-to-one with nothing extra (order free)."""
    if len(gold) != len(pred):
        return False
    return any(all(equal(g, p) for g, p in zip(gold, perm)) for perm in permutations(pred))
