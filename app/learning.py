"""``tinylarge learn run|split|jobs``: federated and split learning of the site detectors from the
command line, with a live progress bar (round, loss, validation accuracy, bytes)."""
from __future__ import annotations

import difflib
import secrets
from collections.abc import Iterable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .options import Db, refusals, store_for

console = Console()
learn_app = typer.Typer(help="Federated fine-tuning and split learning of node models.", no_args_is_help=True)

Sites = Annotated[list[str] | None, typer.Option("--site", help="Client site (repeat); default: the twin's 8 sites.")]
Rounds = Annotated[int, typer.Option(min=1, help="Rounds.")]
Alpha = Annotated[float, typer.Option(min=1e-3, help="Dirichlet α of the non-IID partition.")]
Seed = Annotated[int, typer.Option(help="Seed (partition, init, sampling).")]
Model = Annotated[str, typer.Option(help="Node model: anomaly_detector | intent_classifier.")]
MODELS = ("anomaly_detector", "intent_classifier")


def _progress(total: int) -> tuple[Progress, Any]:
    p = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                 TextColumn("{task.fields[info]}"), TimeElapsedColumn(), console=console)
    return p, p.add_task("rounds", total=total, info="")


def _info(ev: dict[str, Any]) -> str:
    return f"loss {ev['train_loss']:.3f}  val acc {ev['val_accuracy']:.4f}  {ev['cum_bytes'] / 1e6:.1f} MB"


def one_of(what: str, value: str, valid: Iterable[str]) -> str:
    """``value`` if valid, else a ValueError naming the nearest valid choice (checked before any training)."""
    valid = sorted(valid)
    if value in valid:
        return value
    near = difflib.get_close_matches(value, valid, n=1, cutoff=0.5)
    hint = f"did you mean {near[0]!r}? " if near else ""
    raise ValueError(f"unknown {what} {value!r}; {hint}expected one of {', '.join(valid)}")


def _check_sites(sites: list[str] | None) -> list[str]:
    from federated.problem import default_sites

    valid = default_sites()
    return [one_of("site", s, valid) for s in sites or []]


class Recorder:
    """Records a CLI run as a job in the store (spec, one event per round, result), as hub jobs are."""

    def __init__(self, db: str | None, kind: str, spec: dict[str, Any]) -> None:
        self.store, self.id = store_for(db), f"cli-{kind}-{secrets.token_hex(3)}"
        self.store.save_job(self.id, {"kind": kind, "source": "cli", **spec}, status="running")

    def round(self, ev: dict[str, Any]) -> None:
        self.store.job_progress(self.id, {"event": "round", **ev})

    def done(self, result: dict[str, Any]) -> None:
        self.store.job_progress(self.id, {"event": "done"}, status="done", result=result)


def _summary(problem: Any, node_weights: dict[str, Any], history: list[dict], extra: dict[str, Any], rec: Recorder,
             kind: str, model: str) -> None:
    """Test the result, then keep it as a hub job would: each node's weights are published to the
    model registry and pushed to its node agent only if they score at least as well on the hub's
    validation split as what the node runs now (the deployment gate)."""
    from federated.client import evaluate_weights
    from federated.jobs import site_runner
    from netmodel.config import default_home
    from netmodel.policy import JobSpec

    test = evaluate_weights(problem.model_fn, next(iter(node_weights.values())), *problem.test, problem.task)
    rows = {"rounds": len(history), "val accuracy": f"{history[-1]['val_accuracy']:.4f}",
            "test accuracy": f"{test['accuracy']:.4f}",
            "total MB": f"{history[-1]['cum_bytes'] / 1e6:.2f}", **extra}
    nodes = list(node_weights)
    spec = JobSpec(id=rec.id, kind=kind, model=model, nodes=nodes)
    with console.status("deployment gate: each node's validation accuracy, new against current"):
        report = site_runner(rec.store, default_home(), nodes).deploy(spec, problem, node_weights)
    rec.done({**rows, "deployed": report})
    t = Table(title=f"result (job {rec.id})")
    t.add_column("metric")
    t.add_column("value", justify="right")
    for k, v in rows.items():
        t.add_row(k, str(v))
    console.print(t)
    kept = [f"{n} (v{d['version']})" for n, d in report.items() if d["deployed"]]
    worse = [n for n, d in report.items() if not d["deployed"]]
    console.print(("deployed to " + ", ".join(kept) if kept else "deployed to no node")
                  + (f"; not kept for {', '.join(worse)}: worse than what they run" if worse else "")
                  + f"; recorded as job {rec.id} (`tinylarge learn jobs`)", highlight=False, soft_wrap=True)


