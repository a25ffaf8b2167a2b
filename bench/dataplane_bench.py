"""The netns data plane on the metro6g lab: how long building, applying and rolling back take,
and what each slice gets on the wire against what its intent reserves. Needs root, iproute2,
nftables, iperf3 and ping (``make test`` installs them as root).

    python bench/dataplane_bench.py [--reps 3] [--seconds 5]

- build: ``Lab.up`` (namespaces, veth pairs, addresses, static routes, htb per link end), median of reps;
- apply: 1, 10 and 100 new policies (at most 50 a commit) (blocks between distinct node pairs and ports,
  explicit routes) through the real manager and store, netns driver vs the twin driver alone;
  then the rollback of the 100 to an empty set;
- slices: three slices (eMBB, URLLC, mMTC) at three sites; each slice's site -> anchor TCP
  throughput alone and while 4 bulk TCP streams from the same site to cloud-dc share its first
  link; the ping round trip on the slice's path in both cases. Rates are lab rates (twin rate x
  the lab's scale). The kernel here has no netem, so link latency is not emulated: round trips
  are the namespaces' own.

Writes bench/results/dataplane.json (and its markdown table).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from netmodel.drivers.netns import NetnsDriver  # noqa: E402
from netmodel.lab import Lab  # noqa: E402
from netmodel.manager import NetworkManager, parse_intents  # noqa: E402
from netmodel.probes import start_flow, throughput  # noqa: E402
from netmodel.store import Store  # noqa: E402
from netmodel.twin import load_topology, nodes_by_role  # noqa: E402

SLICES = [("stadium", "embb", 1200.0), ("hospital-1", "urllc", 300.0), ("port", "mmtc", 200.0)]


def policies(g, n: int) -> list[dict]:
    """``n`` distinct policies: blocks between site and node pairs on varied ports, every 5th a route."""
    sites, others = nodes_by_role(g, "site"), sorted(g.nodes)
    out = []
    for i in range(n):
        src, dst = sites[i % len(sites)], others[(i * 7 + 3) % len(others)]
        if dst == src:
            dst = "cloud-dc"
        if i % 5 == 4:
            out.append({"kind": "sdn.route", "src": src, "dst": dst})
        else:
            out.append({"kind": "sdn.block", "src": src, "dst": dst, "protocol": "tcp", "port": 1000 + i})
    return out


CHUNK = 50  # intents per commit (a request takes at most 64)


def timed_apply(m: NetworkManager, intents: list[dict]) -> float:
    t0 = time.perf_counter()
    for i in range(0, len(intents), CHUNK):
        m.apply(parse_intents(intents[i:i + CHUNK]))
    return time.perf_counter() - t0


def rtt_ms(lab: Lab, src: str, dst: str, count: int = 20) -> float:
    p = subprocess.run(["ip", "netns", "exec", lab.ns(src), "ping", "-n", "-q", "-c", str(count), "-i", "0.05",
                        "-I", lab.hosts[src], lab.hosts[dst]], capture_output=True, text=True)
    m = re.search(r"= [\d.]+/([\d.]+)/", p.stdout)
    return float(m.group(1)) if m else float("nan")


def bench_apply(lab: Lab, tmp: Path, reps: int) -> dict:
    g = lab.g
    rows = []
    for n in (1, 10, 100):
        netns, twin = [], []
        for r in range(reps):
            m = NetworkManager(Store.at(tmp / f"ns-{n}-{r}.db", g), NetnsDriver(lab), graph=g, max_devices=len(g))
            netns.append(timed_apply(m, policies(g, n)))
            if n == 100:
                t0 = time.perf_counter()
                m.rollback(0, reason="bench")
                rows.append({"what": "rollback of 100 policies", "netns_s": time.perf_counter() - t0})
            else:
                m.rollback(0, reason="bench")
            m.network.close()
            t = NetworkManager(Store.at(tmp / f"twin-{n}-{r}.db", load_topology()), max_devices=len(g))
            twin.append(timed_apply(t, policies(t.g, n)))
        commits = -(-n // CHUNK)
        rows.append({"what": f"apply {n} polic{'y' if n == 1 else 'ies'} ({commits} commit{'s' if commits > 1 else ''})",
                     "netns_s": statistics.median(netns), "twin_s": statistics.median(twin)})
    rb = [r["netns_s"] for r in rows if r["what"].startswith("rollback")]
    rows = [r for r in rows if not r["what"].startswith("rollback")]
    rows.append({"what": "rollback of 100 policies", "netns_s": statistics.median(rb)})
    return {"rows": rows}


def bench_slices(lab: Lab, tmp: Path, seconds: int) -> list[dict]:
    g = lab.g
    m = NetworkManager(Store.at(tmp / "slices.db", g), NetnsDriver(lab), graph=g)
    m.apply(parse_intents([{"kind": "slice.create", "name": f"{svc}-{site}", "service": svc, "sites": [site],
                            "bandwidth_mbps": mbps} for site, svc, mbps in SLICES]))
    out = []
    for site, svc, mbps in SLICES:
        sl = m.running.slices[f"{svc}-{site}"]
        anchor = sl.paths[site][-1]
        first_link = lab.ports[site][sl.paths[site][1]].rate_mbit
        alone = throughput(lab, site, anchor, seconds=seconds, omit_s=1)
        rtt_alone = rtt_ms(lab, site, anchor)
        bulk = start_flow(lab, site, "cloud-dc", seconds=seconds + 3, port=5301, streams=4)
        time.sleep(1)
        rtt_busy, rtt_best_effort = rtt_ms(lab, site, anchor), rtt_ms(lab, site, "cloud-dc")
        busy = throughput(lab, site, anchor, seconds=seconds, omit_s=1)
        bulk_got = bulk.mbit_s()
        out.append({"slice": sl.name, "service": svc, "site": site, "anchor": anchor, "link_mbit": first_link,
                    "guaranteed_mbit": mbps * lab.scale, "alone_mbit": alone, "contended_mbit": busy,
                    "bulk_mbit": bulk_got, "rtt_ms_alone": rtt_alone, "rtt_ms_contended": rtt_busy,
                    "rtt_ms_best_effort_contended": rtt_best_effort,
                    "intent_latency_ms": sl.max_latency_ms})
    m.rollback(0, reason="bench")
    m.network.close()
    return out


def markdown(d: dict) -> str:
    lines = ["| step | netns driver | twin driver only |", "|---|---|---|",
             f"| build the lab ({d['lab']['nodes']} namespaces, {d['lab']['links']} links) | "
             f"{d['build_s']:.2f} s | — |"]
    for r in d["apply"]["rows"]:
        twin = f"{r['twin_s'] * 1000:.0f} ms" if "twin_s" in r else "—"
        lines.append(f"| {r['what']} | {r['netns_s'] * 1000:.0f} ms | {twin} |")
    lines += ["", "| slice | site -> anchor | reserved (lab) | first link | alone | with 4 bulk TCP streams "
              "(bulk's mean) | slice RTT alone / contended | best-effort RTT contended | intent latency |",
              "|---|---|---|---|---|---|---|---|---|"]
    for s in d["slices"]:
        lines.append(f"| {s['slice']} | {s['site']} -> {s['anchor']} | {s['guaranteed_mbit']:g} Mbit/s | "
                     f"{s['link_mbit']:g} Mbit/s | {s['alone_mbit']:.1f} Mbit/s | {s['contended_mbit']:.1f} Mbit/s "
                     f"({s['bulk_mbit']:.1f}) | {s['rtt_ms_alone']:.2f} / {s['rtt_ms_contended']:.2f} ms | "
                     f"{s['rtt_ms_best_effort_contended']:.2f} ms | "
                     f"≤ {s['intent_latency_ms']:g} ms (not emulated) |")
    lines.append(f"\nLab scale {d['lab']['scale']:g} (lab rate = twin rate x scale); medians of {d['reps']} runs; "
                 f"iperf3 runs of {d['seconds']} s after 1 s omitted; {d['machine']}.")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=5, help="iperf3 run length")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("the lab needs root")
    with tempfile.TemporaryDirectory(prefix="tinylarge-dataplane-") as tmp:
        os.environ["TINYLARGE_HOME"] = tmp
        lab = Lab(load_topology(), prefix="tlb-")
        builds = [lab.up() for _ in range(args.reps)]
        try:
            d = {"reps": args.reps, "seconds": args.seconds, "lab": lab.describe(), "build_s": statistics.median(builds),
                 "machine": f"{os.cpu_count()} CPUs, kernel {os.uname().release}",
                 "apply": bench_apply(lab, Path(tmp), args.reps), "slices": bench_slices(lab, Path(tmp), args.seconds)}
        finally:
            lab.down()
    d["markdown"] = markdown(d)
    out = REPO / "bench/results/dataplane.json"
    out.write_text(json.dumps(d, indent=2))
    print(d["markdown"])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
