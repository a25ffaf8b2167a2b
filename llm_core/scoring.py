"""The scoring rule of ``spec/intent-ir.md`` ("How a translation is scored"), for the training card,
the held-out checks and the benches (the product does not depend on ../shared/tools): exact matches
where an added constraint is wrong, and meaning flips, predictions that do the opposite of the request."""
from __future__ import annotations

from itertools import permutations
from typing import Any

EXACT_NUMBERS = {"port", "rounds", "paths", "cut_layer", "local_epochs", "max_devices"}
CONSTRAINTS = {"via", "avoid", "paths", "protocol", "port", "schedule"}
"""Fields that narrow what an intent does: a prediction may not add one the gold intent does not state."""


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


def added(gold: dict[str, Any], pred: dict[str, Any]) -> set[str]:
    """Constraints the prediction states (non-empty) that the gold intent does not."""
    return {k for k in CONSTRAINTS - gold.keys() if pred.get(k) not in (None, [], {})}


def intent_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """One predicted intent states what the gold one does, and narrows it by nothing the gold leaves open."""
    return equal(gold, pred) and not added(gold, pred)


def intents_match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> bool:
    """Gold and predicted intents match one-to-one with nothing extra (order free)."""
    if len(gold) != len(pred):
        return False
    return any(all(intent_match(g, p) for g, p in zip(gold, perm)) for perm in permutations(pred))


def _ends(ir: dict[str, Any]) -> frozenset[str]:
    return frozenset(str(ir.get(k, "")).casefold() for k in ("src", "dst"))


def _names(xs: Any) -> set[str]:
    return {str(x).casefold() for x in xs} if isinstance(xs, list) else set()


def meaning_flips(gold: dict[str, Any], intents: list[dict[str, Any]]) -> list[str]:
    """What ``intents`` do that is the opposite of the gold record (``{"intents", "error"}``), not merely
    wrong or missing: traffic the gold does not block is blocked, a node the gold avoids is routed through
    (or the reverse), a slice the gold creates or changes is deleted, or intents for a request the gold
    refuses as unsafe."""
    if gold.get("error"):
        return ["unsafe request accepted"] if gold["error"].get("code") == "unsafe" and intents else []
    golds, out = gold["intents"], []
    blocked = {_ends(g) for g in golds if g["kind"] == "sdn.block"}
    deleted = {str(g.get("name", "")).casefold() for g in golds if g["kind"] == "slice.delete"}
    kept = {str(g.get("name", "")).casefold() for g in golds if g["kind"] in ("slice.create", "slice.modify")}
    for p in intents:
        if p["kind"] == "sdn.block" and _ends(p) not in blocked:
            out.append(f"block {p.get('src')}->{p.get('dst')} the request does not ask for")
        if p["kind"] == "slice.delete" and str(p.get("name", "")).casefold() in kept - deleted:
            out.append(f"deletes slice {p.get('name')} the request creates or changes")
        if p["kind"] == "sdn.route":
            via, avoid = _names(p.get("via")) - _names(p.get("avoid")), _names(p.get("avoid")) - _names(p.get("via"))
            if any(g["kind"] == "sdn.route" and _ends(g) == _ends(p)
                   and (_names(g.get("avoid")) & via or _names(g.get("via")) & avoid) for g in golds):
                out.append(f"route {p.get('src')}->{p.get('dst')} swaps via and avoid")
    return out
