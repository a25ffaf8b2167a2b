"""Zero-touch closed-loop rules: an event in a scope triggers an action, automatically or on approval."""
from __future__ import annotations

from typing import Any

from .phrasing import Clause, Phrasing


class Ztn(Phrasing):
    """ztn.policy."""

    EVENT_PHRASES = {
        "ddos": ["a DDoS attack", "a DDoS", "DDoS traffic", "a denial-of-service attack", "a traffic flood"],
        "anomaly": ["an anomaly", "anomalous traffic", "anything anomalous", "an anomaly alarm", "abnormal behaviour"],
        "link_down": ["a link failure", "a link going down", "link down", "a broken link", "a fibre cut"],
        "congestion": ["congestion", "congested links", "a congestion alarm", "overloaded links", "heavy congestion"],
        "latency_violation": ["a latency violation", "latency above the SLA", "an SLA latency breach",
                              "latency violations", "latency out of bounds"],
    }
    ACTION_PHRASES = {
        "isolate": ["isolate it", "quarantine the node", "cut it off", "isolate the affected node", "isolate them"],
        "reroute": ["reroute traffic", "route around it", "reroute", "move traffic to another path", "fail over the traffic"],
        "rate_limit": ["rate-limit it", "throttle the traffic", "rate limit the source", "apply a rate limit"],
        "scale_slice": ["scale up the slice", "scale the slice", "grow the slice", "add capacity to the slice"],
        "alert": ["alert me", "raise an alert", "notify the NOC", "just send an alert", "page the on-call engineer"],
    }
    MODE_PHRASES = {
        "auto": ["automatically", "without asking", "no need to ask", "just do it", "on its own", "fully automatic",
                 "no approval needed", "without waiting for me"],
        "approve": ["ask me first", "with a human in the loop", "page me before acting", "after my approval",
                    "but get my approval first", "only once I approve", "with operator approval"],
    }

    def ztn_policy(self) -> Clause:
        event = self.pick(list(self.EVENT_PHRASES))
        scope = self.selector(("site", "ran", "edge", "transport"), p_role=0.25, p_all=0.08, most=2)
        action = self.pick(list(self.ACTION_PHRASES))
        mode_said = self.chance(0.75)
        mode = self.pick(["auto", "approve"]) if mode_said else "approve"
        ir: dict[str, Any] = {"kind": "ztn.policy", "trigger": {"event": event, "scope": self.values(scope)},
                              "action": action, "mode": mode}
        target = [f"ztn on={event} scope={','.join(self.values(scope))} act={action} mode={mode}"]
        act = self.pick(self.ACTION_PHRASES[action])
        if action == "rate_limit" and self.chance(0.6):
            q = self.bandwidth(hi=1000)
            ir["rate_mbps"] = q.value
            target.append(f"rate={q.text.lower()}")
            act = self.pick([f"rate-limit it to {q.text}", f"throttle it to {q.text}", f"cap it at {q.text}"])
        name_part = ""
        if self.chance(0.15):
            name = f"{self.slice_name()}-rule" if self.chance(0.3) else self.slice_name()
            ir["name"] = name
            target.append(f"name={name}")
            name_part = self.pick([f" (call the rule {name})", f", name it {name}", f"; rule name {name}",
                                   f"@policy {name}: ", f"@rule '{name}': ", f"@closed-loop policy {name} - "])
        mode_text = f" {self.pick(self.MODE_PHRASES[mode])}" if mode_said else ""
        ev, sc = self.pick(self.EVENT_PHRASES[event]), self.refs_text(scope)
        text = self.pick([f"if {ev} hits {sc}, {act}{mode_text}", f"when {sc} sees {ev}, {act}{mode_text}",
                          f"on {ev} at {sc}: {act}{mode_text}", f"whenever there is {ev} on {sc}, {act}{mode_text}",
                          f"set up a rule: {ev} on {sc} -> {act}{mode_text}",
                          f"in case of {ev} at {sc}, {act}{mode_text}",
                          f"add a closed-loop policy for {sc}: on {ev}, {act}{mode_text}",
                          f"should {sc} detect {ev}, {act}{mode_text}",
                          f"if {sc} experiences {ev}, {act}{mode_text}",
                          f"create a zero-touch rule for {sc}: {ev} -> {act}{mode_text}",
                          f"{act}{mode_text} whenever {ev} is detected at {sc}",
                          f"closed loop for {sc}: when {ev} occurs, {act}{mode_text}"])
        text = name_part[1:] + text if name_part.startswith("@") else text + name_part
        return Clause(text, ir, " ".join(target))
