"""The same federated job under Flower (Message API): a ``ServerApp`` whose strategy aggregates
with :func:`federated.engine.aggregate` and a ``ClientApp`` that trains with
:func:`federated.client.train_local` -- the code the in-process engine runs, so results agree.

Simulation: :func:`run_flower_simulation` (Ray backend, one virtual SuperNode per client; the
``partition-id`` of a SuperNode is the client's index). A real deployment maps onto TinyLarge
as: the **SuperLink** runs at the hub (``cloud-dc``), one **SuperNode** per site node agent
(``flower-supernode --superlink <hub>:9092 --node-config partition-id=<i>``), the ServerApp and
ClientApp below packaged as one Flower App (``flwr run``); the site's ClientApp loads its own
shard instead of receiving it from the driver. Needs the ``[flower]`` extra.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import FedAvg as FlowerFedAvg

from .client import LocalConfig, evaluate_weights, torch_threads, train_local
from .engine import FedConfig, aggregate, client_seed
from .problem import Problem
from .weights import Weights

log = logging.getLogger(__name__)


class TinyLargeStrategy(FlowerFedAvg):
    """Flower's FedAvg sampling/messaging with TinyLarge's aggregation rules (any strategy)."""

    def __init__(self, cfg: FedConfig, names: Sequence[str]) -> None:
        super().__init__(fraction_train=cfg.fraction, fraction_evaluate=0.0,
                         min_train_nodes=min(cfg.min_clients, len(names)), min_available_nodes=len(names))
        if cfg.dp_epsilon is not None:
            raise ValueError("DP under Flower: use Flower's DifferentialPrivacy wrappers; not wired here")
        self.rule = cfg.make_strategy()
        self.names = list(names)
        self.global_w: Weights = []
        self.bytes_up = self.bytes_down = 0
        self.taken_part: dict[int, list[str]] = {}
        """Per round, the clients whose update was aggregated (a failed or repeated reply is not)."""

    def configure_train(self, server_round: int, arrays: ArrayRecord, config: ConfigRecord,
                        grid: Grid) -> Iterable[Message]:
        self.global_w = arrays.to_numpy_ndarrays()
        msgs = list(super().configure_train(server_round, arrays, config, grid))
        self.bytes_down += arrays.count_bytes() * len(msgs)
        return msgs

    def aggregate_train(self, server_round: int,
                        replies: Iterable[Message]) -> tuple[ArrayRecord | None, MetricRecord | None]:
        valid, failed = self._check_and_log_replies(replies, is_train=True)
        for m in failed:
            log.warning("round %d: a client's update failed (%s)", server_round, m.error.reason)
        # one update per client and round, in client order as in-process (so float sums agree)
        by_client: dict[int, Message] = {}
        for m in valid:
            pid, rnd = int(m.content["metrics"]["partition-id"]), int(m.content["metrics"]["server-round"])
            if rnd != server_round or pid in by_client:
                log.warning("round %d: dropped a %s update from %s", server_round,
                            "repeated" if rnd == server_round else f"round-{rnd}", self.names[pid])
            else:
                by_client[pid] = m
        valid = [by_client[pid] for pid in sorted(by_client)]
        self.taken_part[server_round] = [self.names[pid] for pid in sorted(by_client)]
        if not valid:
            return None, None
        self.bytes_up += sum(m.content["arrays"].count_bytes() for m in valid)
        results = [(m.content["arrays"].to_numpy_ndarrays(), int(m.content["metrics"]["num-examples"]))
                   for m in valid]
        new = aggregate(self.rule, self.global_w, results)
        loss = float(np.mean([float(m.content["metrics"]["train_loss"]) for m in valid]))
        return ArrayRecord(new), MetricRecord({"train_loss": loss})


def client_app(problem: Problem, cfg: FedConfig) -> ClientApp:
    """A ClientApp training partition ``partition-id`` of ``problem`` with the engine's client code."""
    app = ClientApp()
    local = LocalConfig(**{**asdict(cfg.local), "proximal_mu": cfg.make_strategy().proximal_mu})

    @app.train()
    def train(msg: Message, context: Context) -> Message:
        pid = int(context.node_config["partition-id"])
        rnd = int(msg.content["config"]["server-round"])
        data = problem.clients[pid]
        with torch_threads(cfg.threads):
            new_w, m = train_local(problem.model_fn, msg.content["arrays"].to_numpy_ndarrays(), data, local,
                                   client_seed(cfg.seed, rnd, pid), problem.task)
        metrics = MetricRecord({"num-examples": len(data), "train_loss": m["loss"], "partition-id": pid,
                                "server-round": rnd})
        return Message(content=RecordDict({"arrays": ArrayRecord(new_w), "metrics": metrics}), reply_to=msg)

    return app


def server_app(problem: Problem, cfg: FedConfig, init: Weights, out: dict[str, Any]) -> ServerApp:
    """A ServerApp running ``cfg.rounds`` rounds; final weights, history and bytes land in ``out``."""
    app = ServerApp()

    @app.main()
    def main(grid: Grid, context: Context) -> None:
        strategy = TinyLargeStrategy(cfg, [c.name for c in problem.clients])

        def central_eval(rnd: int, arrays: ArrayRecord) -> MetricRecord:
            return MetricRecord(evaluate_weights(problem.model_fn, arrays.to_numpy_ndarrays(), *problem.val,
                                                 problem.task))

        result = strategy.start(grid=grid, initial_arrays=ArrayRecord(init), num_rounds=cfg.rounds,
                                evaluate_fn=central_eval)
        out["weights"] = result.arrays.to_numpy_ndarrays()
        out["history"] = [{"round": r, **dict(m), "clients": strategy.taken_part.get(r, [])}
                          for r, m in sorted(result.evaluate_metrics_serverapp.items()) if r]
        out["bytes_up"], out["bytes_down"] = strategy.bytes_up, strategy.bytes_down

    return app


def run_flower_simulation(problem: Problem, cfg: FedConfig, init: Weights, cpus_per_client: float = 1.0,
                          quiet: bool = True) -> dict[str, Any]:
    """Run the job in Flower's simulation runtime; returns ``{weights, history, bytes_up, bytes_down}``.

    Each history round names the ``clients`` whose update it aggregated: a client whose reply failed
    is missing there (and logged as a warning) rather than silently averaged out."""
    from flwr.simulation import run_simulation

    if quiet:
        logging.getLogger("flwr").setLevel(logging.WARNING)
    out: dict[str, Any] = {}
    run_simulation(server_app=server_app(problem, cfg, init, out), client_app=client_app(problem, cfg),
                   num_supernodes=len(problem.clients),
                   backend_config={"client_resources": {"num_cpus": cpus_per_client, "num_gpus": 0.0},
                                   "init_args": {"num_cpus": 2, "include_dashboard": False}})
    if "weights" not in out:
        raise RuntimeError("Flower simulation ended without a result (see the flwr log)")
    return out
