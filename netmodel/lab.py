"""A network-namespace lab of a twin: one Linux namespace per node, a veth pair per link.

Every node gets a host address on its loopback (``10.200.x.y/32``) and every link a /30
(``10.201.0.0/16``); static routes follow the shortest path by latency, with the node's host
address as source, so the lab forwards like the twin routes. Each link end shapes its egress with
an htb root class at the link's capacity times ``scale`` (a 10 Gbit/s twin link is 1 Gbit/s in
the default lab) and a best-effort default class the netns driver shrinks when slices reserve
rate. Latency needs ``netem``; where the kernel lacks it the lab says so and does not emulate it.

Everything the lab makes carries its prefix (namespaces ``tl-<node>``, interfaces ``tl-<peer>``),
is created inside its own namespaces (never in the host's), and is removed with the namespaces.
The plan is a pure function of the twin, so any process can rebuild the address map; ``lab.json``
in the state folder records which twin and scale the running lab was built from.
"""
from __future__ import annotations

import ipaddress
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx

from .config import default_home, lab_prefix
from .errors import TinyLargeError

TOOLS = ("ip", "tc", "nft")
MAX_NODES = 256
NODE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
HOSTS = ipaddress.ip_network("10.200.0.0/16")
LINKS = ipaddress.ip_network("10.201.0.0/16")


class LabError(TinyLargeError):
    """The lab cannot be built, is not up, or does not match the twin."""

    code = "lab"


def sh(argv: list[str], stdin: str | None = None) -> str:
    """Run one command; a failure raises :class:`LabError` with the command and its stderr."""
    p = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        raise LabError(f"`{' '.join(argv)}` failed: {p.stderr.strip() or p.stdout.strip() or p.returncode}",
                       command=argv, stdin=stdin)
    return p.stdout


def missing_tools() -> list[str]:
    """The iproute2/nftables commands this machine lacks (the lab needs all of them, and root)."""
    return [t for t in TOOLS if shutil.which(t) is None]


def netem_available(prefix: str = "tl-") -> bool:
    """Can this kernel delay packets (``sch_netem``)? Tried in a throw-away namespace."""
    ns = f"{prefix}netem-probe"
    try:
        sh(["ip", "netns", "add", ns])
        sh(["ip", "-n", ns, "link", "set", "lo", "up"])
        sh(["tc", "-n", ns, "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"])
        return True
    except LabError:
        return False
    finally:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


@dataclass(frozen=True)
class Port:
    """One end of a link: the interface in ``node``'s namespace that leads to ``peer``."""

    node: str
    peer: str
    ifname: str
    address: str  # this end's /30 address
    peer_address: str
    rate_mbit: float  # lab rate: twin capacity x scale
    latency_ms: float


