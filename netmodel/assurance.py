"""Intent assurance: what the running policies promise, checked against one tick of telemetry.

Each broken promise is a :class:`Violation` with the closed-loop event it raises (``link_down``,
``latency_violation``, ``congestion``, ``ddos``), the node it is raised at, the object or link at
fault, and a sentence for the operator. The hub agent's ``assure`` step and the closed loop read
the same checks.
"""
from __future__ import annotations

from dataclasses import dataclass

from .policy import PolicyObject, PolicySet, RoutePolicy, SliceReservation
from .telemetry import LinkSample, Snapshot
from .twin import link_key

CONGESTED = 0.95
"""Link utilisation from which a link counts as congested."""


@dataclass(frozen=True)
class Violation:
    event: str  # link_down | latency_violation | congestion | ddos | cut_off (a site's own traffic stopped)
    node: str  # where the event is raised: the slice's site, the route's source, the link's lower end
    subject: str  # section/key of the object, or the link "a--b"
    message: str
    link: tuple[str, str] | None = None  # the link at fault, when there is one


def _hops(snap: Snapshot, path: list[str]) -> list[tuple[tuple[str, str], LinkSample]]:
    return [((a, b), snap.links[link_key(a, b)]) for a, b in zip(path, path[1:])]


def _slice(snap: Snapshot, sl: SliceReservation) -> list[Violation]:
    out = []
    for site, path in sl.paths.items():
        where, hops = f"slice {sl.name} at {site}", _hops(snap, path)
        subject = f"slices/{sl.name}"
        down = next((ab for ab, sample in hops if not sample.up), None)
        if down:
            out.append(Violation("link_down", site, subject, f"{where}: link {'--'.join(down)} is down", down))
            continue
        lat = sum(sample.latency_ms for _, sample in hops)
        if lat > sl.max_latency_ms:
            worst = max(hops, key=lambda h: h[1].latency_ms)[0]
            out.append(Violation("latency_violation", site, subject,
                                 f"{where}: {lat:.2f} ms measured, budget {sl.max_latency_ms:g} ms", worst))
        full = next((ab for ab, sample in hops if sample.utilization >= 1.0), None)
        if full:
            out.append(Violation("congestion", site, subject, f"{where}: link {'--'.join(full)} is saturated", full))
    return out


def _route(snap: Snapshot, r: RoutePolicy) -> list[Violation]:
    for path in r.paths:
        down = next((ab for ab, sample in _hops(snap, path) if not sample.up), None)
        if down:
            return [Violation("link_down", r.src, f"routes/{r.key()}", f"route {r.key()}: link {'--'.join(down)} is down",
                              down)]
    return []


def check(snap: Snapshot, objects: list[tuple[str, PolicyObject]]) -> list[Violation]:
    """The promises of ``objects`` (slices and routes) this tick breaks."""
    out: list[Violation] = []
    for _, obj in objects:
        if isinstance(obj, SliceReservation):
            out += _slice(snap, obj)
        elif isinstance(obj, RoutePolicy):
            out += _route(snap, obj)
    return out


def sla(snap: Snapshot, policies: PolicySet) -> list[Violation]:
    """Every broken promise in the network this tick: the running slices and routes, congested
    links, floods the network still carries (a site under attack with no rule stopping it), and
    sites whose own traffic a rule stops though they attack no one. The closed loop's measure."""
    out = check(snap, policies.objects())
    for (a, b), sample in sorted(snap.links.items()):
        if sample.up and sample.utilization >= CONGESTED:
            out.append(Violation("congestion", a, f"{a}--{b}", f"link {a}--{b} at {sample.utilization:.0%}", (a, b)))
    attacking = {str(f.target) for f in snap.faults if f.kind == "ddos"}
    for site in sorted(attacking):
        if policies.source_rule(site) is None:
            out.append(Violation("ddos", site, site, f"{site} floods the network unchecked"))
    for site, features in sorted(snap.site_features.items()):
        rule = policies.source_rule(site)
        if site not in attacking and rule is not None and (rule.action == "drop" or (rule.rate_mbps or 0) < features[1]):
            how = "dropped" if rule.action == "drop" else f"policed to {rule.rate_mbps:g} Mbit/s"
            out.append(Violation("cut_off", site, f"acls/{rule.key()}", f"{site}'s own traffic ({features[1]:.0f} Mbit/s) "
                                                                         f"is {how}"))
    return out
