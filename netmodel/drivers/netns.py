"""Driver for the namespace lab (:mod:`netmodel.lab`): policy sets become kernel state.

- a slice -> an htb class (guaranteed rate = its reservation x the lab's scale, ceiling = the
  link) on both ends of every link of each site's path to the anchor, URLLC at the highest
  priority; nftables marks the site <-> anchor traffic into it (``meta priority``) and policy
  routing (``ip rule`` + a table per path) keeps that traffic on the reserved path;
- ``sdn.block`` -> nftables ``drop`` rules on the rule's devices, ``sdn.rate_limit`` -> an
  nftables policer (a named ``limit``: the kernel here has no tc police action);
- ``sdn.route`` -> policy routing on every node of its paths (multipath next hops for ``paths > 1``).

Each namespace's wanted state is rendered whole (:class:`NsConfig`); a change runs the commands
that turn the old rendering into the new one, and :meth:`NetnsDriver.commands` shows exactly
those. If a command fails, every namespace touched so far is reset to the old rendering (our
rules, tables, classes and nftables table wiped and written again) and :class:`ApplyError` raised,
so the store keeps the old version. The twin's reservations follow a successful apply, as with
:class:`TwinDriver`, because the compiler plans on them.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field

from ..errors import ApplyError
from ..lab import Lab, LabError, sh
from ..policy import FlowRule, PolicyDiff, PolicySet
from .twin import TwinDriver

TABLE = "tinylarge"  # the project's nftables table (family inet) in every namespace
ROUTE_PRIO, SLICE_PRIO = 1000, 1100  # ip rule priorities: explicit routes win over slice paths
FIRST_TABLE, TABLES = 1000, 60000  # routing table ids the driver owns
FIRST_CLASS = 0x100  # htb minor ids of slice classes (1:1 is the link, 1:2 best effort)


@dataclass(frozen=True)
class HtbClass:
    minor: int
    rate_mbit: float
    prio: int

    def line(self, ifname: str, ceil_mbit: float) -> str:
        return (f"class replace dev {ifname} parent 1:1 classid 1:{self.minor:x} htb "
                f"rate {self.rate_mbit:g}mbit ceil {ceil_mbit:g}mbit prio {self.prio}")


@dataclass
class NsConfig:
    """What one namespace runs for a policy set: nftables table, slice classes, rules, tables."""

    nft: list[str] = field(default_factory=list)  # lines inside ``table inet tinylarge { }``
    classes: dict[str, tuple[HtbClass, ...]] = field(default_factory=dict)  # ifname -> slice classes
    rules: set[str] = field(default_factory=set)  # ``ip rule`` selectors, with priority and table
    tables: dict[int, tuple[str, ...]] = field(default_factory=dict)  # table id -> route lines


class NetnsDriver(TwinDriver):
    """Applies policy sets to a running :class:`~netmodel.lab.Lab` (and keeps the twin in step)."""

    name = "netns"

    def __init__(self, lab: Lab) -> None:
        super().__init__(lab.g)
        self.lab = lab
        self._config: dict[str, NsConfig] | None = None
        self._seen: float | None = None  # the applied record's mtime when this process last read or wrote it

    def open(self) -> None:
        """Start from what the lab runs: the set applied last (recorded), or nothing on a new lab."""
        if not self.lab.is_up():
            raise LabError("the lab is not up: run `tinylarge lab up` first")
        self._config, self._seen = self.render(self._recorded()), self._stamp()

    def _recorded(self) -> PolicySet:
        f = self.lab.applied_file()
        return PolicySet.model_validate_json(f.read_text()) if f.exists() else PolicySet()

    def _stamp(self) -> float | None:
        f = self.lab.applied_file()
        return f.stat().st_mtime_ns if f.exists() else None

    # -- rendering -------------------------------------------------------------------------
    def render(self, policies: PolicySet) -> dict[str, NsConfig]:
        """Every namespace's wanted state for ``policies``."""
        lab = self.lab
        out = {n: NsConfig() for n in lab.nodes}
        tables = _table_ids([f"route {k}" for k in policies.routes]
                            + [f"slice {s.name} {site} {d}" for s in policies.slices.values() for site in s.paths
                               for d in ("up", "down")])
        for r in policies.routes.values():
            t = tables[f"route {r.key()}"]
            for node, hops in r.next_hops().items():
                self._steer(out[node], node, r.src, r.dst, hops, t, ROUTE_PRIO)
        marks: dict[str, list[str]] = {}
        rates: dict[tuple[str, str], dict[int, tuple[float, int]]] = {}
        for minor, s in zip(_class_ids(list(policies.slices)), policies.slices.values()):
            prio = 0 if s.service == "urllc" else 1
            for site, path in s.paths.items():
                anchor = path[-1]
                if anchor == site:
                    continue
                for d, p, a, b in (("up", path, site, anchor), ("down", path[::-1], anchor, site)):
                    t = tables[f"slice {s.name} {site} {d}"]
                    for here, nxt in zip(p, p[1:]):
                        self._steer(out[here], here, a, b, [nxt], t, SLICE_PRIO)
                        rate, _ = rates.setdefault((here, nxt), {}).get(minor, (0.0, prio))
                        rates[(here, nxt)][minor] = (rate + s.bandwidth_mbps * lab.scale, prio)
                        marks.setdefault(here, []).append(
                            f"ip saddr {lab.hosts[a]} ip daddr {lab.hosts[b]} meta priority set 1:{minor:x}")
        for (here, nxt), classes in rates.items():
            port = lab.ports[here][nxt]
            out[here].classes[port.ifname] = tuple(HtbClass(m, r, p) for m, (r, p) in sorted(classes.items()))
        acls: dict[str, list[FlowRule]] = {}
        for rule in policies.acls.values():
            for dev in rule.devices:
                acls.setdefault(dev, []).append(rule)
        for n in lab.nodes:
            out[n].nft = self._nft(acls.get(n, []), sorted(set(marks.get(n, []))))
        return out

    def _steer(self, cfg: NsConfig, node: str, src: str, dst: str, hops: list[str], table: int, prio: int) -> None:
        """Send ``src`` -> ``dst`` traffic at ``node`` to ``hops`` through routing table ``table``."""
        h = self.lab.hosts
        sel = f"to {h[dst]} iif lo" if node == src else f"from {h[src]} to {h[dst]}"
        cfg.rules.add(f"priority {prio} {sel} lookup {table}")
        cfg.tables[table] = (self.lab.route_line(node, dst, hops),)

    def _nft(self, rules: list[FlowRule], marks: list[str]) -> list[str]:
        if not rules and not marks:
            return []
        lines, acl = [], []
        for r in sorted(rules, key=FlowRule.key):
            sel = self._match(r)
            if r.action == "drop":
                acl.append(f'{sel} counter drop comment "{r.key()}"')
            else:
                bps = max(int(r.rate_mbps * self.lab.scale * 125_000), 1)
                lines.append(f"  limit {r.key()} {{ rate over {bps} bytes/second burst {max(bps // 10, 16_384)} bytes }}")
                acl.append(f'{sel} limit name "{r.key()}" counter drop comment "{r.key()}"')
        for chain, hook in (("inbound", "prerouting"), ("local", "output")):
            if acl:
                lines += [f"  chain {chain} {{", f"    type filter hook {hook} priority -10; policy accept;",
                          *(f"    {a}" for a in acl), "  }"]
        if marks:
            lines += ["  chain slices {", "    type filter hook postrouting priority 0; policy accept;",
                      *(f"    {m}" for m in marks), "  }"]
        return lines

    def _match(self, r: FlowRule) -> str:
        def addrs(nodes: tuple[str, ...]) -> str:
            a = [self.lab.hosts[n] for n in nodes]
            return a[0] if len(a) == 1 else "{ " + ", ".join(a) + " }"

        m, parts = r.match, []
        if m.src is not None:
            parts.append(f"ip saddr {addrs(m.src)}")
        if m.dst is not None:
            parts.append(f"ip daddr {addrs(m.dst)}")
        if m.protocol != "any":
            parts.append(f"meta l4proto {m.protocol}")
        if m.port is not None:
            parts.append(("meta l4proto { tcp, udp } " if m.protocol == "any" else "") + f"th dport {m.port}")
        return " ".join(parts) or "meta nfproto ipv4"

    # -- commands --------------------------------------------------------------------------
    def _ns_commands(self, node: str, old: NsConfig, new: NsConfig) -> list[tuple[str, str]]:
        """(tool, line) pairs taking ``node`` from ``old`` to ``new``, in a safe order: new tables
        and rules before old ones go, classes before the marks that use them."""
        cmds: list[tuple[str, str]] = []
        for t, routes in sorted(new.tables.items()):
            if old.tables.get(t) != routes:
                cmds += [("ip", f"route flush table {t}")] if t in old.tables else []
                cmds += [("ip", f"route add table {t} {line}") for line in routes]
        cmds += [("ip", f"rule add {r}") for r in sorted(new.rules - old.rules)]
        cmds += [("ip", f"rule del {r}") for r in sorted(old.rules - new.rules)]
        cmds += [("ip", f"route flush table {t}") for t in sorted(old.tables.keys() - new.tables.keys())]
        for ifname in sorted(old.classes.keys() | new.classes.keys()):
            before, after = old.classes.get(ifname, ()), new.classes.get(ifname, ())
            if before != after:
                cmds += self._tc(node, ifname, before, after)
        if old.nft != new.nft:
            cmds.append(("nft", "\n".join(self._nft_script(new.nft))))
        return cmds

    def _tc(self, node: str, ifname: str, before: tuple[HtbClass, ...], after: tuple[HtbClass, ...]) -> list[tuple[str, str]]:
        link = next(p for p in self.lab.ports[node].values() if p.ifname == ifname).rate_mbit
        best_effort = max(link - sum(c.rate_mbit for c in after), link / 100)
        cmds = [("tc", c.line(ifname, link)) for c in after if c not in before]
        cmds.append(("tc", f"class replace dev {ifname} parent 1:1 classid 1:2 htb rate {best_effort:g}mbit "
                           f"ceil {link:g}mbit prio 7"))
        gone = {c.minor for c in before} - {c.minor for c in after}
        return cmds + [("tc", f"class del dev {ifname} classid 1:{m:x}") for m in sorted(gone)]

    @staticmethod
    def _nft_script(body: list[str]) -> list[str]:
        """Replace the project's table atomically (one nftables transaction)."""
        head = [f"table inet {TABLE}", f"delete table inet {TABLE}"]
        return head + ([f"table inet {TABLE} {{", *body, "}"] if body else [])

    def commands(self, running: PolicySet, candidate: PolicySet) -> list[str]:
        """The exact commands applying ``candidate`` over ``running`` runs, one namespace at a time."""
        old, new = self.render(running), self.render(candidate)
        return [self._show(self.lab.ns(n), tool, line) for n in self.lab.nodes
                for tool, line in self._ns_commands(n, old[n], new[n])]

    @staticmethod
    def _show(ns: str, tool: str, line: str) -> str:
        if tool == "nft":
            return f"ip netns exec {ns} nft -f - <<EOF\n" + line + "\nEOF"
        return f"{tool} -n {ns} {line}"

    def diff(self, running: PolicySet, candidate: PolicySet) -> PolicyDiff:
        d = running.diff(candidate)
        return d.model_copy(update={"commands": self.commands(running, candidate)})

    # -- applying --------------------------------------------------------------------------
    def apply(self, policies: PolicySet) -> None:
        if self._config is None or self._stamp() != self._seen:  # first use, or another process applied since
            self.open()
        old, new = self._config, self.render(policies)
        touched: list[str] = []
        try:
            for n in self.lab.nodes:
                cmds = self._ns_commands(n, old[n], new[n])
                if cmds:
                    touched.append(n)
                    self._run(n, cmds)
        except LabError as e:
            restored = self._reset(touched, old)
            done = (f"{len(touched)} namespace(s) restored" if restored
                    else "restoring failed too: everything this driver ran was removed")
            raise ApplyError(f"the lab refused a command; {done}: {e.message}", command=e.details.get("command")) from e
        self._config = new
        self.lab.applied_file().write_text(policies.model_dump_json())
        self._seen = self._stamp()
        super().apply(policies)

    def set_link(self, u: str, v: str, up: bool) -> None:
        """Take a lab link down or bring it back: the kernel drops the routes over a link that goes
        down, so the two ends get what this driver runs written again when it comes back."""
        self.lab.set_link(u, v, up)
        if up and self._config is not None:
            self._reset([u, v], self._config)

    def follow(self, down: set[tuple[str, str]]) -> None:
        """Make the lab's links match ``down`` (the twin's failed links, e.g. a simulator fault)."""
        for u, v in sorted(down - self.lab.down_links):
            self.set_link(u, v, False)
        for u, v in sorted(self.lab.down_links - down):
            self.set_link(u, v, True)

    def _run(self, node: str, cmds: list[tuple[str, str]]) -> None:
        """Run a namespace's commands, batched per tool in their order."""
        ns, i = self.lab.ns(node), 0
        while i < len(cmds):
            tool = cmds[i][0]
            j = next((k for k in range(i, len(cmds)) if cmds[k][0] != tool), len(cmds))
            lines = "\n".join(line for _, line in cmds[i:j]) + "\n"
            if tool == "nft":
                sh(["ip", "netns", "exec", ns, "nft", "-f", "-"], lines)
            else:
                sh([tool, "-n", ns, "-batch", "-"], lines)
            i = j

    def _reset(self, nodes: list[str], config: dict[str, NsConfig]) -> bool:
        """Wipe what the driver owns in ``nodes`` (read back with ``ip -j``/``tc -j``) and write ``config``.
        If that fails too, everything the driver owns is wiped and the next apply starts from nothing."""
        try:
            for n in nodes:
                self._run(n, self._wipe(n) + self._ns_commands(n, NsConfig(), config[n]))
            return True
        except LabError:
            self._config = {n: NsConfig() for n in self.lab.nodes}
            self.lab.applied_file().unlink(missing_ok=True)
            self._seen = None
            for n in self.lab.nodes:
                self._run(n, self._wipe(n))
            return False

    def _wipe(self, node: str) -> list[tuple[str, str]]:
        ns = self.lab.ns(node)
        rules = json.loads(sh(["ip", "-j", "-n", ns, "rule", "show"]) or "[]")
        cmds = [("ip", f"rule del priority {r['priority']}") for r in rules if ROUTE_PRIO <= r["priority"] < 2000]
        routes = json.loads(sh(["ip", "-j", "-n", ns, "route", "show", "table", "all"]) or "[]")
        ours = {int(r["table"]) for r in routes if str(r.get("table", "")).isdigit()
                and FIRST_TABLE <= int(r["table"]) < FIRST_TABLE + TABLES}
        cmds += [("ip", f"route flush table {t}") for t in sorted(ours)]
        for p in self.lab.ports[node].values():  # the link's htb tree made again, without slice classes
            roots = json.loads(sh(["tc", "-j", "-n", ns, "qdisc", "show", "dev", p.ifname, "root"]) or "[]")
            cmds += [("tc", f"qdisc del dev {p.ifname} root")] if any(q["kind"] == "htb" for q in roots) else []
            cmds += [("tc", line) for line in self.lab.shaping(p).splitlines()]
        return cmds + [("nft", "\n".join(self._nft_script([])))]


def _table_ids(keys: list[str]) -> dict[str, int]:
    """A routing table id per key, stable as other keys come and go (a hash, probed on collision)."""
    ids: dict[str, int] = {}
    for k in sorted(keys):
        t = zlib.crc32(k.encode()) % TABLES
        while FIRST_TABLE + t in ids.values():
            t = (t + 1) % TABLES
        ids[k] = FIRST_TABLE + t
    return ids


def _class_ids(names: list[str]) -> list[int]:
    """An htb minor id per slice name (in the given order), stable the same way."""
    taken: dict[str, int] = {}
    for name in sorted(names):
        m = zlib.crc32(name.encode()) % 0xE000
        while FIRST_CLASS + m in taken.values():
            m = (m + 1) % 0xE000
        taken[name] = FIRST_CLASS + m
    return [taken[n] for n in names]
