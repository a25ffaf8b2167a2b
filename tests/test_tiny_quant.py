"""Post-training int8 quantization: the integer-only numpy model reproduces onnxruntime bit for bit."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from tiny_nodes.qmodel import QuantizedMLP, float32_to_mult_shift, requantize
from tiny_nodes.training.detector import TrainConfig, build_mlp, train
from tiny_nodes.training.quantize import ort_logits, pack_for_node, quantize_int8


def test_integer_requantize_equals_float32_arithmetic():
    rng = np.random.default_rng(0)
    acc = np.concatenate([rng.integers(-2**31 + 1, 2**31 - 1, 20000), rng.integers(-5000, 5000, 20000)])
    scale = np.exp(rng.uniform(np.log(1e-7), np.log(0.5), acc.size)).astype(np.float32)
    # exact ties: acc * scale == k + 0.5 in float32
    tie_scale = np.float32(2.0 ** -8)
    ties = (np.arange(-2000, 2000) * 256 + 128).astype(np.int64)
    acc, scale = np.concatenate([acc, ties]), np.concatenate([scale, np.full(ties.size, tie_scale)])
    mult, shift = float32_to_mult_shift(scale)
    expected = np.rint(acc.astype(np.float32) * scale).astype(np.int64)  # float32 convert, multiply, round-half-even
    assert np.array_equal(requantize(acc, mult, shift), expected)
    assert np.array_equal(mult * 2.0 ** -shift.astype(np.float64), scale.astype(np.float64))
    with pytest.raises(ValueError):
        float32_to_mult_shift(np.array([0.0], dtype=np.float32))


@pytest.fixture(scope="module")
def small_model(shared):
    from tiny_nodes.nslkdd import load_split

    torch.manual_seed(0)
    X, yb, yf = load_split("train")
    model = train(X[:6000], yb[:6000], yf[:6000], TrainConfig(hidden=(24, 12), epochs=2))
    return model, X


def test_numpy_int8_is_bit_exact_with_onnxruntime(shared, small_model):
    from tiny_nodes.nslkdd import load_split

    model, X = small_model
    q, proto = quantize_int8(model, X[::20])
    for split in ("test", "test21"):
        Xt = load_split(split)[0]
        ours, theirs = q.predict_logits(Xt), ort_logits(proto, Xt)
        assert ours.dtype == theirs.dtype == np.float32
        assert np.array_equal(ours, theirs), f"{split}: {(ours != theirs).any(axis=1).sum()} rows differ"
    # and stays close to the fp32 model it came from
    with torch.no_grad():
        fp32 = model(torch.from_numpy(Xt)).numpy()
    assert np.mean(np.sign(fp32[:, 0]) == np.sign(ours[:, 0])) > 0.97
    # weights: symmetric per-channel int8 with |w| <= 64 (reduce_range), relu layers clamp at their zero point
    assert all(np.abs(layer.w.astype(int)).max() <= 64 for layer in q.layers)
    assert [layer.relu for layer in q.layers] == [True, True, False]


def test_bit_exact_on_sparse_wide_inputs():
    """Wide sparse non-negative inputs like the intent classifier's hashed features (large accumulators)."""
    rng = np.random.default_rng(1)
    X = np.zeros((3000, 4096), dtype=np.float32)
    for r in range(len(X)):
        idx = rng.choice(4096, size=rng.integers(20, 400), replace=False)
        X[r, idx] = rng.random(idx.size)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    torch.manual_seed(0)
    model = build_mlp(4096, (16,), 16).eval()
    q, proto = quantize_int8(model, X[:1000])
    assert np.array_equal(q.predict_logits(X[1000:]), ort_logits(proto, X[1000:]))


def test_save_load_and_pack_for_node(tmp_path, small_model):
    model, X = small_model
    q, _ = quantize_int8(model, X[::20], meta={"version": 3, "classes": ["a"]})
    q.save(tmp_path / "m.npz")
    q2 = QuantizedMLP.load(tmp_path / "m.npz")
    assert np.array_equal(q2.predict_logits(X[:300]), q.predict_logits(X[:300])) and q2.meta == q.meta
    newer = pack_for_node(model, q2, X[::20])
    assert newer.meta["version"] == 4 and newer.meta["classes"] == ["a"]
    assert q.weight_bytes == sum(layer.w.size + 9 * layer.w.shape[0] for layer in q.layers)
    assert q.activation_bytes == q.in_dim + 24


def test_dequantize_gives_the_float_model_the_int8_layers_stand_for():
    """What a federated job fine-tunes from: the shipped int8 intent classifier, back in float32."""
    import torch

    from federated.weights import set_weights
    from tiny_nodes.intent import Featurizer
    from tiny_nodes.runtime import NodeAgent
    from tiny_nodes.training.detector import build_mlp

    q = NodeAgent.default("campus", flows=False).models["intent"].model
    net = build_mlp(q.in_dim, tuple(layer.w.shape[0] for layer in q.layers[:-1]), q.out_dim)
    set_weights(net, q.dequantize())
    x = Featurizer(q.in_dim).transform(["block ssh from gnb 3 to the farm", "create a urllc slice at hospital-1",
                                        "list the slices", "fine-tune the anomaly detector on all sites"])
    with torch.no_grad():
        float_logits = net(torch.from_numpy(x)).numpy()
    int8_logits = q.predict_logits(x)
    assert (float_logits.argmax(1) == int8_logits.argmax(1)).all()
    assert abs(float_logits - int8_logits).max() < 0.25
