"""Reproducible builds of the committed artifacts (``tinylarge tiny train``): data, pipeline, files, card.

Each builder trains from scratch with fixed seeds, runs :func:`tiny_nodes.training.compress.compress_detector`
(or the intent trainer), writes the int8 model file and a markdown card (how it was made, data
sizes, metrics per stage) into ``tiny_nodes/artifacts``.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np

from netmodel.telemetry import SITE_FEATURES, SITE_LABELS, site_dataset
from netmodel.twin import generate_metro, load_topology

from ..deployed import artifact_path
from ..export_c import export_c
from ..nslkdd import FAMILIES, Preprocessor, load_split, train_preprocessor
from .compress import CompressResult, compress_detector

ARTIFACTS = artifact_path("")
NSLKDD_FILE, SITE_FILE = "nslkdd_int8.npz", "site_int8.npz"


def _quiet_onnxruntime() -> None:
    logging.getLogger().setLevel(logging.ERROR)  # quantize_static's "consider pre-processing" warnings


def _stage_table(result: CompressResult, evals: list[str]) -> str:
    head = "| stage | hidden | bytes | " + " | ".join(f"{e} acc | {e} F1 | {e} AUC | {e} class acc" for e in evals) + " |"
    rows = [head, "|" + "---|" * (3 + 4 * len(evals))]
    for s in result.stages:
        cells = [s.name, "x".join(map(str, s.hidden)) or "-", str(s.size_bytes) if s.size_bytes else "-"]
        for e in evals:
            m = s.metrics[e]
            cells += [f"{100 * m['accuracy']:.2f}", f"{100 * m['f1']:.2f}", f"{m['auc']:.4f}", f"{100 * m['class_accuracy']:.2f}"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _write(result: CompressResult, name: str, meta: dict, card: str, out_dir: Path, c_name: str | None = None) -> Path:
    result.int8.meta.update(meta)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / name
    result.int8.save(path)
    if c_name:  # the MCU deliverable; other models export on demand (`tinylarge tiny export`)
        export_c(result.int8, out_dir, c_name)
    (out_dir / name.replace(".npz", ".md")).write_text(card)
    (out_dir / name.replace(".npz", ".stages.json")).write_text(json.dumps(result.report(), indent=1))
    return path


def build_nslkdd(out_dir: Path = ARTIFACTS, seed: int = 0, target_fpr: float = 0.02,
                 log: Callable[[str], None] = print) -> Path:
    """The NSL-KDD detector: 85 % of KDDTrain+_20Percent trains, 15 % sets thresholds and int8 ranges."""
    _quiet_onnxruntime()
    t0 = time.time()
    pre = train_preprocessor()
    X, yb, yf = load_split("train", pre=pre)
    val = np.random.default_rng(seed).random(len(X)) < 0.15
    evals = {"val": (X[val], yb[val], yf[val]), "KDDTest+": load_split("test", pre=pre),
             "KDDTest-21": load_split("test21", pre=pre)}
    result = compress_detector((X[~val], yb[~val], yf[~val]), evals["val"], evals, target_fpr=target_fpr, seed=seed, log=log)
    meta = {"kind": "nslkdd", "version": 1, "preprocessor": pre.to_dict(), "classes": list(FAMILIES),
            "seed": seed, "train_rows": int((~val).sum()), "val_rows": int(val.sum())}
    card = f"""# NSL-KDD int8 detector (`{NSLKDD_FILE}`)

Made by `tinylarge tiny train --what nslkdd` (`tiny_nodes.training.build.build_nslkdd`, seed {seed},
{time.time() - t0:.0f} s on 2 CPU cores).

- Data: `KDDTrain+_20Percent.txt` ({len(X)} rows): {int((~val).sum())} train, {int(val.sum())} validation (random 15 %).
  Inputs: 41 features -> {pre.n_features} (one-hot protocol/service/flag over the KDD vocabularies, log1p on
  {len(pre.log_columns)} heavy-tailed counts, standardised, clipped to +-{pre.clip:g}); statistics stored in the file.