@learn_app.command("run")
@refusals
def run(strategy: Annotated[str, typer.Option(help="fedavg|fedprox|median|trimmed_mean|krum")] = "fedavg",
        rounds: Rounds = 10, local_epochs: Annotated[int, typer.Option(min=1, help="Local epochs per client per round.")] = 1,
        lr: Annotated[float, typer.Option(min=0.0, help="Client learning rate (the intent classifier likes 1e-2).")] = 1e-3,
        fraction: Annotated[float, typer.Option(min=0.01, max=1.0, help="Clients sampled per round.")] = 1.0,
        mu: Annotated[float, typer.Option(help="FedProx proximal μ.")] = 0.01,
        dp_epsilon: Annotated[float | None, typer.Option(help="Client-level DP target ε (RDP, δ=1e-5).")] = None,
        poisoned: Annotated[float, typer.Option(min=0.0, max=0.5, help="Fraction of attacking clients.")] = 0.0,
        attack: Annotated[str, typer.Option(help="label_flip|scale")] = "label_flip",
        engine: Annotated[str, typer.Option(help="inprocess|flower")] = "inprocess",
        site: Sites = None, alpha: Alpha = 0.5, seed: Seed = 0, model: Model = "anomaly_detector",
        db: Db = None) -> None:
    """Federated training of a node model (NSL-KDD detector or intent classifier) over the site node agents."""
    from federated.apps.detector import mark_poisoned
    from federated.client import LocalConfig
    from federated.engine import FedConfig, run_federated
    from federated.launch import problem_for
    from federated.strategies import STRATEGIES
    from federated.weights import get_weights

    one_of("strategy", strategy, STRATEGIES)
    one_of("attack", attack, ("label_flip", "scale"))
    one_of("engine", engine, ("inprocess", "flower"))
    one_of("model", model, MODELS)
    sites = _check_sites(site)
    cfg = FedConfig(rounds=rounds, fraction=fraction, local=LocalConfig(epochs=local_epochs, lr=lr), strategy=strategy,
                    strategy_params={"proximal_mu": mu}, dp_epsilon=dp_epsilon, seed=seed)
    cfg.make_strategy()
    problem = problem_for(model, sites, {"alpha": alpha, "seed": seed})
    mark_poisoned(problem.clients, poisoned, attack, seed)
    rec = Recorder(db, "learn.fedft", {"model": model, "nodes": [c.name for c in problem.clients], "strategy": strategy,
                                       "rounds": rounds, "engine": engine, "seed": seed})
    if engine == "flower":
        from federated.flower import run_flower_simulation

        with console.status(f"Flower simulation, {rounds} rounds on {len(problem.clients)} SuperNodes"):
            out = run_flower_simulation(problem, cfg, get_weights(problem.model_fn()))
        hist = [{"train_loss": float("nan"), "val_accuracy": h["accuracy"], "cum_bytes": out["bytes_up"] + out["bytes_down"]}
                for h in out["history"]]
        _summary(problem, {c.name: out["weights"] for c in problem.clients}, hist, {"engine": "flower"}, rec,
                 "learn.fedft", model)
        return
    progress, task = _progress(rounds)
    with progress:
        res = run_federated(problem.model_fn, problem.clients, cfg, problem.val, task=problem.task,
                            on_round=lambda ev: (rec.round(ev), progress.update(task, advance=1, info=_info(ev))))
    _summary(problem, {c.name: res.weights for c in problem.clients}, res.history,
             {"epsilon": f"{res.epsilon:.2f}"} if res.epsilon else {}, rec, "learn.fedft", model)


