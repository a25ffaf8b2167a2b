"""Training side of the tiny intent classifier: corpora, MLP, temperature, cascade threshold, int8.

Text comes from :func:`llm_core.training.corpus.generate_corpus` (templated paraphrases grounded in the
inventory: ``split="train"`` to train, ``split="heldout"``, phrasings training never uses, to
calibrate) and from the written corpus (:mod:`llm_core.training.written`: requests phrased by the project's
writers; a fifth of the records, as written, calibrate, the rest train). The temperature and the
cascade threshold are fitted on the calibration texts. The operator dev set and the held-out
writer are only measured (:func:`evaluate_records`), never trained or tuned on.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import torch
from torch.nn import functional as F

from llm_core.training import written
from llm_core.training.corpus import generate_corpus
from netmodel.twin import load_topology

from ..deployed import artifact_path
from ..intent import DIM, HIDDEN, LABELS, Featurizer, IntentClassifier, label_of
from ..qmodel import QuantizedMLP
from .detector import TrainConfig, build_mlp, fit
from .quantize import quantize_int8

INTENT_FILE = "intent_int8.npz"
HUB_ACCURACY = 0.95
"""Assumed kind accuracy of the hub translator: the cascade must not fall below it (a parameter)."""

Texts = tuple[list[str], np.ndarray]  # utterances and their label indices


def corpus(n: int, seed: int, split: str, graphs: Sequence[nx.Graph] | None = None) -> Texts:
    """``n`` synthetic utterances spread over ``graphs`` (default: the embedded metro6g inventory the
    nodes run in), with their :data:`LABELS` indices."""
    graphs = list(graphs) if graphs is not None else [load_topology()]
    recs: list[dict] = []
    for i, g in enumerate(graphs):
        recs += generate_corpus(g, n // len(graphs) + (i < n % len(graphs)), seed * 101 + i, split=split)
    return [r["text"] for r in recs], np.array([LABELS.index(label_of(r)) for r in recs], dtype=np.int64)


def written_corpus(copies: int, seed: int, calibrate: float = 0.2) -> tuple[Texts, Texts]:
    """The written corpus (:mod:`llm_core.training.written`, held-out writer excluded), split by record: a share
    ``calibrate`` as written for calibration, the rest for training, each record with ``copies - 1``
    re-grounded variants."""
    g = load_topology()
    rng = random.Random(seed)
    recs = written.load(g=g)
    rng.shuffle(recs)
    k = round(len(recs) * calibrate)
    texts: list[str] = []
    labels: list[int] = []
    for rec in recs[k:]:
        for c in range(copies):
            v = rec if c == 0 else written.vary(rec, g, rng)
            texts.append(v["text"])
            labels.append(LABELS.index(label_of(v)))
    cal = recs[:k]
    return ((texts, np.array(labels, dtype=np.int64)),
            ([r["text"] for r in cal], np.array([LABELS.index(label_of(r)) for r in cal], dtype=np.int64)))


def word_dropout(texts: Sequence[str], p: float, seed: int = 0) -> list[str]:
    """Copies of ``texts`` with each word dropped with probability ``p`` (robustness to paraphrase)."""
    rng = random.Random(seed)
    out = []
    for t in texts:
        words = t.split()
        out.append(" ".join([w for w in words if rng.random() >= p] or words))
    return out


def train_mlp(X: np.ndarray, y: np.ndarray, hidden: tuple[int, ...], epochs: int = 12, lr: float = 3e-3,
              batch_size: int = 128, weight_decay: float = 1e-4, seed: int = 0) -> torch.nn.Sequential:
    torch.manual_seed(seed)
    model = build_mlp(X.shape[1], hidden, len(LABELS))
    cfg = TrainConfig(hidden=hidden, epochs=epochs, batch_size=batch_size, lr=lr, weight_decay=weight_decay, seed=seed)
    return fit(model, [torch.from_numpy(X), torch.from_numpy(y)],
               lambda xb, yb: F.cross_entropy(model(xb), yb, label_smoothing=0.05), cfg, desc="intent")


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Temperature minimising validation NLL (1-D search on a log grid, then refined)."""
    z = torch.from_numpy(logits.astype(np.float64))
    yt = torch.from_numpy(y)

    def nll(t: float) -> float:
        return float(F.cross_entropy(z / t, yt))

    grid = np.exp(np.linspace(np.log(0.05), np.log(20), 200))
    best = min(grid, key=nll)
    fine = np.linspace(best * 0.9, best * 1.1, 41)
    return float(min(fine, key=nll))


