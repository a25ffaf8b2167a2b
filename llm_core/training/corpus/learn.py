"""Learning jobs: federated fine-tuning and split learning of the network's models."""
from __future__ import annotations

from typing import Any

from .phrasing import Clause, Phrasing


class Learn(Phrasing):
    """learn.fedft, learn.split."""

    MODEL_PHRASES = {
        "anomaly_detector": ["the anomaly detector", "the anomaly detection model", "the anomaly model",
                             "the DDoS detector", "the node anomaly detector"],
        "intent_classifier": ["the intent classifier", "the tiny intent model", "the intent classification model",
                              "the on-device intent classifier", "the intent model"],
        "hub_adapter": ["the hub adapter", "the hub's LoRA adapter", "the hub LLM adapter", "the language model adapter",
                        "the LoRA adapter of the hub"],
    }
    STRATEGY_PHRASES = {
        "fedavg": ["FedAvg", "federated averaging", "fedavg"], "fedprox": ["FedProx", "fedprox", "Fed-Prox"],
        "median": ["median aggregation", "coordinate-wise median", "the median rule"],
        "trimmed_mean": ["trimmed mean", "trimmed-mean aggregation", "a trimmed mean"],
        "krum": ["Krum", "krum", "Krum aggregation"], "hetlora": ["HetLoRA", "heterogeneous LoRA", "hetlora"],
    }
    METHOD_PHRASES = {
        "vanilla": ["vanilla split learning", "plain split learning", "classic split learning", "split learning"],
        "parallel": ["parallel split learning", "parallel SL", "split learning in parallel"],
        "epsl": ["EPSL", "efficient parallel split learning", "epsl"],
        "splitfed_v1": ["SplitFed v1", "SplitFed version 1", "SFLv1", "splitfed v1"],
        "splitfed_v2": ["SplitFed v2", "SplitFed version 2", "SFLv2", "splitfed v2"],
    }

    def learn_fedft(self) -> Clause:
        model = self.pick(list(self.MODEL_PHRASES))
        nodes = self.selector(("ran", "site", "edge"), p_role=0.4, p_all=0.05)
        ir: dict[str, Any] = {"kind": "learn.fedft", "model": model, "nodes": self.values(nodes)}
        target = [f"fedft model={model} nodes={','.join(self.values(nodes))}"]
        parts = []
        if self.chance(0.5):
            q = self.small_count([3, 5, 10, 20, 25, 30, 50, 100, 15, 40])
            ir["rounds"], _ = int(q.value), target.append(f"rounds={q.text}")
            parts.append(self.pick([f"for {q.text} rounds", f"{q.text} rounds", f"over {q.text} rounds",
                                    f"with {q.text} communication rounds"]))
        if self.chance(0.45):
            st = self.pick(list(self.STRATEGY_PHRASES))
            ir["strategy"], _ = st, target.append(f"strat={st}")
            sp = self.pick(self.STRATEGY_PHRASES[st])
            parts.append(self.pick([f"using {sp}", f"with {sp}", f"aggregated by {sp}", f"{sp} aggregation"]))
        if self.chance(0.25):
            eps = self.pick(["0.5", "1", "2", "3", "4", "8", "1.5", "0.1", "10"])
            ir["dp_epsilon"], _ = float(eps), target.append(f"eps={eps}")
            parts.append(self.pick([f"with differential privacy epsilon {eps}", f"DP epsilon {eps}",
                                    f"under ε={eps} differential privacy", f"with a privacy budget of ε {eps}",
                                    f"epsilon {eps} DP"]))
        if self.chance(0.25):
            q = self.small_count([1, 2, 3, 5])
            ir["local_epochs"], _ = int(q.value), target.append(f"epochs={q.text}")
            parts.append(self.pick([f"{q.text} local epochs", f"with {q.text} local epochs per round",
                                    f"each client training {q.text} epochs"]))
        self.rng.shuffle(parts)
        m, n = self.pick(self.MODEL_PHRASES[model]), self.refs_text(nodes)
        rest = (" " + self.join(parts)) if parts else ""
        text = self.pick([f"fine-tune {m} with federated learning on {n}{rest}",
                          f"run federated fine-tuning of {m} across {n}{rest}",
                          f"start an FL job for {m} over {n}{rest}",
                          f"federated training of {m} on {n}{rest}",
                          f"retrain {m} federatedly using {n}{rest}",
                          f"launch federated learning for {m} with clients {n}{rest}",
                          f"have {n} federatedly fine-tune {m}{rest}",
                          f"kick off federated learning of {m} on {n}{rest}",
                          f"federated fine-tuning for {m} across {n}{rest}",
                          f"improve {m} with federated training over {n}{rest}",
                          f"run FL on {n} to fine-tune {m}{rest}"])
        return Clause(text, ir, " ".join(target))

    def learn_split(self) -> Clause:
        model = self.pick(list(self.MODEL_PHRASES))
        nodes = self.selector(("ran", "site", "edge"), p_role=0.4, p_all=0.05)
        method = self.pick(list(self.METHOD_PHRASES))
        ir: dict[str, Any] = {"kind": "learn.split", "model": model, "nodes": self.values(nodes), "method": method}
        target = [f"split model={model} nodes={','.join(self.values(nodes))} method={method}"]
        parts = []
        if self.chance(0.4):
            q = self.small_count([5, 10, 20, 30, 50, 8])
            ir["rounds"], _ = int(q.value), target.append(f"rounds={q.text}")
            parts.append(self.pick([f"for {q.text} rounds", f"{q.text} rounds"]))
        if self.chance(0.4):
            q = self.small_count([1, 2, 3, 4])
            ir["cut_layer"], _ = int(q.value), target.append(f"cut={q.text}")
            parts.append(self.pick([f"cut at layer {q.text}", f"cut layer {q.text}", f"splitting after layer {q.text}",
                                    f"with the cut at layer {q.text}"]))
        self.rng.shuffle(parts)
        m, n, me = self.pick(self.MODEL_PHRASES[model]), self.refs_text(nodes), self.pick(self.METHOD_PHRASES[method])
        rest = (", " + self.join(parts)) if parts else ""
        text = self.pick([f"train {m} with {me} on {n}{rest}", f"run {me} for {m} between {n} and the hub{rest}",
                          f"use {me} to train {m} across {n}{rest}", f"start {me} of {m} on {n}{rest}",
                          f"{me} for {m} with {n} as clients{rest}", f"split-train {m} on {n} using {me}{rest}",
                          f"train {m} on {n} via {me}{rest}", f"launch {me} of {m} across {n}{rest}"])
        return Clause(text, ir, " ".join(target))
