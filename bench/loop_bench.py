"""The closed loop on the metro6g twin: fault scenarios with the loop off and on, false actions on
fault-free telemetry, and how many ticks a second the whole loop runs as the twin grows.

    python bench/loop_bench.py [--seeds 5] [--ticks 60]

Per scenario (agents/scenarios.py: the faults start at tick 5 and last 40 ticks; 1 tick = 1
simulated minute) and telemetry seed: ticks until the first alarm, ticks until the SLA count
(netmodel.assurance.sla) is back to 0, ticks with at least one SLA violation, and the actions
taken, with the loop off (watching only), reactive, and predictive (the forecaster of
agents/forecast.py, fitted on another simulator history, raises congestion before it happens);
the forecaster's precision and recall on a held-out history and how early it warns. Unsafe actions (an automatic isolation
of infrastructure, or an action while the kill switch is on) must be 0. Fault-free: 1,000 ticks
with every scenario's rules in force, network changes and alerts counted, once with the detectors
as shipped and once with automatic retraining (a node whose alarms keep being judged false gets its
detector retrained by a learning job; the bench waits for each job, which takes seconds, less than
the simulated minute of a tick). Scale: ticks per second of telemetry + node agents + assurance +
rules on generated twins of 25, 1,000 and 10,000 nodes (one agent per site and gNB). Writes
bench/results/loop.json and bench/results/loop.png.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agents.forecast import Forecaster, history  # noqa: E402
from agents.hub import HubAgent  # noqa: E402
from agents.loop import ClosedLoop, Guardrails, node_agents, summary  # noqa: E402
from agents.scenarios import SCENARIOS  # noqa: E402
from federated.jobs import agent_runner  # noqa: E402
from netmodel.manager import NetworkManager  # noqa: E402
from netmodel.store import Store  # noqa: E402
from netmodel.telemetry import TelemetrySimulator  # noqa: E402
from netmodel.twin import generate_metro, load_topology  # noqa: E402

FAULT, DURATION = 5, 40


def loop_for(home: Path, scenario: str, seed: int, act: bool, g=None, forecaster=None,  # noqa: ANN001
             retrain: bool = False) -> ClosedLoop:
    """The scenario's loop; with ``retrain``, a hub agent and a job runner over its node agents that
    retrain a detector automatically."""
    m = NetworkManager(Store.at(home / f"{scenario}-{seed}-{act}-{forecaster is not None}-{retrain}.db", g))
    sim = TelemetrySimulator(m.g, seed=seed, start_minute=21 * 60)
    if scenario in SCENARIOS:
        SCENARIOS[scenario].setup(m, sim, start=FAULT, duration=DURATION)
    agents = node_agents(sim)
    hub = HubAgent.for_ir(m, runner=agent_runner(m.store, home / "retrain", agents)) if retrain else None
    return ClosedLoop(m, sim, agents, act=act, forecaster=forecaster, hub=hub,
                      guard=Guardrails(retrain_mode="auto") if retrain else None)


def unsafe(loop: ClosedLoop) -> int:
    g = loop.manager.g
    return sum(1 for a in loop.actions if a.status in ("applied", "confirmed", "rolled_back", "withdrawn")
               and a.action == "isolate" and g.nodes[a.node]["role"] not in ("site", "ran"))


def _mean(runs: list[dict], key: str) -> float | None:
    """Mean over the runs where it happened ("-" where it did not)."""
    xs = [r[key] for r in runs if isinstance(r[key], int)]
    return statistics.mean(xs) if xs else None


def scenarios(home: Path, seeds: int, ticks: int, fitted: Forecaster) -> list[dict]:
    rows = []
    for name in ("ddos", "link_down", "latency", "congestion", "buildup", "mixed", "gnb_congestion"):
        for mode in ("off", "reactive", "predictive"):
            runs = []
            for seed in range(seeds):
                forecaster = Forecaster(model=fitted.model, threshold=fitted.threshold) if mode == "predictive" else None
                loop = loop_for(home, name, seed, mode != "off", forecaster=forecaster)
                s = summary(loop.run(ticks), loop.actions, FAULT)
                runs.append({**s, "unsafe": unsafe(loop),
                             "changes_n": sum(1 for a in loop.actions if a.changed_network)})
                loop.manager.close()
            rows.append({"scenario": name, "loop": mode, "seeds": seeds,
                         "detect_ticks": _mean(runs, "ticks to detect"), "mitigate_ticks": _mean(runs, "ticks to mitigate"),
                         "violation_ticks": statistics.mean(r["SLA-violation ticks"] for r in runs),
                         "changes": statistics.mean(r["changes_n"] for r in runs),
                         "unsafe": sum(r["unsafe"] for r in runs), "runs": runs})
            print(rows[-1]["scenario"], rows[-1]["loop"], rows[-1]["violation_ticks"], flush=True)
    return rows


def forecasting(home: Path, fitted: Forecaster, seeds: int) -> dict:
    """The forecaster on a held-out history (another seed), and how early it warns in the buildup
    scenario: its first alarm against the first congestion with the loop off."""
    x, y = fitted.samples(history(load_topology(), seed=7))
    said = fitted.predict(x) >= fitted.threshold
    leads = []
    for seed in range(seeds):
        warned = loop_for(home, "buildup", seed, False, forecaster=Forecaster(model=fitted.model, threshold=fitted.threshold))
        first_alarm = next((k.tick for k in warned.run(30) if ("congestion", "stadium") in k.raised), None)
        plain = loop_for(home, "buildup", seed, False)
        first_broken = next((k.tick for k in plain.run(30) if k.violations), None)
        if first_alarm is not None and first_broken is not None:
            leads.append(first_broken - first_alarm)
    return {"horizon": fitted.horizon, "threshold": round(fitted.threshold, 2), "held_out_samples": int(len(y)),
            "precision": round(float(y[said].mean()), 3), "recall": round(float(said[y].mean()), 3),
            "lead_ticks": statistics.mean(leads) if leads else None}


def fault_free(home: Path, ticks: int, fitted: Forecaster, retrain: bool) -> dict:
    loop = loop_for(home, "none", 0, True, forecaster=Forecaster(model=fitted.model, threshold=fitted.threshold),
                    retrain=retrain)
    jobs = loop.hub.engines.runner if retrain else None

    def wait(k) -> None:  # noqa: ANN001 - agents.loop.Tick: a job takes seconds, a tick a simulated minute
        for a in k.actions:
            if a.job is not None:
                jobs.wait(a.job)

    t0 = time.perf_counter()
    loop.run(ticks, on_tick=wait)
    alerts = [a for a in loop.actions if a.status == "alerted"]
    return {"ticks": ticks, "changes": sum(1 for a in loop.actions if a.changed_network),
            "alerts": len(alerts), "alerts_by_node": dict(sorted(Counter(a.node for a in alerts).items())),
            "unsafe": unsafe(loop), "seconds": round(time.perf_counter() - t0, 1),
            "retrained": [{"node": a.node, "tick": a.tick, "status": a.status, "false_alarms": len(a.grounds["alarms"])}
                          for a in loop.actions if a.action == "retrain"]}


def scale(home: Path) -> list[dict]:
    rows = []
    for n in (25, 1000, 10000):
        g = None if n == 25 else generate_metro(n, seed=0)
        loop = loop_for(home, f"scale{n}", 0, True, g)
        loop.run(2)  # warm: routes cached
        t0 = time.perf_counter()
        ticks = 20 if n < 10000 else 10
        loop.run(ticks)
        rate = ticks / (time.perf_counter() - t0)
        rows.append({"nodes": n, "agents": len(loop.agents), "ticks_per_s": round(rate, 2), "keeps_up_1s": rate >= 1})
        print(rows[-1], flush=True)
        loop.manager.close()
    return rows


def markdown(d: dict) -> str:
    def f(x: float | None) -> str:
        return "—" if x is None else f"{x:.1f}"

    lines = ["| scenario | loop | ticks to detect | ticks to mitigate | SLA-violation ticks | network changes | unsafe |",
             "|---|---|---|---|---|---|---|"]
    for r in d["scenarios"]:
        lines.append(f"| {r['scenario']} | {r['loop']} | {f(r['detect_ticks'])} | {f(r['mitigate_ticks'])} | "
                     f"{r['violation_ticks']:.1f} | {r['changes']:.1f} | {r['unsafe']} |")
    ff, rt, fc = d["fault_free"], d["fault_free_retraining"], d["forecast"]
    lines += ["", f"Forecaster (congestion within {fc['horizon']} ticks, threshold {fc['threshold']}), on a held-out history "
                  f"({fc['held_out_samples']:,} link-ticks): precision {fc['precision']:.2f}, recall {fc['recall']:.2f}; in the "
                  f"buildup scenario it warns {f(fc['lead_ticks'])} ticks before the congestion.",
              "", f"Fault-free, {ff['ticks']} ticks with every scenario's rules in force and the forecaster on: "
                  f"{ff['changes']} network changes, {ff['unsafe']} unsafe, {ff['alerts']} alerts from false `anomaly` "
                  f"alarms ({ff['alerts_by_node']}). With automatic retraining: "
                  + ", ".join(f"{r['node']}'s detector retrained at tick {r['tick']} after {r['false_alarms']} false "
                              f"alarms ({r['status']})" for r in rt["retrained"])
                  + f"; {rt['alerts']} alerts ({rt['alerts_by_node']}), {rt['changes']} network changes, "
                    f"{rt['unsafe']} unsafe.",
              "", "| twin nodes | node agents (sites + gNBs) | loop ticks/s | keeps up with a 1 s tick |", "|---|---|---|---|"]
    lines += [f"| {r['nodes']:,} | {r['agents']:,} | {r['ticks_per_s']:g} | {'yes' if r['keeps_up_1s'] else 'no'} |"
              for r in d["scale"]]
    return "\n".join(lines)


def plot(d: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [r["scenario"] for r in d["scenarios"] if r["loop"] == "off"]
    fig, ax = plt.subplots(figsize=(8, 3.4))
    xs = range(len(names))
    for i, mode in enumerate(("off", "reactive", "predictive")):
        ticks = [r["violation_ticks"] for r in d["scenarios"] if r["loop"] == mode]
        ax.bar([x + (i - 1) * 0.27 for x in xs], ticks, 0.27, label=f"loop {mode}")
    ax.set_xticks(list(xs), names)
    ax.set_ylabel("ticks with an SLA violation")
    ax.set_title(f"closed loop on metro6g: faults last {DURATION} ticks (mean of {d['seeds']} seeds)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5, help="telemetry seeds per scenario")
    ap.add_argument("--ticks", type=int, default=60, help="ticks per scenario run")
    ap.add_argument("--fault-free", type=int, default=1000, help="ticks of the fault-free run")
    ap.add_argument("--out", type=Path, default=REPO / "bench/results/loop.json")
    args = ap.parse_args()
    fitted = Forecaster().fit(history(load_topology()))
    with tempfile.TemporaryDirectory(prefix="tl-loop-bench-") as home:
        d = {"seeds": args.seeds, "ticks": args.ticks, "fault_at": FAULT, "duration": DURATION,
             "scenarios": scenarios(Path(home), args.seeds, args.ticks, fitted),
             "forecast": forecasting(Path(home), fitted, args.seeds),
             "fault_free": fault_free(Path(home), args.fault_free, fitted, False),
             "fault_free_retraining": fault_free(Path(home), args.fault_free, fitted, True),
             "scale": scale(Path(home)), "machine": f"{os.cpu_count()} CPU cores"}
    d["markdown"] = markdown(d)
    args.out.write_text(json.dumps(d, indent=1) + "\n")
    plot(d, args.out.with_suffix(".png"))
    print(d["markdown"])


if __name__ == "__main__":
    main()