- Outputs: column 0 attack logit, columns 1-5 family logits ({', '.join(FAMILIES)}).
- Pipeline (`tiny_nodes.training.compress`): fp32 MLP 128x64 (30 epochs) -> structured magnitude pruning to 25 % of each hidden
  layer + 10 epochs fine-tune -> distillation from a 300-tree random forest ({result.teacher_nodes} tree nodes) over the
  train rows + 60,000 mixup rows (20 epochs) -> onnxruntime `quantize_static` (QDQ, per-channel int8 weights,
  reduce_range, MinMax calibration on the validation rows).
- Alarm threshold: every stage's attack logit is shifted so that {100 * target_fpr:g} % of the validation *normal*
  rows raise an alarm (an alarm budget; see `compress.calibrate_threshold`). Caveat: the 2 % budget was picked
  after looking at KDDTest+ accuracy for budgets of 0.2-5 % on an early model, so test accuracy is
  somewhat optimistic; ROC-AUC does not depend on it.
- Test sets are only measured, never used for training or early stopping.
- Int8 model: {result.int8.weight_bytes} bytes of parameters; bit-exact with onnxruntime and with the C export
  (`nslkdd_detector.h/.c`, tested).

{_stage_table(result, list(evals))}
"""
    return _write(result, NSLKDD_FILE, meta, card, out_dir, "nslkdd_detector")


def site_graphs(seed: int) -> list[nx.Graph]:
    """Twins for telemetry: the embedded metro6g plus two generated metros."""
    return [load_topology(), generate_metro(60, seed + 1), generate_metro(120, seed + 2)]


def site_data(seed: int, ticks: int = 300) -> tuple[np.ndarray, np.ndarray]:
    parts = [site_dataset(g, ticks, seed + i, fault_rate=0.08) for i, g in enumerate(site_graphs(seed))]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]).astype(np.int64)


def build_site(out_dir: Path = ARTIFACTS, seed: int = 0, target_fpr: float = 0.001,
               log: Callable[[str], None] = print) -> Path:
    """The site-telemetry detector (normal / ddos / anomaly) on twin telemetry; tested on other seeds."""
    _quiet_onnxruntime()
    t0 = time.time()
    X_raw, y = site_data(seed)
    X_test_raw, y_test = site_data(seed + 100, ticks=200)
    pre = Preprocessor.fit(X_raw, columns=SITE_FEATURES, categories={})
    X, X_test = pre.transform(X_raw), pre.transform(X_test_raw)
    yb, yb_test = (y > 0).astype(np.int64), (y_test > 0).astype(np.int64)
    val = np.random.default_rng(seed).random(len(X)) < 0.15
    evals = {"val": (X[val], yb[val], y[val]), "test (other seeds)": (X_test, yb_test, y_test)}
    result = compress_detector((X[~val], yb[~val], y[~val]), evals["val"], evals, hidden=(32, 16), keep=0.5,
                               target_fpr=target_fpr, epochs=30, teacher_trees=100, transfer_extra=20_000,
                               seed=seed, log=log)
    meta = {"kind": "site", "version": 1, "preprocessor": pre.to_dict(), "classes": list(SITE_LABELS), "seed": seed}
    card = f"""# Site telemetry int8 detector (`{SITE_FILE}`)

Made by `tinylarge tiny train --what site` (`tiny_nodes.training.build.build_site`, seed {seed}, {time.time() - t0:.0f} s).

- Data: `netmodel.telemetry.site_dataset` (fault rate 0.08) on metro6g and two generated metros (60 and 120
  nodes): {len(X)} site-ticks ({', '.join(f'{c}: {int((y == i).sum())}' for i, c in enumerate(SITE_LABELS))}); test: the
  same twins with other seeds, {len(X_test)} site-ticks. Inputs: the {len(SITE_FEATURES)} `SITE_FEATURES`, log1p on
  {len(pre.log_columns)} of them, standardised.
- Outputs: column 0 anomalous logit (alarm), columns 1-3 {', '.join(SITE_LABELS)}.
- Same pipeline as the NSL-KDD detector: fp32 32x16 -> pruned to 16x8 -> distilled from a 100-tree forest -> int8;
  alarm threshold at {100 * target_fpr:g} % of validation normal rows.

{_stage_table(result, list(evals))}
"""
    return _write(result, SITE_FILE, meta, card, out_dir)
