"""Federated and split learning of the NSL-KDD site detector: accuracy vs round and vs bytes.

    nice -n 5 .venv/bin/python bench/fl_bench.py            # full run -> bench/results/fl.json + PNGs
    .venv/bin/python bench/fl_bench.py --rounds 2 --seeds 1 --out /tmp/fl.json   # smoke run
    nice -n 5 .venv/bin/python bench/fl_bench.py --hetlora  # HetLoRA of the hub adapter -> fl_hetlora.json

8 clients = the twin's 8 sites, non-IID shards of KDDTrain+ (Dirichlet α=0.5 over attack
families; 10 % held out as the hub's validation split), accuracy = binary attack/normal
accuracy on KDDTest+. Centralized = the same model, optimizer (Adam, batch 64) and epochs on the
pooled shards. Every run uses Adam lr ``--lr`` (3e-3); the headline runs (centralized, FedAvg,
SplitFed V1) are repeated over ``--seeds`` seeds at that lr and at 1e-3 (the library default).
Poisoned runs: 20 % of clients (2 of 8) flip labels or send sign-flipped ×10 updates; the
attackers are the two largest sites (worst case for sample-weighted FedAvg), plus FedAvg rows
with two randomly chosen sites.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from federated.apps.detector import mark_poisoned, nslkdd_problem  # noqa: E402
from federated.client import ClientData, LocalConfig  # noqa: E402
from federated.engine import FedConfig, run_federated  # noqa: E402
from federated.problem import Problem  # noqa: E402
from federated.split import SplitConfig, run_split  # noqa: E402
from federated.weights import nbytes  # noqa: E402

RESULTS = ROOT / "bench/results"
ROBUST = ("median", "trimmed_mean", "krum")
ROBUST_PARAMS = {"beta": 0.25, "f": 2}  # 8 clients, 2 attackers: trim 2 per side; Krum tolerates f=2


def fresh(problem: Problem, attack: str, largest: bool, fraction: float = 0.2, seed: int = 0) -> Problem:
    """A copy of ``problem`` where ``fraction`` of the clients attack (the largest ones, or random)."""
    clients = [dataclasses.replace(c, attack=None) for c in problem.clients]
    if largest:
        for c in sorted(clients, key=len, reverse=True)[: int(round(fraction * len(clients)))]:
            c.attack = attack  # type: ignore[assignment]
    else:
        mark_poisoned(clients, fraction, attack, seed)
    return dataclasses.replace(problem, clients=clients)


def record(name: str, group: str, history: list[dict], seconds: float, seed: int, **extra: Any) -> dict[str, Any]:
    keep = ("round", "train_loss", "val_accuracy", "bytes_up", "bytes_down", "cum_bytes", "client_flops",
            "client_seconds", "epsilon")
    return {"name": name, "group": group, "seed": seed, "seconds": round(seconds, 2),
            "final_accuracy": history[-1]["val_accuracy"], "total_bytes": history[-1]["cum_bytes"],
            "history": [{k: e[k] for k in keep if k in e} for e in history], **extra}


def fl(problem: Problem, name: str, group: str, rounds: int, seed: int, lr: float, strategy: str = "fedavg",
       dp_epsilon: float | None = None, **params: Any) -> dict[str, Any]:
    cfg = FedConfig(rounds=rounds, local=LocalConfig(lr=lr), strategy=strategy, strategy_params=params,
                    dp_epsilon=dp_epsilon, seed=seed)
    t0 = time.perf_counter()
    res = run_federated(problem.model_fn, problem.clients, cfg, problem.test, task=problem.task)
    return record(name, group, res.history, time.perf_counter() - t0, seed, lr=lr, epsilon=res.epsilon)


def centralized(problem: Problem, group: str, rounds: int, seed: int, lr: float) -> dict[str, Any]:
    pooled = ClientData("hub", torch.cat([c.x for c in problem.clients]), torch.cat([c.y for c in problem.clients]))
    cfg = FedConfig(rounds=rounds, min_clients=1, local=LocalConfig(lr=lr), seed=seed)
    t0 = time.perf_counter()
    res = run_federated(problem.model_fn, [pooled], cfg, problem.test, task=problem.task)
    for e in res.history:  # nothing is exchanged per epoch; the raw data would have to move once
        e["bytes_up"] = e["bytes_down"] = 0
        e["cum_bytes"] = nbytes([pooled.x, pooled.y])
    return record("centralized", group, res.history, time.perf_counter() - t0, seed, lr=lr)


def sl(problem: Problem, name: str, group: str, method: str, rounds: int, seed: int, lr: float,
       **params: Any) -> dict[str, Any]:
    cfg = SplitConfig(method=method, rounds=rounds, seed=seed, lr=lr, **params)  # type: ignore[arg-type]
    t0 = time.perf_counter()
    res = run_split(problem.model_fn, problem.clients, cfg, problem.test, task=problem.task)
    return record(name, group, res.history, time.perf_counter() - t0, seed, lr=lr, method=method,
                  client_flops_per_sample=res.config["client_flops_per_sample"], **params)


SENSITIVITY_LR = 1e-3


def plan(rounds: int, seeds: int, lr: float) -> list[tuple[str, Any]]:
    """(label, thunk) pairs; a thunk takes the seed's base problem."""
    runs: list[tuple[str, Any]] = []
    for rate, tag in ((lr, ""), (SENSITIVITY_LR, f" lr={SENSITIVITY_LR:g}")):
        for s in range(seeds):
            runs += [(f"centralized{tag}/{s}", lambda p, s=s, r=rate, t=tag: centralized(p, "baseline" + t, rounds, s, r)),
                     (f"fedavg{tag}/{s}", lambda p, s=s, r=rate, t=tag: fl(p, "fedavg", "clean" + t, rounds, s, r)),
                     (f"splitfed_v1{tag}/{s}", lambda p, s=s, r=rate, t=tag: sl(
                         p, "splitfed_v1", "split" + t, "splitfed_v1", rounds, s, r))]
    runs += [("fedprox", lambda p: fl(p, "fedprox", "clean", rounds, 0, lr, "fedprox", proximal_mu=0.01))]
    runs += [(r, lambda p, r=r: fl(p, r, "clean", rounds, 0, lr, r, **ROBUST_PARAMS)) for r in ROBUST]
    for attack in ("label_flip", "scale"):
        for r in ("fedavg", *ROBUST):
            runs.append((f"{r}+{attack}", lambda p, r=r, a=attack: fl(
                fresh(p, a, largest=True), r, f"poisoned:{a}", rounds, 0, lr, r, **ROBUST_PARAMS)))
        runs.append((f"fedavg+{attack}+random", lambda p, a=attack: fl(
            fresh(p, a, largest=False), "fedavg", f"poisoned:{a} (random sites)", rounds, 0, lr)))
    runs += [(f"dp{e:g}", lambda p, e=e: fl(p, f"fedavg+dp ε={e:g}", "dp", rounds, 0, lr, dp_epsilon=e))
             for e in (1.0, 8.0)]
    runs += [(m, lambda p, m=m: sl(p, m, "split", m, rounds, 0, lr)) for m in ("vanilla", "parallel", "splitfed_v2")]
    runs += [(f"epsl{r}", lambda p, r=r: sl(p, f"epsl r={r:g}", "split", "epsl", rounds, 0, lr, epsl_ratio=r))
             for r in (0.25, 0.5, 1.0)]
    return runs


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    def acc(name: str, group: str) -> list[float]:
        return [r["final_accuracy"] for r in results if r["name"] == name and r["group"] == group]

    def mean(xs: list[float]) -> float:
        return statistics.mean(xs) if xs else float("nan")

    cen, avg = acc("centralized", "baseline"), acc("fedavg", "clean")
    sfl = acc("splitfed_v1", "split")
    tag = f" lr={SENSITIVITY_LR:g}"
    cen_s, avg_s, sfl_s = acc("centralized", "baseline" + tag), acc("fedavg", "clean" + tag), acc("splitfed_v1", "split" + tag)
    poisoned = {a: max(((r["name"], r["final_accuracy"]) for r in results if r["group"] == f"poisoned:{a}"
                        and r["name"] in ROBUST), key=lambda t: t[1], default=(None, float("nan")))
                for a in ("label_flip", "scale")}
    fedavg_times = [r["seconds"] for r in results if r["name"] == "fedavg" and r["group"].startswith("clean")]
    clean0 = acc("fedavg", "clean")[0] if avg else float("nan")
    return {
        "centralized_mean": mean(cen), "centralized_std": statistics.pstdev(cen) if cen else None,
        "fedavg_mean": mean(avg), "fedavg_std": statistics.pstdev(avg) if avg else None,
        "splitfed_v1_mean": mean(sfl),
        "fedavg_gap_points": 100 * (mean(cen) - mean(avg)),
        "splitfed_v1_gap_points": 100 * (mean(cen) - mean(sfl)),
        f"at lr={SENSITIVITY_LR:g}": {"centralized_mean": mean(cen_s), "fedavg_mean": mean(avg_s),
                                      "splitfed_v1_mean": mean(sfl_s),
                                      "fedavg_gap_points": 100 * (mean(cen_s) - mean(avg_s)),
                                      "splitfed_v1_gap_points": 100 * (mean(cen_s) - mean(sfl_s))},
        "best_robust_poisoned": {a: {"strategy": n, "accuracy": v, "gap_to_clean_fedavg_points": 100 * (clean0 - v)}
                                 for a, (n, v) in poisoned.items()},
        "fedavg_poisoned": {a: acc("fedavg", f"poisoned:{a}") for a in ("label_flip", "scale")},
        "fedavg_20_rounds_seconds": max(fedavg_times) if fedavg_times else None,
        "targets": {
            "fedavg_within_1pt_of_centralized": 100 * (mean(cen) - mean(avg)) <= 1.0,
            "robust_within_2pt_of_clean_fedavg": all(100 * (clean0 - v) <= 2.0 for _, v in poisoned.values()),
            "splitfed_v1_within_1pt_of_centralized": 100 * (mean(cen) - mean(sfl)) <= 1.0,
            "fedavg_20_rounds_under_120s": bool(fedavg_times) and max(fedavg_times) < 120,
        },
    }


