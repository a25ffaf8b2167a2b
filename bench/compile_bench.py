"""Compile + verify time per intent on metro6g and on generated 1k / 10k-node metro topologies.

    python bench/compile_bench.py [--reps 5] [--out bench/results/compile.json]

Each intent is compiled against a running set that already holds 20 slices (so residual
capacity and schedules matter), then the whole candidate is verified. Reported: median and
worst wall time over the repetitions, per topology and intent.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import networkx as nx

from netmodel import ir
from netmodel.compiler import compile_intents
from netmodel.policy import PolicySet
from netmodel.twin import generate_metro, load_topology, nodes_by_role
from netmodel.verifier import verify


def intents_for(g: nx.Graph) -> dict[str, ir.Intent]:
    sites, ran = sorted(nodes_by_role(g, "site")), sorted(nodes_by_role(g, "ran"))
    site, far = sites[len(sites) // 2], sites[-1]
    dual = next(r for r in ran if sum(g.nodes[x]["role"] == "transport" for x in g.neighbors(r)) >= 2)
    return {
        "slice.create (1 site)": ir.SliceCreate(service="embb", sites=[site], bandwidth_mbps=50, max_latency_ms=20),
        "slice.create (urllc, 3 sites, schedule)": ir.SliceCreate(
            service="urllc", sites=sites[:3], bandwidth_mbps=20, schedule=ir.Schedule(start="20:00", end="23:00")),
        "sdn.route (via + avoid)": ir.SdnRoute(src=site, dst="cloud-dc", via=[sorted(nodes_by_role(g, "core"))[-1]],
                                               avoid=[sorted(nodes_by_role(g, "core"))[0]]),
        "sdn.route (2 disjoint paths)": ir.SdnRoute(src=dual, dst="cloud-dc", paths=2),
        "sdn.route (widest)": ir.SdnRoute(src=far, dst="cloud-dc", objective="bandwidth"),
        "sdn.block (role:site -> any, tcp/23)": ir.SdnBlock(src="role:site", dst="any", protocol="tcp", port=23),
        "ztn.policy (ddos, all sites)": ir.ZtnPolicy(trigger=ir.Trigger(event="ddos", scope=["role:site"]),
                                                     action="isolate", mode="approve"),
        "learn.fedft (all sites)": ir.LearnFedFT(model="anomaly_detector", nodes=["role:site"]),
    }


def background(g: nx.Graph, n: int = 20) -> PolicySet:
    sites = sorted(nodes_by_role(g, "site"))
    step = max(1, len(sites) // n)
    batch = [ir.SliceCreate(service="mmtc", sites=[s], name=f"bg-{i}", bandwidth_mbps=10)
             for i, s in enumerate(sites[::step][:n])]
    return compile_intents(g, PolicySet(), batch)[0]


def measure(g: nx.Graph, running: PolicySet, intent: ir.Intent, reps: int) -> dict:
    compile_s, verify_s = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        candidate, _ = compile_intents(g, running, [intent])
        t1 = time.perf_counter()
        verdict = verify(g, candidate)
        t2 = time.perf_counter()
        assert verdict.ok, verdict.reasons()
        compile_s.append(t1 - t0)
        verify_s.append(t2 - t1)
    total = [a + b for a, b in zip(compile_s, verify_s)]
    return {"compile_ms_p50": 1e3 * statistics.median(compile_s), "verify_ms_p50": 1e3 * statistics.median(verify_s),
            "total_ms_p50": 1e3 * statistics.median(total), "total_ms_max": 1e3 * max(total)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results/compile.json")
    args = ap.parse_args()
    topologies = [("metro6g", load_topology()), ("generated 1k", generate_metro(1000, seed=0)),
                  ("generated 10k", generate_metro(10000, seed=0))]
    rows = []
    for name, g in topologies:
        running = background(g)
        for label, intent in intents_for(g).items():
            r = {"topology": name, "nodes": g.number_of_nodes(), "links": g.number_of_edges(), "intent": label,
                 **measure(g, running, intent, args.reps)}
            rows.append(r)
            print(f"{name:14} {label:42} compile {r['compile_ms_p50']:8.1f} ms  verify {r['verify_ms_p50']:7.1f} ms  "
                  f"total p50 {r['total_ms_p50']:8.1f} ms  max {r['total_ms_max']:8.1f} ms", flush=True)
    out = {"benchmark": "compile+verify per intent", "reps": args.reps, "running_slices": 20,
           "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "processor": platform.machine()},
           "target": "slice.create on 10k nodes < 2000 ms", "results": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
