"""Compression steps (each measurable) and the committed detector artifacts' quality."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from tiny_nodes.deployed import Detector, artifact_path
from tiny_nodes.training.compress import calibrate_threshold, fp32_bytes, hidden_sizes, mixup_rows, prune_structured
from tiny_nodes.training.detector import build_mlp, detector_loss, predict_logits, split_after_block
from tiny_nodes.training.metrics import detector_metrics


def test_build_mlp_blocks_and_split():
    m = build_mlp(10, (8, 4), 6)
    assert [type(x).__name__ for x in m] == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]
    head, tail = split_after_block(m, 1)
    x = torch.randn(3, 10)
    assert torch.equal(tail(head(x)), m(x)) and head(x).shape == (3, 8)
    with pytest.raises(ValueError):
        split_after_block(m, 3)


def test_detector_loss_skips_unlabelled_rows():
    logits = torch.randn(4, 6)
    yb, yc = torch.tensor([0, 1, 0, 1]), torch.tensor([0, 2, -1, -1])
    assert torch.isclose(detector_loss(logits, yb, yc), detector_loss(logits[:2], yb[:2], yc[:2]))


def test_structured_pruning_shrinks_layers_and_drops_the_weakest_neurons():
    torch.manual_seed(0)
    m = build_mlp(12, (16, 8), 4).eval()
    x = torch.randn(50, 12)
    assert torch.equal(prune_structured(m, 1.0)(x), m(x))
    p = prune_structured(m, 0.75)
    assert hidden_sizes(p) == (12, 6) and fp32_bytes(p) < fp32_bytes(m)
    # one hidden layer whose neurons 0-3 are dead: pruning to 12 of 16 removes exactly them
    one = build_mlp(12, (16,), 4).eval()
    with torch.no_grad():
        one[0].weight[:4] = 0
        one[0].bias[:4] = -1
    pruned = prune_structured(one, 0.75)
    assert torch.equal(pruned[0].weight, one[0].weight[4:])
    assert torch.allclose(pruned(x), one(x), atol=1e-6)
    with pytest.raises(ValueError):
        prune_structured(m, 0)


def test_threshold_calibration_hits_the_alarm_budget():
    torch.manual_seed(0)
    m = build_mlp(5, (8,), 3).eval()
    X = np.random.default_rng(0).normal(size=(4000, 5)).astype(np.float32)
    cal = calibrate_threshold(m, X, 0.05)
    assert abs((predict_logits(cal, X)[:, 0] > 0).mean() - 0.05) < 0.002
    assert np.allclose(predict_logits(cal, X)[:, 1:], predict_logits(m, X)[:, 1:])  # classes untouched


def test_mixup_rows_lie_between_rows():
    X = np.array([[0.0, 0.0], [1.0, 2.0]], dtype=np.float32)
    Z = mixup_rows(X, 100)
    assert Z.shape == (100, 2) and np.allclose(Z[:, 1], 2 * Z[:, 0]) and (Z >= 0).all() and (Z[:, 0] <= 1).all()


def test_committed_nslkdd_detector_meets_its_card(shared):
    from tiny_nodes.nslkdd import load_split

    det = Detector.load(artifact_path("nslkdd_int8.npz"))
    X, yb, yf = load_split("test", pre=det.pre)
    m = detector_metrics(det.model.predict_logits(X), yb, yf)
    assert m["accuracy"] >= 0.82 and m["auc"] >= 0.93
    assert det.model.weight_bytes <= 64 * 1024 and det.classes == ("normal", "DoS", "Probe", "R2L", "U2R")