def markdown(d: dict[str, Any]) -> str:
    """README tables (for bench/tables.py)."""
    rows = ["| run | setting | KDDTest+ acc (final) | MB exchanged | wall s |", "|---|---|---|---|---|"]
    seen: dict[tuple[str, str], list[dict]] = {}
    for r in d["results"]:
        seen.setdefault((r["group"], r["name"]), []).append(r)
    for (group, name), rs in seen.items():
        accs = [r["final_accuracy"] for r in rs]
        acc = f"{100 * statistics.mean(accs):.2f}" + (f" ± {100 * statistics.pstdev(accs):.2f} ({len(accs)} seeds)"
                                                       if len(accs) > 1 else "")
        rows.append(f"| {name} | {group} | {acc} | {rs[0]['total_bytes'] / 1e6:.1f} | {rs[0]['seconds']:.0f} |")
    sl_rows = ["| SL method | up MB/round | down MB/round | client MFLOPs/round | KDDTest+ acc |", "|---|---|---|---|---|"]
    for r in d["results"]:
        if r["group"].startswith("split") and r["seed"] == 0 and r["lr"] == d["lr"]:
            h = r["history"][-1]
            sl_rows.append(f"| {r['name']} | {h['bytes_up'] / 1e6:.2f} | {h['bytes_down'] / 1e6:.2f} | "
                           f"{h['client_flops'] / 1e6:.0f} | {100 * r['final_accuracy']:.2f} |")
    s = d["summary"]
    tgt = "\n".join(f"- {k}: {'met' if v else '**missed**'}" for k, v in s["targets"].items())
    return "\n".join(rows) + "\n\n" + "\n".join(sl_rows) + "\n\n" + tgt


