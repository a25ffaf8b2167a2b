"""TinyML benchmark: detector stages (fp32 / pruned / distilled / int8), speed (numpy int8, compiled C),
MCU footprint vs the device budgets, site detector, intent classifier + cascade on the held-out writer and the dev set.

    .venv/bin/python bench/tiny_bench.py                  # -> bench/results/tiny.json, bench/results/tiny_size.png
    .venv/bin/python bench/tiny_bench.py --only intent    # re-measure one section (nslkdd | site | intent)

The NSL-KDD pipeline is re-run from scratch (same seed as the committed artifact, ~40 s); the
intent and site numbers use the committed artifacts. Test sets are only measured.
"""
from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from llm_core.training import written  # noqa: E402
from netmodel.twin import DEVICE_BUDGETS  # noqa: E402
from tiny_nodes.deployed import Detector, artifact_path  # noqa: E402
from tiny_nodes.export_c import compile_shared, footprint  # noqa: E402
from tiny_nodes.intent import LABELS, IntentClassifier, label_of  # noqa: E402
from tiny_nodes.nslkdd import load_split, train_preprocessor  # noqa: E402
from tiny_nodes.qmodel import QuantizedMLP  # noqa: E402
from tiny_nodes.training.build import site_data  # noqa: E402
from tiny_nodes.training.compress import compress_detector  # noqa: E402
from tiny_nodes.training.intent_train import corpus, evaluate_records  # noqa: E402
from tiny_nodes.training.metrics import detector_metrics  # noqa: E402

RESULTS = ROOT / "bench/results"
DEV = ROOT.parent / "shared/datasets/intents/dev.jsonl"


def best_of(fn, reps: int = 5) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def nslkdd_section(seed: int = 0) -> dict:
    pre = train_preprocessor()
    X, yb, yf = load_split("train", pre=pre)
    val = np.random.default_rng(seed).random(len(X)) < 0.15
    evals = {"KDDTest+": load_split("test", pre=pre), "KDDTest-21": load_split("test21", pre=pre)}
    r = compress_detector((X[~val], yb[~val], yf[~val]), (X[val], yb[val], yf[val]), evals, seed=seed,
                          log=lambda s: print("  " + s, flush=True))
    q = r.int8
    committed = QuantizedMLP.load(artifact_path("nslkdd_int8.npz"))
    Xt = evals["KDDTest+"][0]
    xq = q.quantize_input(Xt)
    with tempfile.TemporaryDirectory() as tmp:
        cm = compile_shared(q, tmp, "bench_detector", opt="-O2")
        c_out = cm.forward_int(xq)
        c_s = best_of(lambda: cm.forward_int(xq))
        fp = footprint(q, tmp, "bench_detector")
    np_out = q.forward_int(xq)
    np_batch_s = best_of(lambda: q.forward_int(xq), 3)
    one = xq[:1]
    np_single_s = best_of(lambda: [q.forward_int(one) for _ in range(1000)], 3) / 1000
    m4 = DEVICE_BUDGETS["mcu-m4"]
    return {
        "stages": r.report(),
        "teacher_tree_nodes": r.teacher_nodes,
        "int8_equals_committed_artifact": bool(np.array_equal(q.predict_logits(Xt), committed.predict_logits(Xt))),
        "c_equals_numpy_rows": int((c_out == np_out).all(axis=1).sum()), "rows": len(xq),
        "numpy_int8_us_per_sample_batched": 1e6 * np_batch_s / len(xq),
        "numpy_int8_us_per_call_single_row": 1e6 * np_single_s,
        "c_us_per_sample": 1e6 * c_s / len(xq),
        "footprint": {"target": fp.target, "compiler": fp.compiler, "code_bytes": fp.text, "const_bytes": fp.rodata,
                      "flash_bytes": fp.flash, "ram_bytes": fp.ram, "static_bytes": fp.bss, "stack_bytes": fp.stack,
                      "io_bytes": fp.io, "m4_flash_budget": m4["flash"], "m4_sram_budget": m4["sram"],
                      "fits_m4": fp.flash <= m4["flash"] and fp.ram <= m4["sram"]},
        "int8_weight_bytes": q.weight_bytes,
    }


def site_section() -> dict:
    det = Detector.load(artifact_path("site_int8.npz"))
    X_raw, y = site_data(seed=500, ticks=200)
    logits = det.logits(X_raw)
    m = detector_metrics(logits, (y > 0).astype(int), y)
    return {"rows": len(y), "metrics": m, "weight_bytes": det.model.weight_bytes}


def cascade_measures(clf: IntentClassifier, records: list[dict]) -> dict:
    """Label / kind accuracy, escalation and cascade accuracy of the node's classifier on gold records."""
    d = evaluate_records(clf, records, clf.model.meta.get("hub_accuracy", 0.95))
    gold = [label_of(r.get("gold", r)) for r in records]
    guesses = clf.classify([r["text"] for r in records])
    single = [i for i, g in enumerate(gold) if g in LABELS[:10]]
    d["kind_accuracy_single_kind_utterances"] = float(np.mean([guesses[i].label == gold[i] for i in single]))
    d["n_single_kind"] = len(single)
    t = best_of(lambda: clf.classify([r["text"] for r in records]), 3)
    d["us_per_utterance"] = 1e6 * t / len(records)
    return d


