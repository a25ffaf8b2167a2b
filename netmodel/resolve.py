"""Ground node references (ids, ``role:*`` selectors, ``all``/``any``) in the live inventory."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

import networkx as nx

from .errors import UnknownEntity
from .ir import ROLE_SELECTORS, Intent, IRModel

NODE_FIELDS = ("sites", "src", "dst", "via", "avoid", "nodes", "target", "scope")


def nearest_ids(g: nx.Graph, name: str, n: int = 3) -> list[str]:
    """Valid ids closest to a misspelt one (by similarity, then by shared prefix)."""
    ids = sorted(map(str, g.nodes))
    close = difflib.get_close_matches(name, ids, n=n, cutoff=0.5)
    return close or [i for i in ids if i.split("-")[0] == name.split("-")[0]][:n]


def unknown(g: nx.Graph, name: str) -> UnknownEntity:
    near = nearest_ids(g, name)
    hint = f"; did you mean {' or '.join(repr(x) for x in near)}?" if near else ""
    return UnknownEntity(f"unknown node {name!r}{hint}", node=name, nearest=near)


def resolve(g: nx.Graph, ref: str) -> list[str]:
    """Node ids a reference stands for; ``any``/``all`` mean every node."""
    if ref in ("all", "any"):
        return list(g.nodes)
    if ref in ROLE_SELECTORS:
        role = ref.split(":", 1)[1]
        return [n for n, r in g.nodes(data="role") if r == role]
    if ref not in g:
        raise unknown(g, ref)
    return [ref]


def resolve_all(g: nx.Graph, refs: Iterable[str]) -> list[str]:
    """Union of several references, in first-seen order, without duplicates."""
    out: dict[str, None] = {}
    for ref in refs:
        out.update(dict.fromkeys(resolve(g, ref)))
    return list(out)


def references(intent: IRModel) -> list[str]:
    """Every node reference an intent states, nested trigger scope included."""
    refs: list[str] = []
    for field in NODE_FIELDS:
        value = getattr(intent, field, None)
        if isinstance(value, str):
            refs.append(value)
        elif isinstance(value, list):
            refs.extend(value)
    trigger = getattr(intent, "trigger", None)
    if trigger is not None:
        refs.extend(trigger.scope)
    return refs


def check_references(g: nx.Graph, intent: Intent) -> None:
    """Raise :class:`UnknownEntity` (naming the nearest valid id) for the first unknown node id."""
    for ref in references(intent):
        resolve(g, ref)
