"""SDN intents: blocks, rate limits and routes between endpoints of the inventory."""
from __future__ import annotations

from typing import Any

from ...lexicon import APP_PORTS
from .phrasing import Clause, Phrasing, Ref


class Sdn(Phrasing):
    """sdn.block, sdn.rate_limit, sdn.route."""

    def endpoints(self, p_any: float = 0.12) -> tuple[Ref, Ref]:
        src = self.endpoint(p_role=0.12, p_any=p_any)
        dst = self.endpoint(p_role=0.06, p_any=p_any / 2 if src.value != "any" else 0, exclude=[src.value])
        return src, dst

    def sdn_block(self) -> Clause:
        src, dst = self.endpoints()
        ir: dict[str, Any] = {"kind": "sdn.block", "src": src.value, "dst": dst.value}
        target = [f"block src={src.value} dst={dst.value}"]
        what = self.pick(["traffic", "all traffic", "packets", "everything", "all packets", "flows"])
        x = self.rng.random()
        if x < 0.3:
            app = self.pick(sorted(APP_PORTS))
            proto, port = APP_PORTS[app]
            ir.update(protocol=proto, port=port)
            what = self.pick([f"{app} traffic", f"{app.upper()}", f"{app} access", f"{app} connections"])
            target.append(f"proto={app}")
        elif x < 0.55:
            proto = self.pick(["tcp", "udp", "tcp", "udp"])
            port = self.pick([80, 443, 8080, 5000, 1883, 5683, 9000, 3306, 6379, 502])
            ir.update(protocol=proto, port=port)
            what = self.pick([f"{proto.upper()} port {port}", f"{proto} traffic on port {port}", f"port {port}/{proto}",
                              f"{proto.upper()} {port}"])
            target.append(f"proto={proto} port={port}")
        elif x < 0.68:
            ir["protocol"] = "icmp"
            what = self.pick(["ICMP", "ping", "icmp traffic", "pings"])
            target.append("proto=icmp")
        elif x < 0.75:
            proto = self.pick(["tcp", "udp"])
            ir["protocol"] = proto
            what = self.pick([f"all {proto.upper()} traffic", f"{proto} packets"])
            target.append(f"proto={proto}")
        s, d = src.mention, dst.mention
        forms = [f"block {what} from {s} to {d}", f"drop {what} from {s} to {d}", f"deny {what} from {s} to {d}",
                 f"stop {what} from {s} reaching {d}", f"filter {what} from {s} towards {d}",
                 f"block {what} between {s} and {d}", f"prevent {s} from sending {what} to {d}",
                 f"{s} must not send {what} to {d}", f"firewall {what} from {s} to {d}",
                 f"disallow {what} from {s} to {d}", f"no {what} from {s} to {d}", f"deny {s} {what} to {d}",
                 f"blackhole {what} from {s} to {d}", f"add an ACL dropping {what} from {s} to {d}",
                 f"from {s} to {d}: block {what}"]
        if what in ("traffic", "all traffic", "everything"):
            forms += [f"{s} must not reach {d}", f"{d} must not be reachable from {s}",
                      f"cut off {s} from {d}", f"{s} should not be able to talk to {d}",
                      f"make sure {s} can't reach {d}", f"{s} may not access {d}", f"deny {s} access to {d}"]
        if src.value == "any":
            forms += [f"block {what} going into {d}", f"drop {what} to {d} from anywhere",
                      f"block all inbound {what} to {d}"]
        return Clause(self.pick(forms), ir, " ".join(target))

    def sdn_rate_limit(self) -> Clause:
        src, dst = self.endpoints()
        q = self.bandwidth(hi=2000)
        s, d, r = src.mention, dst.mention, q.text
        forms = [f"limit traffic from {s} to {d} to {r}", f"throttle {s} to {d} at {r}",
                 f"cap traffic from {s} to {d} at {r}", f"rate-limit {s} -> {d} to {r}",
                 f"{s} to {d} must not exceed {r}", f"police traffic from {s} to {d} at {r}",
                 f"restrict {s}'s traffic to {d} to {r}", f"set a {r} rate limit from {s} to {d}",
                 f"shape traffic between {s} and {d} to {r}", f"keep {s}->{d} under {r}",
                 f"limit {s} to {d} at {r}", f"put a {r} cap on traffic from {s} to {d}",
                 f"throttle traffic between {s} and {d} to {r}", f"rate limit {s} towards {d} at {r}",
                 f"traffic from {s} to {d} should be limited to {r}"]
        if src.value == "any":
            forms += [f"rate-limit everything going into {d} to {r}", f"cap inbound traffic to {d} at {r}"]
        return Clause(self.pick(forms), {"kind": "sdn.rate_limit", "src": src.value, "dst": dst.value,
                                         "rate_mbps": q.value}, f"limit src={src.value} dst={dst.value} rate={r.lower()}")

    def sdn_route(self) -> Clause:
        src = self.endpoint(p_role=0.1)
        dst = self.endpoint(p_role=0.03, exclude=[src.value])
        ir: dict[str, Any] = {"kind": "sdn.route", "src": src.value, "dst": dst.value}
        target = [f"route src={src.value} dst={dst.value}"]
        middle = ("transport", "core", "edge")
        parts: list[str] = []
        used = [src.value, dst.value]
        if self.chance(0.5):
            via = [self.node(middle, exclude=used) for _ in range(self.rng.choice([1, 1, 2]))]
            via = list({r.value: r for r in via}.values())
            used += [r.value for r in via]
            ir["via"] = self.values(via)
            target.append(f"via={','.join(ir['via'])}")
            parts.append(self.pick([f"via {self.refs_text(via)}", f"through {self.refs_text(via)}",
                                    f"passing through {self.refs_text(via)}", f"by way of {self.refs_text(via)}"]))
        if self.chance(0.35) or not parts:
            avoid = [self.node(middle, exclude=used) for _ in range(self.rng.choice([1, 1, 2]))]
            avoid = list({r.value: r for r in avoid}.values())
            ir["avoid"] = self.values(avoid)
            target.append(f"avoid={','.join(ir['avoid'])}")
            parts.append(self.pick([f"avoiding {self.refs_text(avoid)}", f"around {self.refs_text(avoid)}",
                                    f"not through {self.refs_text(avoid)}", f"bypassing {self.refs_text(avoid)}",
                                    f"steering clear of {self.refs_text(avoid)}"]))
        if self.chance(0.25):
            q = self.small_count([2, 2, 3, 4])
            ir["paths"] = int(q.value)
            target.append(f"paths={q.text}")
            parts.append(self.pick([f"over {q.text} load-balanced paths", f"split across {q.text} paths",
                                    f"using {q.text} parallel paths", f"load-balanced over {q.text} paths",
                                    f"{q.text}-way ECMP", f"ECMP {q.text} ways", f"over {q.text} routes",
                                    f"with {q.text}-way load balancing"]))
        if self.chance(0.3):
            obj = self.pick(["latency", "hops", "bandwidth"])
            ir["objective"] = obj
            target.append(f"obj={obj}")
            parts.append(self.pick({"latency": ["on the lowest-latency path", "minimising latency",
                                                "optimising for latency", "on the fastest path"],
                                    "hops": ["with the fewest hops", "minimising hop count", "on the shortest path in hops"],
                                    "bandwidth": ["on the highest-bandwidth path", "maximising bandwidth",
                                                  "optimising for bandwidth", "on the fattest pipe"]}[obj]))
        self.rng.shuffle(parts)
        rest = " ".join(parts) if self.chance(0.6) else self.join(parts)
        s, d = src.mention, dst.mention
        text = self.pick([f"route traffic from {s} to {d} {rest}", f"send {s}'s traffic to {d} {rest}",
                          f"steer traffic from {s} to {d} {rest}", f"traffic from {s} to {d} should go {rest}",
                          f"reroute {s} -> {d} {rest}", f"path {s} to {d} {rest}",
                          f"forward flows from {s} towards {d} {rest}", f"set up a route from {s} to {d} {rest}",
                          f"make traffic from {s} to {d} go {rest}", f"route {s} to {d} {rest}",
                          f"{s} to {d} traffic: route it {rest}", f"I want {s}'s packets to reach {d} {rest}"])
        return Clause(text, ir, " ".join(target))
