"""The corpus mix: how often each intent family, several intents at once and each refusal occur, and
the reproducible generation of distinct utterances."""
from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import networkx as nx

from .phrasing import Clause, Split
from .query import Queries
from .refusals import Refusals
from .slices import Slices
from .ztn import Ztn


class Generator(Slices, Ztn, Queries, Refusals):
    """Every intent family over one inventory; ``single(kind)`` renders one intent of a kind."""


KIND_WEIGHTS = {"slice_create": 14, "slice_modify": 8, "slice_delete": 4, "sdn_block": 10, "sdn_rate_limit": 7,
                "sdn_route": 8, "ztn_policy": 9, "learn_fedft": 7, "learn_split": 5, "query": 9}
ERROR_WEIGHTS = {"out_of_scope": 5, "unknown_entity": 6, "unsafe": 7, "ambiguous": 5, "invalid": 5}
MULTI_WEIGHT = 24


def _record(text: str, clauses: Sequence[Clause], error: tuple[str, str] | None, target: str) -> dict[str, Any]:
    if error:
        return {"text": text, "intents": [], "error": {"code": error[0], "message": error[1]}, "target": target}
    return {"text": text, "intents": [c.ir for c in clauses], "error": None, "target": target}


def _join_clauses(gen: Generator, texts: list[str]) -> str:
    out = texts[0]
    for t in texts[1:]:
        out += gen.pick([", and ", "; also ", ". Then ", " and ", ", plus ", ". Also, ", " and then ", ". "]) + t
    return out


def generate_record(gen: Generator) -> dict[str, Any]:
    """One utterance: a single intent, several, or an error, by the corpus mix."""
    table = {**KIND_WEIGHTS, **ERROR_WEIGHTS, "multi": MULTI_WEIGHT}
    choice = gen.rng.choices(list(table), weights=list(table.values()))[0]
    if choice in KIND_WEIGHTS:
        c = gen.single(choice)
        return _record(gen.polish(c.text, calm=choice == "ztn_policy"), [c], None, c.target)
    if choice == "multi":
        kinds = gen.rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=gen.rng.choice([2, 2, 2, 3]))
        clauses = [gen.single(k) for k in kinds]
        if gen.chance(0.15):  # a flawed part spoils the whole utterance
            i = gen.rng.randrange(len(clauses))
            clauses[i] = gen.invalid() if gen.chance(0.5) else gen.with_unknown_node()
        text = gen.polish(_join_clauses(gen, [c.text for c in clauses]), calm="ztn_policy" in kinds)
        target = " ; ".join(c.target for c in clauses)
        flaw = next((c.flaw for c in clauses if c.flaw), None)
        what = "an unknown node" if flaw == "unknown_entity" else "an impossible value"
        return _record(text, clauses, (flaw, f"one part names {what}") if flaw else None, target)
    if choice == "unknown_entity":
        c = gen.with_unknown_node()
        return _record(gen.polish(c.text, calm=c.target.startswith("ztn")), [],
                       ("unknown_entity", "names a node the inventory does not have"), c.target)
    if choice == "invalid":
        c = gen.invalid()
        return _record(gen.polish(c.text), [], ("invalid", "impossible value"), c.target)
    text, message = {"out_of_scope": gen.out_of_scope, "unsafe": gen.unsafe, "ambiguous": gen.ambiguous}[choice]()
    polished = gen.polish(text) if choice != "unsafe" or gen.chance(0.5) else text
    return _record(polished, [], (choice, message), f"!{choice}")


def generate_corpus(g: nx.Graph, n: int, seed: int, split: Split = "all") -> list[dict[str, Any]]:
    """``n`` synthetic utterances over the inventory ``g``, reproducible from ``seed``.

    Records: ``text``, ``intents`` (IR JSON dicts), ``error`` (None or {code, message}) and
    ``target`` (the compact form the hub model learns). Duplicated texts are dropped and
    replaced, so the ``n`` texts are distinct.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    gen = Generator(g, random.Random(seed), split)
    out, seen = [], set()
    for _ in range(n * 20):
        if len(out) == n:
            break
        rec = generate_record(gen)
        if rec["text"] not in seen:
            seen.add(rec["text"])
            out.append(rec)
    return out
