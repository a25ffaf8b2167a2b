"""Node <-> hub collaboration, measured: node classifiers that learn from what they escalated.

    python bench/collab_bench.py [--rounds 2] [--per-round 100]

The held-out writer w12 (never trained on by the node classifier or the translator) is dealt out
once, seeded: two streams of ``--per-round`` requests that arrive at the eight metro6g sites in
turn, and the rest, which no node ever sees, for measuring. Each round, every request of its
stream goes through the real hub agent as a dry run at its site (classify with that site's own
classifier -> translate -> plan); the utterances the node escalated are kept with the class of the
hub's reading, and a simulated operator judges that reading (right when it is the gold IR, as the
contract scores it). Then a ``learn.fedft`` intent on ``intent_classifier`` runs through the
agent: each site fine-tunes on its own approved escalations next to its synthetic shard, FedAvg
aggregates, the deployment gate checks the hub's validation split, and the new int8 model goes
to the node agents. Measured before and after each round on the unseen part of w12, and on
dev.jsonl (measured only): escalation rate, the node's accuracy overall and on what it keeps. An
ablation runs the same jobs with no labels, so the effect of the labels is told apart from that of
fine-tuning and re-calibrating the cascade alone.
Writes bench/results/collab.json.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from agent_bench import DEV, correct
from tqdm import tqdm

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from llm_core.training import written  # noqa: E402
from tiny_nodes.intent import label_of  # noqa: E402


def measure(agents: dict, rows: list[dict]) -> dict:  # noqa: ANN001 - site -> NodeAgent
    """Each request at a site in turn, classified by that site's node agent."""
    sites = sorted(agents)
    kept = right = right_kept = 0
    for i, row in enumerate(rows):
        guess = agents[sites[i % len(sites)]].models["intent"].classify([row["text"]])[0]
        ok = guess.label == label_of(row)
        right += ok
        if not guess.escalate:
            kept += 1
            right_kept += ok
    n = len(rows)
    return {"n": n, "escalated": 1 - kept / n, "node_accuracy": right / n,
            "node_accuracy_on_kept": right_kept / kept if kept else None}


def stream(hub, rows: list[dict], sites: list[str], label: str) -> dict:  # noqa: ANN001 - agents.hub.HubAgent
    """The requests through the agent at their sites; the operator judges each escalated reading."""
    escalated = approved = 0
    for i, row in enumerate(tqdm(rows, desc=label, unit="req")):
        state = hub.ask(row["text"], node=sites[i % len(sites)], dry_run=True)
        if state["classification"]["escalate"]:
            escalated += 1
            right = correct(row, state["record"])
            approved += right
            hub.feedback(state["run_id"], right, actor="bench-operator")
    return {"requests": len(rows), "escalated": escalated, "approved": approved}


def markdown(d: dict) -> str:
    lines = ["| arm | after | escalations labelled (approved / escalated) | deployed | w12 unseen: escalated | node right "
             "| right on kept | dev.jsonl: escalated | node right | right on kept |", "|---|---|---|---|---|---|---|---|---|---|"]

    def pct(x: float | None) -> str:
        return "—" if x is None else f"{100 * x:.1f} %"

    for r in d["rows"]:
        w, dv, s = r["w12_unseen"], r["dev"], r.get("stream")
        labels = f"{s['approved']} / {s['escalated']}" if s else "—"
        lines.append(f"| {r['arm']} | {r['after']} | {labels} | {r.get('deployed', '—')} | {pct(w['escalated'])} | "
                     f"{pct(w['node_accuracy'])} | {pct(w['node_accuracy_on_kept'])} | {pct(dv['escalated'])} | "
                     f"{pct(dv['node_accuracy'])} | {pct(dv['node_accuracy_on_kept'])} |")
    return "\n".join(lines)


def arm(name: str, streams: list[list[dict]], unseen: list[dict], dev: list[dict], fl_rounds: int) -> list[dict]:
    """One run from the shipped models on a fresh home: with labels, each round's stream goes through
    the agent and the operator judges the escalations; without (the ablation), only the jobs run, so
    what changes is fine-tuning and re-calibration alone."""
    with tempfile.TemporaryDirectory(prefix="tl-collab-bench-") as home:
        os.environ["TINYLARGE_HOME"] = home
        from agents.hub import load_hub
        from netmodel.store import Store

        hub = load_hub(Store.at(Path(home) / "store.db"), echo=lambda line: print(line, flush=True))
        agents = hub.engines.agents
        sites = sorted(agents)
        rows = [{"arm": name, "after": "shipped model", "w12_unseen": measure(agents, unseen), "dev": measure(agents, dev)}]
        print(rows[-1], flush=True)
        for k, traffic in enumerate(streams, 1):
            t0 = time.perf_counter()
            seen = stream(hub, traffic, sites, f"{name}: round {k} stream") if name == LABELLED else None
            job = {"kind": "learn.fedft", "model": "intent_classifier", "nodes": ["role:site"],
                   "rounds": fl_rounds, "local_epochs": 2}
            state = hub.ask(intents=[job], actor="bench-operator")
            if state["status"] != "learning":
                raise SystemExit(f"round {k}: the learning intent ended {state['status']}: {state}")
            (job_id,) = state["learning"]["started"]
            status = hub.engines.runner.wait(job_id)
            result = hub.store.job(job_id).result
            deployed = sum(1 for v in result.get("deployed", {}).values() if v["deployed"])
            rows.append({"arm": name, "after": f"round {k}", "stream": seen, "job": job_id, "job_status": status,
                         "local_examples": hub.store.job(job_id).progress[0].get("local_examples"),
                         "deployed": f"{deployed}/{len(sites)} sites", "seconds": time.perf_counter() - t0,
                         "gate": result.get("deployed"), "w12_unseen": measure(agents, unseen), "dev": measure(agents, dev)})
            print(rows[-1], flush=True)
        hub.engines.manager.close()
    return rows


LABELLED, ABLATION = "operator's labels", "no labels (ablation)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2, help="collaboration rounds (stream, then a learn.fedft job)")
    ap.add_argument("--per-round", type=int, default=100, help="w12 requests the sites see per round")
    ap.add_argument("--fl-rounds", type=int, default=5, help="federated rounds of each learn.fedft job")
    ap.add_argument("--out", type=Path, default=REPO / "bench/results/collab.json")
    args = ap.parse_args()
    w12 = written.records()
    random.Random(0).shuffle(w12)
    streams = [w12[k * args.per_round:(k + 1) * args.per_round] for k in range(args.rounds)]
    unseen = w12[args.rounds * args.per_round:]
    if len(unseen) < 50:
        raise SystemExit(f"w12 has {len(w12)} records: too few left to measure on")
    dev = [{"text": r["text"], **r["gold"]} for r in (json.loads(x) for x in DEV.read_text().splitlines() if x.strip())]
    rows = [row for name in (LABELLED, ABLATION) for row in arm(name, streams, unseen, dev, args.fl_rounds)]
    d = {"rows": rows, "unseen": len(unseen), "per_round": args.per_round, "fl_rounds": args.fl_rounds,
         "machine": f"{os.cpu_count()} CPU cores"}
    d["markdown"] = markdown(d)
    args.out.write_text(json.dumps(d, indent=1) + "\n")
    print(d["markdown"])


if __name__ == "__main__":
    main()