@learn_app.command("split")
@refusals
def split(method: Annotated[str, typer.Option(help="vanilla|parallel|epsl|splitfed_v1|splitfed_v2")] = "splitfed_v1",
          rounds: Rounds = 10,
          cut_layer: Annotated[int, typer.Option(min=1, help="Layers kept on the nodes (the rest runs at the hub).")] = 1,
          epsl_ratio: Annotated[float, typer.Option(
              min=0.0, max=1.0, help="EPSL: share of batch positions whose gradient is aggregated and broadcast.")] = 0.5,
          site: Sites = None, alpha: Alpha = 0.5, seed: Seed = 0, model: Model = "anomaly_detector",
          db: Db = None) -> None:
    """Split learning of a node model: nodes hold the first layers, the hub the rest."""
    from federated.launch import problem_for
    from federated.split import METHODS, SplitConfig, run_split

    one_of("method", method, METHODS)
    one_of("model", model, MODELS)
    sites = _check_sites(site)
    cfg = SplitConfig(method=method, rounds=rounds, cut_layer=cut_layer, epsl_ratio=epsl_ratio, seed=seed)  # type: ignore[arg-type]
    problem = problem_for(model, sites, {"alpha": alpha, "seed": seed})
    rec = Recorder(db, "learn.split", {"model": model, "nodes": [c.name for c in problem.clients], "method": method,
                                       "rounds": rounds, "seed": seed})
    progress, task = _progress(rounds)
    with progress:
        res = run_split(problem.model_fn, problem.clients, cfg, problem.val, task=problem.task,
                        on_round=lambda ev: (rec.round(ev), progress.update(task, advance=1, info=_info(ev))))
    _summary(problem, res.node_weights, res.history, {"client GFLOPs/round": f"{res.final['client_flops'] / 1e9:.2f}"},
             rec, "learn.split", model)


@learn_app.command("hetlora")
def hetlora(rounds: Rounds = 3, steps: Annotated[int, typer.Option(min=1, help="Local LoRA steps per round.")] = 5,
            n_train: Annotated[int, typer.Option(min=4, help="Training utterances per site.")] = 32,
            n_test: Annotated[int, typer.Option(min=1, help="Held-out utterances per site.")] = 8,
            exact: Annotated[bool, typer.Option(help="Also greedy-decode for exact match (slow).")] = False,
            seed: Seed = 0) -> None:
    """HetLoRA of the hub adapter at the edge sites (ranks 2/4/8) vs local-only adapters (CPU: many minutes)."""
    from federated.apps.hetlora import compare

    d = compare(rounds, steps, n_train, n_test, seed, echo=console.print, exact=exact)
    metric = "exact_match" if exact else "token_accuracy"
    t = Table("site", "rank", "base", "local-only", "HetLoRA", title=f"held-out site-local {metric}")
    for site, info in d["sites"].items():
        t.add_row(site, str(info["rank"]), *(f"{d[k][site][metric]:.3f}" for k in ("base", "local_only", "hetlora")))
    console.print(t)


@learn_app.command("jobs")
@refusals
def jobs(db: Db = None) -> None:
    """Learning jobs in the store, newest first."""
    t = Table("job", "status", "rounds", "last val acc", "weights", "updated")
    for row in store_for(db).jobs():
        rounds = [e for e in row.progress if e.get("event") == "round"]
        acc = f"{rounds[-1]['val_accuracy']:.4f}" if rounds else "-"
        t.add_row(row.id, row.status, str(len(rounds)), acc, _weights(row.result), str(row.updated_at)[:19])
    console.print(t)


def _weights(result: dict | None) -> str:
    """Where a job's weights went: deployed to which nodes, or not kept (CLI runs)."""
    if not result or "deployed" not in result:
        return "-"
    deployed = result["deployed"]
    if isinstance(deployed, dict):  # the hub's job runner: one verdict per node
        return "deployed to " + (", ".join(n for n, d in deployed.items() if d.get("deployed")) or "no node")
    return "deployed" if deployed else "not kept"


def register(app: typer.Typer) -> None:
    """Add ``learn`` to the top-level ``tinylarge`` command."""
    app.add_typer(learn_app, name="learn")
