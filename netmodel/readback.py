"""A read-back: what a change will do, in plain words, written from the compiled policies.

The operator approves this text, so it is never written by the language model: every line is
rendered deterministically from the objects the compiler made (e.g. "BLOCK tcp/22 from gnb-3 to
smart-farm on 1 device").
"""
from __future__ import annotations

from .policy import FlowRule, JobSpec, PolicyObject, PolicySet, RoutePolicy, SliceReservation, ZtnRule

SERVICE_NAMES = {"embb": "eMBB", "urllc": "URLLC", "mmtc": "mMTC", "v2x": "V2X"}


def _nodes(selector: str | None, nodes: tuple[str, ...] | None) -> str:
    if selector:
        return "anywhere" if selector == "any" else selector
    return "anywhere" if nodes is None else ", ".join(nodes)


def describe(obj: PolicyObject) -> str:
    """One object as the device will hold it."""
    if isinstance(obj, SliceReservation):
        when = f", daily {obj.schedule.start}-{obj.schedule.end}" if obj.schedule else ""
        links = len({(a, b) for p in obj.paths.values() for a, b in zip(p, p[1:])})
        return (f"slice {obj.name}: {SERVICE_NAMES[obj.service]} {obj.bandwidth_mbps:g} Mbit/s, at most "
                f"{obj.max_latency_ms:g} ms, for {', '.join(obj.sites)}{when}, reserved on {links} link(s)")
    if isinstance(obj, FlowRule):
        m = obj.match
        what = "all" if m.protocol == "any" else m.protocol + (f"/{m.port}" if m.port is not None else "")
        between = f"from {_nodes(obj.selector.get('src'), m.src)} to {_nodes(obj.selector.get('dst'), m.dst)}"
        on = f"on {len(obj.devices)} device(s)"
        if obj.action == "drop":
            return f"{what} traffic {between} {on}"
        return f"traffic {between} to {obj.rate_mbps:g} Mbit/s {on}"
    if isinstance(obj, RoutePolicy):
        paths = " and ".join(" → ".join(p) for p in obj.paths)
        return f"traffic {obj.src} → {obj.dst} over {paths} (lowest {obj.objective})"
    if isinstance(obj, ZtnRule):
        how = "automatically" if obj.mode == "auto" else "after asking an operator"
        rate = f" to {obj.rate_mbps:g} Mbit/s" if obj.rate_mbps else ""
        return f"rule {obj.name}: on {obj.event} at {len(obj.scope)} node(s), {obj.action}{rate} {how}"
    if isinstance(obj, JobSpec):
        params = ", ".join(f"{k}={v}" for k, v in sorted(obj.params.items()))
        return f"job {obj.id}: {obj.kind.split('.')[1]} of {obj.model} on {len(obj.nodes)} node(s) ({params})"
    return obj.summary()


_ADD = {"slices": "CREATE", "routes": "ROUTE", "ztn": "ADD", "jobs": "START"}


def _add_verb(section: str, obj: PolicyObject) -> str:
    if isinstance(obj, FlowRule):
        return "BLOCK" if obj.action == "drop" else "LIMIT"
    return _ADD[section]


def added(section: str, obj: PolicyObject) -> str:
    """The line of one object as a change that adds it ("BLOCK all traffic from ... on 1 device(s)")."""
    return f"{_add_verb(section, obj)} {describe(obj)}"


def readback(running: PolicySet, candidate: PolicySet) -> list[str]:
    """Every change from ``running`` to ``candidate`` (as :meth:`PolicySet.diff` finds them), one line
    each, verb first."""
    lines = []
    for e in running.diff(candidate).entries:
        before, after = getattr(running, e.section).get(e.key), getattr(candidate, e.section).get(e.key)
        if e.op == "add":
            lines.append(added(e.section, after))
        elif e.op == "remove":
            lines.append(f"REMOVE {describe(before)}")
        else:
            lines.append(f"CHANGE {describe(before)} → {describe(after)}")
    return lines
