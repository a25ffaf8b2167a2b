"""Post-training int8 quantization with onnxruntime ``quantize_static`` (build side, not the node path).

Choice (documented, issue 4): onnxruntime rather than torchao pt2e, because onnxruntime runs the
quantized graph with real integer kernels (``QGemm``), so there is an executed int8 model to be
reproduced bit for bit; torchao's pt2e reference graphs simulate int8 in float.

Settings: QDQ format, symmetric per-output-channel int8 weights, int8 activations with MinMax
ranges from a calibration set, int32 biases, and ``reduce_range=True`` (7-bit weights). The last
one is what makes exactness possible on this machine: on x86 without VNNI (AVX2 here),
onnxruntime's u8s8 GEMM sums pairs of products in saturating int16 (``vpmaddubsw``); with |w| <= 64
no pair can saturate, so the kernel computes exact int32 dot products, which
:class:`~tiny_nodes.qmodel.QuantizedMLP` and the C export reproduce exactly (tested against
onnxruntime on every KDDTest+ row).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType, quantize_static
from torch import nn

from ..qmodel import QLayer, QuantizedMLP, float32_to_mult_shift


def to_onnx(model: nn.Sequential) -> onnx.ModelProto:
    """A :func:`~tiny_nodes.training.detector.build_mlp` stack as an ONNX graph of ``Gemm``/``Relu`` (input ``x``)."""
    linears = [m for m in model if isinstance(m, nn.Linear)]
    nodes, inits, cur = [], [], "x"
    for i, lin in enumerate(linears):
        inits += [numpy_helper.from_array(lin.weight.detach().numpy().astype(np.float32), f"W{i}"),
                  numpy_helper.from_array(lin.bias.detach().numpy().astype(np.float32), f"b{i}")]
        last = i == len(linears) - 1
        out = "logits" if last else f"h{i}"
        nodes.append(helper.make_node("Gemm", [cur, f"W{i}", f"b{i}"], [out if last else f"g{i}"], transB=1))
        if not last:
            nodes.append(helper.make_node("Relu", [f"g{i}"], [out]))
        cur = out
    graph = helper.make_graph(
        nodes, "tiny_mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", linears[0].in_features])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["n", linears[-1].out_features])], inits)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    proto.ir_version = 8
    onnx.checker.check_model(proto)
    return proto


class _Batches(CalibrationDataReader):
    def __init__(self, X: np.ndarray, batch: int = 512) -> None:
        self._it = iter([{"x": X[i: i + batch]} for i in range(0, len(X), batch)])

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._it, None)


def quantize_onnx(model: nn.Sequential, calib: np.ndarray) -> onnx.ModelProto:
    """The QDQ int8 ONNX model of ``model`` with activation ranges from ``calib`` rows."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "fp32.onnx"), Path(tmp, "int8.onnx")
        onnx.save(to_onnx(model), src)
        quantize_static(src, dst, _Batches(np.ascontiguousarray(calib, dtype=np.float32)),
                        quant_format=QuantFormat.QDQ, per_channel=True, reduce_range=True,
                        activation_type=QuantType.QInt8, weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax)
        return onnx.load(dst)


def extract(qproto: onnx.ModelProto, meta: dict | None = None) -> QuantizedMLP:
    """The integer parameters of a :func:`quantize_onnx` graph as a :class:`QuantizedMLP`."""
    t = {i.name: numpy_helper.to_array(i) for i in qproto.graph.initializer}
    n_layers = sum(1 for n in qproto.graph.node if n.op_type == "Gemm")
    in_scale, in_zp = np.float32(t["x_scale"]), int(t["x_zero_point"])
    cur_scale, cur_zp, layers = in_scale, in_zp, []
    for i in range(n_layers):
        out = "logits" if i == n_layers - 1 else f"h{i}"
        w, w_scale = t[f"W{i}_quantized"].astype(np.int8), t[f"W{i}_scale"].astype(np.float32)
        if np.any(t[f"W{i}_zero_point"] != 0):
            raise ValueError("expected symmetric weights (zero point 0)")
        out_scale, out_zp = np.float32(t[f"{out}_scale"]), int(t[f"{out}_zero_point"])
        relu = i < n_layers - 1
        if relu and out_zp != -128:  # onnxruntime folds the ReLU into the clamp only when its range starts at 0
            raise ValueError(f"layer {i}: ReLU output zero point {out_zp} != -128")
        # onnxruntime's QGemm output scale: a_scale * b_scale / y_scale in float32, in that order
        mult, shift = float32_to_mult_shift((cur_scale * w_scale) / out_scale)
        bias = t[f"b{i}_quantized"].astype(np.int32)
        bound = w.shape[1] * 255 * int(np.abs(w.astype(np.int64)).max()) + int(np.abs(bias.astype(np.int64)).max())
        if bound >= 2 ** 31:
            raise ValueError(f"layer {i}: int32 accumulator could overflow (bound {bound})")
        layers.append(QLayer(w, bias, mult.astype(np.int32), shift.astype(np.int32), cur_zp, out_zp,
                             float(out_scale), relu))
        cur_scale, cur_zp = out_scale, out_zp
    return QuantizedMLP(float(in_scale), in_zp, layers, dict(meta or {}))


def quantize_int8(model: nn.Sequential, calib: np.ndarray, meta: dict | None = None) -> tuple[QuantizedMLP, onnx.ModelProto]:
    """Post-training int8 quantization: (integer model for the node, the onnxruntime QDQ model)."""
    qproto = quantize_onnx(model, calib)
    return extract(qproto, meta), qproto


def ort_logits(proto: onnx.ModelProto, X: np.ndarray) -> np.ndarray:
    """Run an ONNX model with onnxruntime's CPU kernels (one thread, all graph optimizations)."""
    so = ort.SessionOptions()
    so.intra_op_num_threads = so.inter_op_num_threads = 1
    so.log_severity_level = 3
    sess = ort.InferenceSession(proto.SerializeToString(), so, providers=["CPUExecutionProvider"])
    return sess.run(None, {"x": np.ascontiguousarray(X, dtype=np.float32)})[0]


def pack_for_node(model: nn.Sequential, like: QuantizedMLP, calib: np.ndarray, version: int | None = None) -> QuantizedMLP:
    """Quantize a retrained detector/classifier (e.g. after a federated round) for ``NodeAgent.load_weights``:
    keeps ``like``'s metadata (preprocessor, classes...) and bumps its version unless one is given."""
    meta = dict(like.meta)
    meta["version"] = int(meta.get("version", 0)) + 1 if version is None else version
    return quantize_int8(model, calib, meta)[0]
