"""Slice intents (create, modify, delete) with their optional fields in the ways tenants ask for them."""
from __future__ import annotations

from collections.abc import Sequence

from netmodel.catalogue import SERVICES
from netmodel.vocabulary import USE_CASES

from .phrasing import Clause, Phrasing, Quantity


class Slices(Phrasing):
    """slice.create, slice.modify, slice.delete."""

    def slice_fields(self, fields: Sequence[str],
                     quantities: dict[str, Quantity] | None = None) -> tuple[list[str], dict, list[str]]:
        """Phrases, IR fields and compact pairs for optional slice fields."""
        quantities = quantities or {}
        phrases, ir, target = [], {}, []
        for f in fields:
            if f == "bandwidth_mbps":
                q = quantities.get(f) or self.bandwidth()
                phrases.append(self.pick([f"{q.text} of bandwidth", f"at least {q.text}", f"bandwidth of {q.text}",
                                          f"{q.text} guaranteed", f"a guaranteed {q.text}", f"{q.text} throughput",
                                          f"{q.text} downlink", f"bandwidth {q.text}", f"{q.text} minimum",
                                          f"min {q.text}", f"a {q.text} guarantee", f"{q.text} of capacity",
                                          f"throughput of at least {q.text}", f"bandwidth >= {q.text}"]))
                ir[f], _ = q.value, target.append(f"bw={q.text.lower()}")
            elif f == "max_latency_ms":
                q = quantities.get(f) or self.latency()
                phrases.append(self.pick([f"latency under {q.text}", f"max latency {q.text}", f"{q.text} latency",
                                          f"at most {q.text} of latency", f"latency below {q.text}",
                                          f"a latency budget of {q.text}", f"no more than {q.text} delay",
                                          f"{q.text} max delay", f"sub-{q.text} latency", f"latency <= {q.text}",
                                          f"{q.text} or less latency", f"latency of at most {q.text}",
                                          f"end-to-end latency under {q.text}", f"delay below {q.text}",
                                          f"a {q.text} latency cap"]))
                ir[f], _ = q.value, target.append(f"lat={q.text.lower()}")
            elif f == "reliability":
                q = quantities.get(f) or self.reliability()
                phrases.append(self.pick([f"{q.text} reliability", f"reliability of {q.text}",
                                          f"{q.text} availability", f"{q.text} uptime",
                                          f"availability of {q.text}", f"a reliability target of {q.text}",
                                          f"{q.text} availability guaranteed", f"reliability >= {q.text}",
                                          f"at least {q.text} reliability"]))
                ir[f], _ = q.value, target.append(f"rel={q.text.lower()}")
            elif f == "max_devices":
                q = quantities.get(f) or self.count()
                noun = self.pick(["devices", "sensors", "devices", "connected devices", "IoT devices", "terminals"])
                phrases.append(self.pick([f"up to {q.text} {noun}", f"for {q.text} {noun}", f"supporting {q.text} {noun}",
                                          f"max {q.text} {noun}", f"room for {q.text} {noun}", f"{q.text} {noun}"]))
                ir[f], _ = q.value, target.append(f"dev={q.text.lower()}")
            elif f == "isolation":
                iso = self.pick(["dedicated", "shared"])
                phrases.append(self.pick({"dedicated": ["dedicated resources", "full isolation",
                                                        "dedicated isolation", "no resource sharing",
                                                        "isolated resources"],
                                          "shared": ["shared resources", "shared isolation", "resource sharing",
                                                     "shared capacity"]}[iso]))
                ir[f], _ = iso, target.append(f"iso={iso}")
            elif f == "schedule":
                (h1, m1), (h2, m2) = self.rng.choice([((8, 0), (18, 0)), ((22, 0), (2, 0)), ((9, 0), (17, 0)),
                                                      ((18, 0), (23, 0)), ((6, 30), (9, 30)), ((0, 0), (6, 0)),
                                                      ((12, 0), (14, 0)), ((19, 0), (23, 30)), ((7, 0), (19, 0)),
                                                      ((20, 0), (4, 0)), ((13, 15), (15, 45))])
                s, e = self.clock(h1, m1), self.clock(h2, m2)
                phrases.append(self.pick([f"from {s} to {e}", f"between {s} and {e}", f"active {s}-{e}",
                                          f"every day from {s} to {e}", f"only from {s} until {e}",
                                          f"daily {s} to {e}", f"scheduled {s}–{e}"]))
                ir[f] = {"start": f"{h1:02d}:{m1:02d}", "end": f"{h2:02d}:{m2:02d}"}
                target.append(f"time={s.lower()}-{e.lower()}")
            elif f == "name":
                name = self.slice_name()
                shown = self.pick([name, name, f'"{name}"', f"'{name}'"])
                phrases.append(self.pick([f"called {shown}", f"named {shown}", f"name it {shown}",
                                          f"under the name {shown}", f"with the name {shown}"]))
                ir[f], _ = name, target.append(f"name={name}")
        return phrases, ir, target

    def with_clauses(self, phrases: list[str]) -> str:
        if not phrases:
            return ""
        self.rng.shuffle(phrases)
        body = self.join(phrases)
        return self.pick([f" with {body}", f", {body}", f" with {body}", f" — {body}", f" ({body})"])

    def slice_create(self) -> Clause:
        svc = self.rng.choice(list(SERVICES))
        sites = self.selector(("site", "ran", "edge") if self.chance(0.2) else ("site",), p_role=0.12)
        optional = ["bandwidth_mbps", "max_latency_ms", "reliability", "max_devices", "isolation", "schedule", "name"]
        chosen = [f for f in optional if self.chance({"bandwidth_mbps": .45, "max_latency_ms": .4, "reliability": .25,
                                                      "max_devices": .15 if svc == "mmtc" else .05,
                                                      "isolation": .15, "schedule": .12, "name": .25}[f])]
        adjective = ""
        spare = [f for f in ("bandwidth_mbps", "max_latency_ms") if f not in chosen]
        if spare and self.chance(0.2):  # "a 50 Mbps URLLC slice", "a 5 ms slice"
            f = self.pick(spare)
            q = self.bandwidth() if f == "bandwidth_mbps" else self.latency()
            adjective = f"{q.text} "
        inline = "name" in chosen and self.chance(0.5)  # "create slice fan-zone: ..." rather than "... called fan-zone"
        phrases, fields, target = self.slice_fields([f for f in chosen if not (inline and f == "name")])
        if inline:
            fields["name"] = name = self.slice_name()
            target.append(f"name={name}")
        if adjective:
            fields[f] = q.value
            target.append(f"{'bw' if f == 'bandwidth_mbps' else 'lat'}={q.text.lower()}")
        svc_text = self.service_phrase(svc)
        where = self.refs_text(sites)
        verb = self.pick(["create", "set up", "provision", "spin up", "deploy", "build", "add", "establish",
                          "configure", "make", "stand up", "bring up", "allocate", "open"])
        prep = self.pick(["for", "at", "on", "covering", "serving", "across", "for", "in"])
        ded = "dedicated " if fields.get("isolation") == "dedicated" and self.chance(0.5) else ""
        ded = adjective + ded
        if ded:
            phrases = [p for p in phrases if "isolation" not in p and "dedicated" not in p and "sharing" not in p
                       and "isolated" not in p]
        opts = self.with_clauses(phrases)
        use_case = self.pick(USE_CASES[svc])
        if inline:
            shown = self.pick([name, name, f"'{name}'", f'"{name}"'])
            text = self.pick([
                f"{verb} slice {shown} ({ded}{svc_text}) {prep} {where}{opts}",
                f"{verb} a {ded}{svc_text} slice {shown} {prep} {where}{opts}",
                f"new slice {shown}: {ded}{svc_text}, {where}{opts}",
                f"slice {shown} — {ded}{svc_text} {prep} {where}{opts}",
                f"{verb} {shown}, a {ded}{svc_text} slice {prep} {where}{opts}",
                f"{where} needs slice {shown} ({ded}{svc_text}){opts}",
            ])
            ir = {"kind": "slice.create", "service": svc, "sites": self.values(sites), **fields}
            return Clause(text, ir, " ".join([f"create svc={svc} at={','.join(self.values(sites))}", *target]))
        text = self.pick([
            f"{verb} a {ded}{svc_text} slice {prep} {where}{opts}",
            f"{where} need{'s' if len(sites) == 1 else ''} a {ded}{svc_text} slice{opts}",
            f"{verb} a {ded}slice for {use_case} {prep} {where}{opts}",
            f"new {ded}{svc_text} slice on {where}{opts}",
            f"I want a {ded}{svc_text} network slice {prep} {where}{opts}",
            f"{verb} a {ded}{svc_text} slice for {use_case} {prep} {where}{opts}",
            f"we need {ded}{svc_text} connectivity for {where}{opts}",
            f"give {where} a {ded}{svc_text} slice{opts}",
            f"{where}: {ded}{svc_text} slice{opts}",
            f"{verb} a {ded}network slice of type {svc_text} {prep} {where}{opts}",
            f"{where} require{'s' if len(sites) == 1 else ''} {ded}{svc_text} service{opts}",
            f"reserve a {ded}{svc_text} slice {prep} {where}{opts}",
            f"set up {ded}{svc_text} for {use_case} at {where}{opts}",
            f"please make {where} a {ded}{svc_text} slice{opts}",
            f"{svc_text} slice, {where}{opts}",
            f"could we get a {ded}{svc_text} slice {prep} {where}{opts}",
            f"{verb} {ded}{svc_text} {prep} {where}{opts}",
            f"{where} should get a {ded}{svc_text} slice{opts}",
        ])
        ir = {"kind": "slice.create", "service": svc, "sites": self.values(sites), **fields}
        tgt = " ".join([f"create svc={svc} at={','.join(self.values(sites))}", *target])
        return Clause(text, ir, tgt)

    def slice_modify(self) -> Clause:
        name = self.slice_name()
        named = self.pick([f"slice {name}", f"the {name} slice", name, f"the slice {name}", f"{name} slice",
                           f'slice "{name}"', f"the '{name}' slice"])
        kind = self.rng.random()
        if kind < 0.15:  # new sites (the full list)
            sites = self.selector(("site",), p_role=0.05, p_all=0)
            where = self.refs_text(sites)
            text = self.pick([f"move {named} to {where}", f"{named} should now cover {where}",
                              f"change the sites of {named} to {where}", f"re-home {named} onto {where}",
                              f"make {named} serve only {where}", f"set the sites of {named} to {where}",
                              f"{named} should cover {where} from now on", f"change {named} to run on {where}"])
            return Clause(text, {"kind": "slice.modify", "name": name, "sites": self.values(sites)},
                          f"modify name={name} at={','.join(self.values(sites))}")
        if kind < 0.55:  # one quantity, verb-led
            f = self.pick(["bandwidth_mbps", "max_latency_ms", "reliability", "max_devices"])
            q = {"bandwidth_mbps": self.bandwidth, "max_latency_ms": self.latency, "reliability": self.reliability,
                 "max_devices": self.count}[f]()
            noun = {"bandwidth_mbps": self.pick(["bandwidth", "throughput", "capacity", "guaranteed rate"]),
                    "max_latency_ms": self.pick(["latency", "max latency", "latency budget", "delay bound"]),
                    "reliability": self.pick(["reliability", "availability", "uptime target"]),
                    "max_devices": self.pick(["device limit", "max devices", "device cap"])}[f]
            verb = self.pick(["increase", "raise", "bump", "change", "set", "lower", "reduce", "update", "adjust"])
            text = self.pick([f"{verb} the {noun} of {named} to {q.text}", f"{verb} {named}'s {noun} to {q.text}",
                              f"{named}: {noun} {q.text}", f"set {noun} on {named} to {q.text}",
                              f"I need {named} at {q.text} {noun}" if f != "max_devices" else
                              f"let {named} take {q.text} devices",
                              f"change {named} so its {noun} is {q.text}", f"bump {named} up to {q.text}",
                              f"{named} needs {q.text} {noun} now" if f != "max_devices" else
                              f"{named} must allow {q.text} devices",
                              f"{verb} {noun} for {named} to {q.text}", f"make the {noun} of {named} {q.text}"])
            key = {"bandwidth_mbps": "bw", "max_latency_ms": "lat", "reliability": "rel", "max_devices": "dev"}[f]
            return Clause(text, {"kind": "slice.modify", "name": name, f: q.value}, f"modify name={name} {key}={q.text.lower()}")
        fields = self.rng.sample(["bandwidth_mbps", "max_latency_ms", "reliability", "isolation", "schedule",
                                  "max_devices"], k=self.rng.choice([1, 2, 2]))
        phrases, ir, target = self.slice_fields(fields)
        self.rng.shuffle(phrases)
        body = self.join(phrases)
        text = self.pick([f"update {named} with {body}", f"modify {named}: {body}", f"change {named} to {body}",
                          f"for {named}, set {body}", f"adjust {named}: {body}", f"tweak {named} to get {body}",
                          f"reconfigure {named} for {body}", f"give {named} {body}", f"{named} now needs {body}"])
        return Clause(text, {"kind": "slice.modify", "name": name, **ir}, " ".join([f"modify name={name}", *target]))

    def slice_delete(self) -> Clause:
        name = self.slice_name()
        named = self.pick([f"slice {name}", f"the {name} slice", name, f"the slice called {name}", f"the slice named {name}",
                           f'slice "{name}"', f"the '{name}' slice"])
        text = self.pick([f"delete {named}", f"tear down {named}", f"remove {named}", f"decommission {named}",
                          f"get rid of {named}", f"we no longer need {named}, delete it", f"drop {named}",
                          f"take down {named}", f"release {named}", f"{named} can go, remove it", f"kill {named}",
                          f"please remove {named}, it is not needed anymore", f"delete {named} now that the event is over",
                          f"clean up {named}", f"destroy {named}"])
        return Clause(text, {"kind": "slice.delete", "name": name}, f"delete name={name}")