def intent_section() -> dict:
    clf = IntentClassifier.load(artifact_path("intent_int8.npz"))
    out: dict = {"weight_bytes": clf.model.weight_bytes, "threshold": clf.threshold,
                 "temperature": clf.temperature, "hub_accuracy": clf.model.meta.get("hub_accuracy")}
    texts, y = corpus(4000, 77, "heldout")
    p = clf.probs(texts)
    out["synthetic_heldout"] = {"n": len(texts), "label_accuracy": float((p.argmax(1) == y).mean())}
    out["written_heldout"] = {"writers": list(written.HELDOUT_WRITERS), **cascade_measures(clf, written.records())}
    if DEV.exists():
        out["dev"] = cascade_measures(clf, [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()])
    return out


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    stages = [s for s in result["nslkdd"]["stages"] if s["size_bytes"]]
    for test, marker in (("KDDTest+", "o"), ("KDDTest-21", "s")):
        xs = [s["size_bytes"] for s in stages]
        ys = [100 * s["metrics"][test]["accuracy"] for s in stages]
        ax.plot(xs, ys, marker=marker, label=f"{test} accuracy")
        for s, x, yv in zip(stages, xs, ys):
            ax.annotate(s["name"], (x, yv), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("model parameters (bytes, log scale)")
    ax.set_ylabel("binary accuracy (%)")
    ax.set_title("NSL-KDD detector: accuracy vs size through the compression pipeline")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def markdown(result: dict) -> str:
    n = result["nslkdd"]
    lines = ["| NSL-KDD detector | hidden | bytes | KDDTest+ acc | F1 | AUC | KDDTest-21 acc | F1 | AUC |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s in n["stages"]:
        a, b = s["metrics"]["KDDTest+"], s["metrics"]["KDDTest-21"]
        size = f"{s['size_bytes']:,}" if s["size_bytes"] else f"({n['teacher_tree_nodes']:,} tree nodes)"
        hidden = "x".join(map(str, s["hidden"])) or "forest"
        lines.append(f"| {s['name']} | {hidden} | {size} | {100 * a['accuracy']:.2f} % | {100 * a['f1']:.2f} | "
                     f"{a['auc']:.4f} | {100 * b['accuracy']:.2f} % | {100 * b['f1']:.2f} | {b['auc']:.4f} |")
    fp = n["footprint"]
    lines += ["", "| int8 detector on the node | value |", "|---|---|",
              f"| numpy int8, µs/sample (batched / single-row call) | {n['numpy_int8_us_per_sample_batched']:.2f} / "
              f"{n['numpy_int8_us_per_call_single_row']:.1f} |",
              f"| compiled C (`cc -O2`, host), µs/sample | {n['c_us_per_sample']:.2f} |",
              f"| C output == numpy on KDDTest+ rows | {n['c_equals_numpy_rows']:,} / {n['rows']:,} |",
              f"| flash ({fp['target']}: code + constants) | {fp['flash_bytes']:,} B ({fp['code_bytes']:,} + "
              f"{fp['const_bytes']:,}) of {fp['m4_flash_budget']:,} B |",
              f"| RAM (static buffers + stack + in/out) | {fp['ram_bytes']:,} B of {fp['m4_sram_budget']:,} B |"]
    s = result["site"]
    lines += [f"| site-telemetry detector ({s['weight_bytes']} B), accuracy / F1 / AUC on {s['rows']:,} unseen site-ticks | "
              f"{100 * s['metrics']['accuracy']:.2f} % / {100 * s['metrics']['f1']:.2f} / {s['metrics']['auc']:.4f} |"]
    i = result["intent"]
    sets = [(f"held-out writer ({', '.join(i['written_heldout']['writers'])})", i["written_heldout"])]
    sets += [("dev.jsonl", i["dev"])] if "dev" in i else []
    lines += ["", f"| intent classifier (int8, {i['weight_bytes']:,} B) | " + " | ".join(n for n, _ in sets) + " |",
              "|---|" + "---|" * len(sets)]
    rows = [("label accuracy (16 classes: kind / error code / multi)", lambda d: f"{100 * d['label_accuracy']:.1f} %"),
            ("kind accuracy, single-kind utterances", lambda d: f"{100 * d['kind_accuracy_single_kind_utterances']:.1f} % "
                                                            f"(of {d['n_single_kind']})"),
            (f"cascade: escalated to the hub (threshold {i['threshold']:.3f})", lambda d: f"{100 * d['escalation_rate']:.1f} %"),
            ("cascade: node accuracy on what it kept", lambda d: f"{100 * d['local_accuracy']:.1f} %"),
            (f"cascade accuracy with a hub at {100 * (i['hub_accuracy'] or 0.95):g} %",
             lambda d: f"{100 * d['cascade_accuracy']:.1f} %"),
            ("numpy µs per utterance", lambda d: f"{d['us_per_utterance']:.0f}")]
    lines += [f"| {label} | " + " | ".join(fmt(d) for _, d in sets) + " |" for label, fmt in rows]
    lines.append(f"\nOn {i['synthetic_heldout']['n']:,} synthetic held-out phrasings the label accuracy is "
                 f"{100 * i['synthetic_heldout']['label_accuracy']:.1f} %.")
    return "\n".join(lines)


def main() -> None:
    logging.getLogger().setLevel(logging.ERROR)
    torch.set_num_threads(1)
    sections = {"nslkdd": nslkdd_section, "site": site_section, "intent": intent_section}
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=sections, help="re-measure one section, keep the others of tiny.json")
    only = ap.parse_args().only
    t0 = time.time()
    result = json.loads((RESULTS / "tiny.json").read_text()) if only else \
        {"machine": platform.processor() or platform.machine(), "python": platform.python_version()}
    for name, section in sections.items():
        if only in (None, name):
            print(name, flush=True)
            result[name] = section()
    result["seconds"] = time.time() - t0
    result["markdown"] = markdown(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tiny.json").write_text(json.dumps(result, indent=1))
    plot(result, RESULTS / "tiny_size.png")
    print(result["markdown"])


if __name__ == "__main__":
    main()
