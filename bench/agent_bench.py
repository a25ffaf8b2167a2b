"""The hub agent from text to a verified plan (a dry run), with the node cascade on and off.

    python bench/agent_bench.py [--w12 160]

For every utterance of ../shared/datasets/intents/dev.jsonl (measured only, never trained on) and
of the held-out writer w12, the agent runs classify -> translate -> plan as a dry run on a fresh
metro6g store. With the cascade on, an utterance the node's int8 classifier is sure of (a kind,
above its threshold) is translated without retrieval; with it off, every one takes the full hub
path. Reported: p50/p95 end to end, the per-step split, the share the node kept, the node's label
accuracy on what it kept, and the translation's exact-match accuracy (the IR contract's rule) —
all measured. Target: p50 <= 1.5 s to a verified plan. Writes bench/results/agent.json.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEV = REPO.parent / "shared/datasets/intents/dev.jsonl"

from llm_core.scoring import intents_match  # noqa: E402
from llm_core.training import written  # noqa: E402
from tiny_nodes.intent import label_of  # noqa: E402


def datasets(n_w12: int) -> dict[str, list[dict]]:
    dev = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    w12 = written.records()[:n_w12]
    return {"dev.jsonl": [{"text": r["text"], **r["gold"]} for r in dev],
            "w12 (held-out writer)": [{"text": r["text"], "intents": r["intents"], "error": r["error"]} for r in w12]}


def correct(gold: dict, record: dict) -> bool:
    if gold["error"] or record["error"]:
        return bool(gold["error"] and record["error"] and gold["error"]["code"] == record["error"]["code"])
    return intents_match(gold["intents"], record["intents"])


def measure(hub, rows: list[dict], label: str) -> dict:  # noqa: ANN001 - agents.hub.HubAgent
    store = hub.store
    total, steps, kept, node_right, exact = [], {}, 0, 0, 0
    for row in tqdm(rows, desc=label, unit="utt"):
        t0 = time.perf_counter()
        state = hub.ask(row["text"], dry_run=True)
        total.append((time.perf_counter() - t0) * 1000)  # checkpoints and trace writes included
        for s in store.run(state["run_id"])[1]:
            steps.setdefault(s.step, []).append(s.ms)
        c = state["classification"]
        if c["kept"] is not None:
            kept += 1
            node_right += c["label"] == label_of(row)
        exact += correct(row, state["record"])
    n = len(rows)
    return {"n": n, "p50_ms": float(np.percentile(total, 50)), "p95_ms": float(np.percentile(total, 95)),
            "steps_p50_ms": {k: float(np.percentile(v, 50)) for k, v in steps.items()},
            "kept": kept / n, "node_accuracy_on_kept": node_right / kept if kept else None, "exact": exact / n}


def markdown(d: dict) -> str:
    lines = ["| requests | cascade | n | p50 ms | p95 ms | kept by the node | node right on kept | exact (translation) "
             "| classify / translate / plan p50 ms |", "|---|---|---|---|---|---|---|---|---|"]
    for r in d["rows"]:
        s = r["steps_p50_ms"]
        node = "—" if r["node_accuracy_on_kept"] is None else f"{100 * r['node_accuracy_on_kept']:.1f} %"
        lines.append(f"| {r['dataset']} | {r['cascade']} | {r['n']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                     f"{100 * r['kept']:.1f} % | {node} | {100 * r['exact']:.1f} % | "
                     f"{s.get('classify', 0):.1f} / {s['translate']:.0f} / {s.get('plan', 0):.1f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--w12", type=int, default=160, help="utterances of the held-out writer w12")
    ap.add_argument("--out", type=Path, default=REPO / "bench/results/agent.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tl-agent-bench-") as home:
        os.environ["TINYLARGE_HOME"] = home
        from agents.hub import load_hub
        from netmodel.store import Store

        hub = load_hub(Store.at(Path(home) / "store.db"))
        classifier = hub.engines.classifier
        rows = []
        for name, data in datasets(args.w12).items():
            for cascade in ("on", "off"):
                hub.engines.classifier = classifier if cascade == "on" else None
                rows.append({"dataset": name, "cascade": cascade, **measure(hub, data, f"{name} cascade {cascade}")})
                print(rows[-1], flush=True)
    d = {"rows": rows, "target_p50_ms": 1500, "machine": f"{os.cpu_count()} CPU cores"}
    d["markdown"] = markdown(d)
    args.out.write_text(json.dumps(d, indent=1) + "\n")
    print(d["markdown"])


if __name__ == "__main__":
    main()
