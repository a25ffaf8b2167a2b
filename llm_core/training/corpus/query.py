"""Read-only questions about the network: topology, slices, policies, alarms, paths."""
from __future__ import annotations

from typing import Any

from .phrasing import Clause, Phrasing


class Queries(Phrasing):
    """query."""

    def query(self) -> Clause:
        topic = self.pick(["topology", "slices", "policies", "alarms", "telemetry", "models", "path"])
        ir: dict[str, Any] = {"kind": "query", "topic": topic}
        tgt = f"query topic={topic}"
        if topic == "path":
            a = self.selector(("site", "ran", "edge", "core", "cloud"), p_role=0, p_all=0, most=1)[0]
            b = self.node(("site", "edge", "core", "cloud", "transport"), exclude=[a.value])
            ir.update(target=a.value, dst=b.value)
            text = self.pick([f"what's the path from {a.mention} to {b.mention}",
                              f"how does traffic get from {a.mention} to {b.mention}",
                              f"trace the route from {a.mention} to {b.mention}",
                              f"show the path between {a.mention} and {b.mention}",
                              f"which way do packets go from {a.mention} to {b.mention}?",
                              f"which hops lie between {a.mention} and {b.mention}",
                              f"route from {a.mention} to {b.mention}?", f"show me how {a.mention} reaches {b.mention}"])
            return Clause(text, ir, f"{tgt} target={a.value} dst={b.value}")
        targeted = topic in ("alarms", "telemetry", "models", "slices") and self.chance(0.5)
        t = self.selector(("site", "ran", "edge", "transport", "core"), p_role=0.15, p_all=0, most=1)[0] if targeted else None
        on = f" {self.pick(['on', 'at', 'for', 'of'])} {t.mention}" if t else ""
        forms = {
            "topology": ["show me the topology", "what does the network look like", "display the network map",
                         "list all nodes and links", "describe the topology", "give me an overview of the network",
                         "topology please", "how is the network laid out", "print the network graph"],
            "slices": [f"list the slices{on}", f"which slices are running{on}", f"show slices{on}",
                       f"what slices do we have{on}", f"show me every active slice{on}"],
            "policies": ["show the policies in force", "which policies are active", "list the current policies",
                         "what rules are configured", "dump the running policy set", "what policies are in place",
                         "show the running configuration"],
            "alarms": [f"any alarms{on}?", f"show alarms{on}", f"are there alarms{on}", f"list open alarms{on}",
                       f"what is alerting{on}", f"show me current alarms{on}", f"any active alerts{on}?"],
            "telemetry": [f"show telemetry{on}", f"what's the load{on}", f"current stats{on}",
                          f"show me the metrics{on}", f"how busy are the links{on}"]
            + ([f"how is {t.mention} doing", f"telemetry for {t.mention} please"] if t else []),
            "models": [f"which models are deployed{on}", f"list the models{on}", f"what model versions are running{on}",
                       f"show the ML models{on}", f"what models do the node agents run{on}"],
        }[topic]
        if t:
            ir["target"] = t.value
            tgt += f" target={t.value}"
        return Clause(self.pick(forms), ir, tgt)