def expected_calibration_error(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    err = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            err += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(err)


def choose_threshold(conf: np.ndarray, correct: np.ndarray, always_escalate: np.ndarray,
                     hub_accuracy: float = HUB_ACCURACY) -> float:
    """Smallest confidence threshold whose cascade accuracy on validation is >= ``hub_accuracy``.

    Utterances at or above the threshold are answered by the node, the rest by the hub (assumed right
    with probability ``hub_accuracy``), so the condition is: node accuracy on what it keeps >= hub's.
    """
    candidates = np.unique(conf[~always_escalate])
    for thr in candidates:  # ascending: the first that works escalates least
        local = (conf >= thr) & ~always_escalate
        if cascade_accuracy(correct, local, hub_accuracy) >= hub_accuracy:
            return float(thr)
    return 1.01  # nothing is safe to keep: escalate everything


def cascade_accuracy(correct: np.ndarray, local: np.ndarray, hub_accuracy: float) -> float:
    return float((correct[local].sum() + hub_accuracy * (~local).sum()) / len(correct))


def evaluate_records(clf: IntentClassifier, records: Sequence[dict[str, Any]], hub_accuracy: float = HUB_ACCURACY,
                     threshold: float | None = None) -> dict[str, float]:
    """Label ("kind") accuracy of the node alone, escalation rate, node accuracy on what it keeps, and the
    cascade accuracy with a hub right ``hub_accuracy`` of the time, on records with ``text`` and gold."""
    gold = [label_of(r.get("gold", r)) for r in records]
    guesses = clf.classify([r["text"] for r in records], threshold)
    correct = np.array([g.label == y for g, y in zip(guesses, gold)])
    local = np.array([not g.escalate for g in guesses])
    return {"n": len(records), "label_accuracy": float(correct.mean()), "escalation_rate": float(1 - local.mean()),
            "local_accuracy": float(correct[local].mean()) if local.any() else float("nan"),
            "cascade_accuracy": cascade_accuracy(correct, local, hub_accuracy), "hub_accuracy": hub_accuracy,
            "threshold": clf.threshold if threshold is None else threshold}


def calibrate_cascade(q: QuantizedMLP, logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Fit the int8 classifier's temperature and cascade threshold (``q.meta``) on held-out ``logits``
    (``q.predict_logits``) and labels ``y``, for a hub right ``q.meta["hub_accuracy"]`` of the time;
    returns the calibrated probabilities. Training and federated re-deployment both call it."""
    y = np.asarray(y, dtype=np.int64)
    q.meta["temperature"] = t = fit_temperature(logits, y)
    p = _softmax(logits.astype(np.float64) / t)
    hub = float(q.meta.get("hub_accuracy", HUB_ACCURACY))
    q.meta["threshold"] = choose_threshold(p.max(1), p.argmax(1) == y, p.argmax(1) == LABELS.index("multi"), hub)
    return p


@dataclass
class IntentBuild:
    classifier: IntentClassifier
    stats: dict[str, Any]


def train_intent(n_train: int = 30_000, n_val: int = 2_000, written_copies: int = 8, dim: int = DIM,
                 hidden: tuple[int, ...] = HIDDEN, epochs: int = 12, dropout: float = 0.15,
                 hub_accuracy: float = HUB_ACCURACY, seed: int = 0, log: Callable[[str], None] = print) -> IntentBuild:
    """Template + written corpus (+ a word-dropout copy) -> features -> fp32 MLP -> int8 -> temperature and
    threshold on held-out phrasings and held-out written records."""
    logging.getLogger().setLevel(logging.ERROR)
    feat = Featurizer(dim)
    texts, y = corpus(n_train, seed, "train")
    vtexts, vy = corpus(n_val, seed + 1, "heldout")
    (wt, wy), (wv, wvy) = written_corpus(written_copies, seed)
    texts, y, vtexts, vy = texts + wt, np.concatenate([y, wy]), vtexts + wv, np.concatenate([vy, wvy])
    log(f"corpus: {len(texts)} train ({len(wt)} written) / {len(vtexts)} held-out ({len(wv)} written) utterances")
    if dropout > 0:
        texts, y = texts + word_dropout(texts, dropout, seed), np.concatenate([y, y])
    X, Xv = feat.transform(texts), feat.transform(vtexts)
    log(f"training {dim} -> {'x'.join(map(str, hidden))} -> {len(LABELS)} MLP")
    model = train_mlp(X, y, hidden, epochs, seed=seed)
    with torch.no_grad():
        fp32_val = model(torch.from_numpy(Xv)).numpy()
    log("int8 quantization (onnxruntime quantize_static, calibration: training features)")
    calib = X[np.random.default_rng(seed).choice(len(X), size=min(2000, len(X)), replace=False)]
    meta = {"kind": "intent", "version": 1, "dim": dim, "char_ngrams": list(feat.char_ngrams), "labels": list(LABELS),
            "temperature": 1.0, "threshold": 0.0}
    q, _ = quantize_int8(model, calib, meta=meta)
    logits = q.predict_logits(Xv)
    q.meta["hub_accuracy"] = hub_accuracy
    p = calibrate_cascade(q, logits, vy)
    temperature, threshold = q.meta["temperature"], q.meta["threshold"]
    conf, correct = p.max(axis=1), p.argmax(axis=1) == vy
    always = p.argmax(axis=1) == LABELS.index("multi")
    local = (conf >= threshold) & ~always
    stats = {"n_train": n_train, "n_written": len(wt), "written_copies": written_copies, "n_written_val": len(wv),
             "dropout": dropout, "n_val": len(vtexts), "dim": dim, "hidden": list(hidden),
             "weight_bytes": q.weight_bytes, "fp32_val_accuracy": float((fp32_val.argmax(1) == vy).mean()),
             "int8_val_accuracy": float(correct.mean()), "temperature": temperature,
             "val_ece_before": expected_calibration_error(_softmax(logits).max(1), correct),
             "val_ece_after": expected_calibration_error(conf, correct), "threshold": threshold,
             "val_escalation_rate": float(1 - local.mean()),
             "val_cascade_accuracy": cascade_accuracy(correct, local, hub_accuracy), "hub_accuracy": hub_accuracy}
    return IntentBuild(IntentClassifier(q), stats)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def build_intent(out_dir: Path | None = None, seed: int = 0, hub_accuracy: float = HUB_ACCURACY,
                 dev: Sequence[dict] | None = None, log: Callable[[str], None] = print) -> Path:
    """Train and write ``intent_int8.npz`` and its card; ``dev`` records, if given, are measured for the card only."""
    t0 = time.time()
    out_dir = out_dir or artifact_path("")
    built = train_intent(hub_accuracy=hub_accuracy, seed=seed, log=log)
    s = built.stats
    path = Path(out_dir) / INTENT_FILE
    built.classifier.model.save(path)
    h = evaluate_records(built.classifier, written.records(), hub_accuracy)
    dev_line = (f"- Held-out writer ({', '.join(written.HELDOUT_WRITERS)}, {h['n']} utterances, never trained or tuned on): "
                f"label accuracy {100 * h['label_accuracy']:.1f} %, escalation {100 * h['escalation_rate']:.1f} %, "
                f"cascade accuracy {100 * h['cascade_accuracy']:.1f} %.\n")
    if dev is not None:
        d = evaluate_records(built.classifier, dev, hub_accuracy)
        dev_line += (f"- Measured on `shared/datasets/intents/dev.jsonl` ({d['n']} utterances, never trained or tuned on): "
                    f"label accuracy {100 * d['label_accuracy']:.1f} %, escalation {100 * d['escalation_rate']:.1f} %, "
                    f"node accuracy on kept {100 * d['local_accuracy']:.1f} %, cascade accuracy "
                    f"{100 * d['cascade_accuracy']:.1f} % (hub assumed {100 * hub_accuracy:g} %).\n")
    (Path(out_dir) / INTENT_FILE.replace(".npz", ".md")).write_text(f"""# Tiny intent classifier (`{INTENT_FILE}`)

Made by `tinylarge tiny train --what intent`
(`tiny_nodes.training.intent_train.build_intent`, seed {seed}, {time.time() - t0:.0f} s).

- Text, grounded in the metro6g inventory the nodes run in: {s['n_train']} `train`-split utterances of
  `llm_core.training.corpus.generate_corpus` and {s['n_written']} renderings ({s['written_copies']} per record: as written and
  re-grounded) of 80 % of the written corpus (`llm_core/data/written`, held-out writer excluded), + a copy of all with
  {100 * s['dropout']:g} % word dropout, to train; {s['n_val']} utterances to calibrate: `heldout`-split template phrasings
  and the other {s['n_written_val']} written records, as written.
- Labels ({len(LABELS)}): the ten IR kinds, `error:<code>` for the five error codes, `multi` (several kinds: always escalated).
- Features: crc32-hashed word 1-2-grams + char 3-5-grams (digits -> `#`), {s['dim']} buckets, log-count, L2 norm.
- Model: {s['dim']} -> {'x'.join(map(str, s['hidden']))} -> {len(LABELS)} MLP, onnxruntime int8 (per-channel weights):
  {s['weight_bytes']} bytes of parameters.
- Held-out: fp32 accuracy {100 * s['fp32_val_accuracy']:.1f} %, int8 {100 * s['int8_val_accuracy']:.1f} %; temperature
  {s['temperature']:.3f} (ECE {s['val_ece_before']:.3f} -> {s['val_ece_after']:.3f}).
- Cascade: threshold {s['threshold']:.3f} = the lowest confidence keeping held-out cascade accuracy >= the hub's assumed
  {100 * hub_accuracy:g} % (parameter `hub_accuracy`); held-out escalation {100 * s['val_escalation_rate']:.1f} %,
  cascade accuracy {100 * s['val_cascade_accuracy']:.1f} %.
{dev_line}""")
    return path
