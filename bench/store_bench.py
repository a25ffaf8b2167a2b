"""Commit throughput and latency of the transactional store with concurrent writer processes.

    python bench/store_bench.py [--writers 1 4 16] [--commits 96]

Each writer is its own process with its own NetworkManager on one shared store (a SQLite file,
then a database on a throwaway PostgreSQL cluster) and applies one distinct rule per commit
through the whole path (compile, verify, commit, twin); writers take turns through the store's
planning lock. Reported per configuration: commits/s, p50/p95 latency of one apply (waiting for
one's turn included), the commits refused as stale and planned again (conflicts), and
lost updates: successes whose change is missing from the final running set (must be 0), plus a
check that the versions form one line with one active version. Writes bench/results/store.json.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import pgcluster  # noqa: E402

from netmodel.policy import PolicySet  # noqa: E402
from netmodel.store import Store  # noqa: E402

SITES = ["campus", "stadium", "port", "smart-farm", "hospital-1", "hospital-2", "factory-1", "factory-2"]


def _writer(url: str, writer: int, commits: int, start: mp.Event, out: mp.Queue) -> None:
    from netmodel.manager import NetworkManager, parse_intents

    m = NetworkManager(Store(url))
    start.wait()
    done = []
    for k in range(commits):
        n = writer * 1_000 + k  # a distinct rule for every commit of every writer (ports 1..16,000)
        intent = {"kind": "sdn.block", "src": SITES[n % len(SITES)], "dst": "cloud-dc", "protocol": "tcp",
                  "port": n + 1}
        t0 = time.perf_counter()
        r = m.apply(parse_intents(intent), actor=f"writer-{writer}")
        assert r.status == "applied", r.status
        done.append((time.perf_counter() - t0, r.replans, r.version, r.intent_ids))
    m.close()
    out.put(done)


def run(url: str, writers: int, commits: int) -> dict:
    Store(url)  # create the schema once, before the writers race
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    per = max(1, min(commits // writers, 1_000))
    procs = [ctx.Process(target=_writer, args=(url, w, per, start, out)) for w in range(writers)]
    for p in procs:
        p.start()
    time.sleep(2.0 + 0.3 * writers)  # let every process import and open the store before the clock starts
    t0 = time.perf_counter()
    start.set()
    results = [r for _ in procs for r in out.get(timeout=600)]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    store = Store(url)
    versions = sorted(store.versions(limit=100_000), key=lambda v: v.id)
    final = PolicySet.model_validate_json(versions[-1].policies)
    in_force = {o.intent_id for _, o in final.objects()}
    lat = np.array([r[0] for r in results]) * 1000
    return {
        "writers": writers, "commits": len(results), "wall_s": round(wall, 3),
        "commits_per_s": round(len(results) / wall, 1),
        "p50_ms": round(float(np.percentile(lat, 50)), 1), "p95_ms": round(float(np.percentile(lat, 95)), 1),
        "conflicts": int(sum(r[1] for r in results)),
        "lost_updates": sum(not set(r[3]) <= in_force for r in results),
        "one_line": [v.parent_id for v in versions] == [None, *range(1, len(versions))]
        and [v.id for v in versions if v.active] == [versions[-1].id],
        "versions_told_twice": len(results) - len({r[2] for r in results}),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--commits", type=int, default=96, help="commits per configuration, shared by its writers")
    ap.add_argument("--out", type=Path, default=REPO / "bench/results/store.json")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="tl-store-bench-") as tmp:
        for n in args.writers:
            rows.append({"backend": "sqlite", **run(f"sqlite:///{tmp}/w{n}.db", n, args.commits)})
            print(rows[-1], flush=True)
        if pgcluster.available():
            with pgcluster.cluster() as server:
                for n in args.writers:
                    url = pgcluster.create_database(server, f"bench_w{n}")
                    rows.append({"backend": "postgresql", **run(url, n, args.commits)})
                    print(rows[-1], flush=True)
        else:
            print("PostgreSQL is not installed: its rows are missing", file=sys.stderr)
    assert all(r["lost_updates"] == 0 and r["one_line"] and not r["versions_told_twice"] for r in rows), rows
    args.out.write_text(json.dumps({"rows": rows, "machine": f"{mp.cpu_count()} CPU cores"}, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