@dataclass
class Lab:
    """The namespace lab of twin ``g``: its address plan, and how to build, probe and remove it."""

    g: nx.Graph
    scale: float = 0.1
    prefix: str = field(default_factory=lab_prefix)
    nodes: list[str] = field(init=False)
    down_links: set[tuple[str, str]] = field(init=False, default_factory=set)  # taken down by set_link
    netem: bool = field(init=False, default=False)  # links delayed by their latency (the kernel has netem)

    def __post_init__(self) -> None:
        if not 0 < self.scale <= 1:
            raise LabError(f"scale {self.scale:g} must be in (0, 1]: a lab link runs at capacity x scale")
        if self.g.number_of_nodes() > MAX_NODES:
            raise LabError(f"a lab of {self.g.number_of_nodes()} namespaces is more than this lab builds "
                           f"({MAX_NODES}); use metro6g or `topo generate --nodes {MAX_NODES}` or fewer")
        self.nodes = sorted(self.g.nodes)
        bad = [n for n in self.nodes if not NODE_NAME.fullmatch(str(n))]
        if bad:  # names go into ip/tc/nft command lines run as root
            raise LabError(f"node id {str(bad[0])[:40]!r} cannot name a namespace: letters, digits, '.', '_', '-' only")

    # -- the address plan -------------------------------------------------------------------
    def ns(self, node: str) -> str:
        """The namespace of ``node``."""
        return f"{self.prefix}{node}"

    @cached_property
    def hosts(self) -> dict[str, str]:
        """node -> its host address (on its loopback; the source and target of its traffic)."""
        return {n: str(HOSTS.network_address + 1 + i) for i, n in enumerate(self.nodes)}

    @cached_property
    def ports(self) -> dict[str, dict[str, Port]]:
        """node -> peer -> the interface towards it."""
        ports: dict[str, dict[str, Port]] = {n: {} for n in self.nodes}
        index = {n: i for i, n in enumerate(self.nodes)}
        for k, (u, v) in enumerate(sorted(tuple(sorted(e)) for e in self.g.edges)):
            d = self.g.edges[u, v]
            a, b = str(LINKS.network_address + 4 * k + 1), str(LINKS.network_address + 4 * k + 2)
            rate, lat = float(d["capacity_mbps"]) * self.scale, float(d.get("latency_ms", 0.0))
            for here, there, mine, theirs in ((u, v, a, b), (v, u, b, a)):
                name = f"{self.prefix}{there}"
                ifname = name if len(name) <= 15 and name.replace("-", "").isalnum() else f"tl{index[there]}"
                ports[here][there] = Port(here, there, ifname, mine, theirs, rate, lat)
        return ports

    @cached_property
    def owners(self) -> dict[str, str]:
        """address -> the node it belongs to (host and link addresses), to read traceroute hops."""
        owner = {a: n for n, a in self.hosts.items()}
        owner.update({p.address: n for n, peers in self.ports.items() for p in peers.values()})
        return owner

    def next_hops(self) -> dict[str, dict[str, str]]:
        """node -> destination -> next hop on the shortest path by latency (the lab's static routes)."""
        return {s: {d: p[1] for d, p in paths.items() if d != s}
                for s, paths in nx.all_pairs_dijkstra_path(self.g, weight="latency_ms")}

    def route_line(self, node: str, dst: str, hops: list[str]) -> str:
        """``ip route`` arguments (after ``replace``/``add``) that send ``node``'s traffic for
        ``dst``'s host address to ``hops`` (several: a multipath route)."""
        via = [self.ports[node][h] for h in hops]
        if len(via) == 1:
            return f"{self.hosts[dst]}/32 via {via[0].peer_address} dev {via[0].ifname} src {self.hosts[node]}"
        nexthops = " ".join(f"nexthop via {p.peer_address} dev {p.ifname}" for p in via)
        return f"{self.hosts[dst]}/32 src {self.hosts[node]} {nexthops}"

    # -- building and removing ------------------------------------------------------------------
    def present(self) -> list[str]:
        """The namespaces with this lab's prefix that exist now."""
        out = sh(["ip", "-j", "netns", "list"]).strip()
        return sorted(n["name"] for n in json.loads(out or "[]") if n["name"].startswith(self.prefix))

    def is_up(self) -> bool:
        return set(self.present()) >= {self.ns(n) for n in self.nodes}

    def up(self) -> float:
        """Build the lab (any half-built one of the same prefix is removed first); seconds taken."""
        import time

        if missing_tools():
            raise LabError(f"the lab needs {', '.join(missing_tools())} (Debian: iproute2, nftables) and root")
        t0 = time.perf_counter()
        self.down()
        try:
            self._build()
        except BaseException:
            self.down()
            raise
        self.state_file().parent.mkdir(parents=True, exist_ok=True)
        self.state_file().write_text(json.dumps(self.describe(), indent=2))
        return time.perf_counter() - t0

    def _build(self) -> None:
        sh(["ip", "-batch", "-"], "".join(f"netns add {self.ns(n)}\n" for n in self.nodes))
        for n in self.nodes:  # before the interfaces exist, so they inherit it
            sh(["ip", "netns", "exec", self.ns(n), "sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
                  "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                  "net.ipv4.fib_multipath_hash_policy=1", "net.ipv4.icmp_ratelimit=0"])
        links = [(u, v) for u in self.nodes for v in self.ports[u] if u < v]
        sh(["ip", "-batch", "-"], "".join(
            f"link add {self.ports[u][v].ifname} netns {self.ns(u)} type veth peer name {self.ports[v][u].ifname} "
            f"netns {self.ns(v)}\n" for u, v in links))
        self.netem = netem_available(self.prefix)
        hops = self.next_hops()
        for n in self.nodes:
            cmds = [f"addr add {self.hosts[n]}/32 dev lo", "link set lo up"]
            for p in self.ports[n].values():
                cmds += [f"addr add {p.address}/30 dev {p.ifname}", f"link set {p.ifname} up"]
            cmds += [f"route replace {self.route_line(n, d, [h])}" for d, h in hops[n].items()]
            sh(["ip", "-n", self.ns(n), "-batch", "-"], "\n".join(cmds) + "\n")
            sh(["tc", "-n", self.ns(n), "-batch", "-"], "".join(self.shaping(p) for p in self.ports[n].values()))

    def shaping(self, p: Port) -> str:
        """The link end's htb tree: 1:1 at the link rate, 1:2 the best-effort default class."""
        rate = f"{p.rate_mbit:g}mbit"
        lines = [f"qdisc add dev {p.ifname} root handle 1: htb default 2 r2q 100",
                 f"class add dev {p.ifname} parent 1: classid 1:1 htb rate {rate} ceil {rate}",
                 f"class add dev {p.ifname} parent 1:1 classid 1:2 htb rate {rate} ceil {rate} prio 7"]
        if self.netem and p.latency_ms:
            lines.append(f"qdisc add dev {p.ifname} parent 1:2 handle 2: netem delay {p.latency_ms:g}ms")
        return "\n".join(lines) + "\n"

    def down(self) -> int:
        """Remove every namespace with this lab's prefix (their interfaces go with them); how many."""
        gone = self.present()
        if gone:
            sh(["ip", "-batch", "-"], "".join(f"netns del {ns}\n" for ns in gone))
        for f in (self.state_file(), self.applied_file()):
            f.unlink(missing_ok=True)
        return len(gone)

    @contextmanager
    def running(self) -> Iterator[Lab]:
        """The lab, built on entry and removed on exit whatever happens in between."""
        self.up()
        try:
            yield self
        finally:
            self.down()

    # -- link state ------------------------------------------------------------------------
    def set_link(self, u: str, v: str, up: bool) -> None:
        """Take a link down (both ends) or bring it back with the static routes the kernel dropped."""
        state = "up" if up else "down"
        (self.down_links.discard if up else self.down_links.add)(tuple(sorted((u, v))))
        for a, b in ((u, v), (v, u)):
            sh(["ip", "-n", self.ns(a), "link", "set", self.ports[a][b].ifname, state])
        if up:
            hops = self.next_hops()
            for n in self.nodes:
                lines = [f"route replace {self.route_line(n, d, [h])}" for d, h in hops[n].items()
                         if {n, h} == {u, v}]
                if lines:
                    sh(["ip", "-n", self.ns(n), "-batch", "-"], "\n".join(lines) + "\n")

    # -- what is there ---------------------------------------------------------------------
    def describe(self) -> dict:
        """The plan in a few numbers (also written to ``lab.json`` while the lab is up)."""
        return {"twin": self.g.graph.get("name", "twin"), "nodes": len(self.nodes),
                "links": self.g.number_of_edges(), "scale": self.scale, "prefix": self.prefix,
                "latency_emulated": self.netem}

    def status(self) -> dict:
        """What the kernel has: namespaces up, interfaces up and down (read with ``ip -j``)."""
        present = set(self.present())
        up = down = 0
        for n in self.nodes:
            if self.ns(n) not in present:
                continue
            for link in json.loads(sh(["ip", "-j", "-n", self.ns(n), "link", "show"]) or "[]"):
                if link["ifname"] == "lo":
                    continue
                up, down = (up + 1, down) if "UP" in link.get("flags", []) else (up, down + 1)
        return {**self.describe(), "namespaces": len(present & {self.ns(n) for n in self.nodes}),
                "interfaces_up": up, "interfaces_down": down}

    def state_file(self) -> Path:
        return default_home() / f"lab-{self.prefix.rstrip('-')}.json"

    def applied_file(self) -> Path:
        """The policy set the netns driver last applied to this lab (any process's)."""
        return self.state_file().with_suffix(".applied.json")

    @classmethod
    def saved(cls, g: nx.Graph, prefix: str | None = None) -> Lab:
        """The lab built from ``g`` that ``lab up`` left running, or a :class:`LabError` saying why not."""
        lab = cls(g, prefix=prefix or lab_prefix())
        path = lab.state_file()
        if not path.exists():
            raise LabError("no lab is up: run `tinylarge lab up` first")
        state = json.loads(path.read_text())
        lab.scale, lab.netem = float(state["scale"]), bool(state["latency_emulated"])
        if state["nodes"] != len(lab.nodes) or state["twin"] != g.graph.get("name", "twin"):
            raise LabError(f"the lab that is up was built from {state['twin']!r} ({state['nodes']} nodes), "
                           f"not this store's twin: run `tinylarge lab up` with its topology")
        if not lab.is_up():
            raise LabError("the lab's namespaces are gone: run `tinylarge lab up` again")
        return lab