def plot(d: dict[str, Any], prefix: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = {"clean FL": ("baseline", "clean"),
              "poisoned (2 largest of 8 sites): label flip": ("poisoned:label_flip", "poisoned:label_flip (random sites)"),
              "poisoned (2 largest of 8 sites): update ×-10": ("poisoned:scale", "poisoned:scale (random sites)"),
              "DP + split learning": ("dp", "split")}
    first = {}
    for r in d["results"]:
        first.setdefault((r["group"], r["name"]), r)
    out = []
    for xkey, fname in (("round", "fl_rounds.png"), ("cum_bytes", "fl_bytes.png")):
        fig, axes = plt.subplots(2, 2, figsize=(12, 8), sharey=True)
        for ax, (title, groups) in zip(axes.flat, panels.items()):
            for (group, name), r in first.items():
                if group in groups and not (xkey == "cum_bytes" and group == "baseline"):
                    label = name + (" (random sites)" if "random" in group else "")
                    ax.plot([e[xkey] / (1e6 if xkey == "cum_bytes" else 1) for e in r["history"]],
                            [100 * e["val_accuracy"] for e in r["history"]], label=label, marker=".")
            ax.set_title(title)
            ax.set_xlabel("round" if xkey == "round" else "cumulative MB exchanged")
            if xkey == "cum_bytes":
                ax.set_xscale("log")
            ax.set_ylabel("KDDTest+ accuracy (%)")
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7)
        fig.tight_layout()
        path = prefix / fname
        fig.savefig(path, dpi=110)
        plt.close(fig)
        out.append(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
    return out


def hetlora(rounds: int, steps: int, n_train: int, n_test: int, seed: int = 0, exact: bool = False) -> dict[str, Any]:
    """Site-local held-out translation scores: base model, local-only adapters, HetLoRA."""
    from federated.apps.hetlora import compare

    torch.set_num_threads(2)
    return {"benchmark": "fl_hetlora", **compare(rounds, steps, n_train, n_test, seed, echo=print, exact=exact)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--alpha", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=3e-3, help="Adam lr of every run (clients, server side, centralized)")
    ap.add_argument("--only", nargs="*", help="run labels to keep (prefix match)")
    ap.add_argument("--out", type=Path, default=RESULTS / "fl.json")
    ap.add_argument("--hetlora", action="store_true", help="run the HetLoRA hub-adapter benchmark instead")
    ap.add_argument("--steps", type=int, default=5, help="HetLoRA: local steps per round")
    ap.add_argument("--exact", action="store_true", help="HetLoRA: also measure exact match (slow)")
    args = ap.parse_args()
    if args.hetlora:
        d = hetlora(args.rounds if args.rounds != 20 else 3, args.steps, n_train=32, n_test=8, exact=args.exact)
        out = RESULTS / "fl_hetlora.json" if args.out == RESULTS / "fl.json" else args.out
        out.write_text(json.dumps(d, indent=1))
        print(json.dumps({k: v for k, v in d.items() if k != "hetlora_rounds"}, indent=1))
        return
    problems = {s: nslkdd_problem(alpha=args.alpha, seed=s) for s in range(args.seeds)}
    results = []
    runs = [(lbl, f) for lbl, f in plan(args.rounds, args.seeds, args.lr)
            if not args.only or any(lbl.startswith(o) for o in args.only)]
    for i, (label, thunk) in enumerate(runs, 1):
        seed = int(label.split("/")[1]) if "/" in label else 0
        r = thunk(problems[seed])
        results.append(r)
        print(f"[{i}/{len(runs)}] {label}: acc {100 * r['final_accuracy']:.2f}  "
              f"{r['total_bytes'] / 1e6:.1f} MB  {r['seconds']:.0f} s", flush=True)
    d = {"benchmark": "fl", "rounds": args.rounds, "lr": args.lr, "clients": len(problems[0].clients), "alpha": args.alpha,
         "sites": [c.name for c in problems[0].clients], "shard_sizes": [len(c) for c in problems[0].clients],
         "machine": f"{platform.machine()} {torch.get_num_threads()} threads, torch {torch.__version__}",
         "results": results}
    d["summary"] = summarize(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    d["plots"] = plot(d, args.out.parent) if args.out.parent == RESULTS else []
    args.out.write_text(json.dumps(d, indent=1))
    print(markdown(d))


if __name__ == "__main__":
    main()
