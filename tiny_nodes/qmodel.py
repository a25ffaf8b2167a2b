"""Integer-only int8 MLP inference in numpy (node path: no torch, no onnxruntime).

A :class:`QuantizedMLP` holds what a post-training-quantized Linear/ReLU stack needs on an MCU:
int8 weights (symmetric, per output channel), int32 biases, and per-channel requantization
constants. It reproduces onnxruntime's int8 ``QGemm`` kernels bit for bit (see
:mod:`tiny_nodes.training.quantize`), and the C code from :mod:`tiny_nodes.export_c` reproduces it.

Requantization: onnxruntime computes ``round_half_even(float32(acc) * float32(scale))``. Here the
float32 ``scale`` is split into its 24-bit mantissa ``mult`` and exponent ``shift``
(``scale = mult * 2**-shift``) and the float32 arithmetic is rebuilt with integers: ``acc`` is rounded
to 24 significant bits (the int32 -> float32 conversion), the exact product with ``mult`` is rounded
to 24 significant bits (the float32 multiply), then shifted right by ``shift`` with round-half-even.
No floating point is used between the int8 input and the int8 output.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .nslkdd import InputError

_POW2 = np.left_shift(np.int64(1), np.arange(63, dtype=np.int64))
FLOAT32_MANTISSA_BITS = 24


def float32_to_mult_shift(scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positive normal float32 scales -> (24-bit integer mantissa, right shift) with scale == mult * 2**-shift."""
    bits = np.asarray(scale, dtype=np.float32).view(np.uint32).astype(np.int64)
    exp = (bits >> 23) & 0xFF
    if (exp == 0).any() or (exp == 0xFF).any() or (bits >> 31).any():
        raise ValueError("requantization scales must be positive normal float32 numbers")
    return (bits & 0x7FFFFF) | 0x800000, (127 + 23) - exp


def shift_round_half_even(a: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``round_half_even(a / 2**s)`` for int64 ``a >= 0`` and shifts ``0 <= s <= 62`` (element-wise)."""
    a, s = np.asarray(a, dtype=np.int64), np.asarray(s, dtype=np.int64)
    q = a >> s
    rem = a & ((np.int64(1) << s) - 1)
    half = np.where(s > 0, np.int64(1) << np.maximum(s - 1, 0), np.int64(1) << 62)
    return q + ((rem > half) | ((rem == half) & ((q & 1) == 1)))


def round_to_float32(a: np.ndarray) -> np.ndarray:
    """Non-negative int64 values rounded (half-even) to the 24 significant bits a float32 keeps."""
    drop = np.maximum(np.searchsorted(_POW2, a, side="right") - FLOAT32_MANTISSA_BITS, 0)
    return shift_round_half_even(a, drop) << drop


def requantize(acc: np.ndarray, mult: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """``round_half_even(float32(float32(acc) * scale))`` in integers, for int32 ``acc`` and 24-bit ``mult``."""
    acc = acc.astype(np.int64)
    a = round_to_float32(round_to_float32(np.abs(acc)) * mult)  # float32(acc), then the float32 product
    s = shift
    if (s > 62).any():  # a scale this small sends every accumulator to zero
        a, s = np.where(s > 62, 0, a), np.minimum(s, 62)
    if (s < 0).any():
        raise ValueError("requantization scales >= 2**24 are not supported")
    return np.sign(acc) * shift_round_half_even(a, s)


@dataclass
class QLayer:
    """``y = clamp(requantize((x - in_zp) @ w.T + bias) + out_zp, lo, 127)``; ``lo = out_zp`` after a ReLU."""

    w: np.ndarray  # int8 [out, in]
    bias: np.ndarray  # int32 [out], scale in_scale * w_scale
    mult: np.ndarray  # int32 [out], 24-bit mantissas of in_scale * w_scale / out_scale
    shift: np.ndarray  # int32 [out]
    in_zp: int
    out_zp: int
    out_scale: float
    relu: bool

    @property
    def lo(self) -> int:
        return max(-128, self.out_zp) if self.relu else -128


@dataclass
class QuantizedMLP:
    """An int8 Linear/ReLU stack with its float input quantizer and output dequantizer."""

    in_scale: float
    in_zp: int
    layers: list[QLayer]
    meta: dict[str, Any]

    @property
    def in_dim(self) -> int:
        return int(self.layers[0].w.shape[1])

    @property
    def out_dim(self) -> int:
        return int(self.layers[-1].w.shape[0])

    @property
    def weight_bytes(self) -> int:
        """Bytes of the parameters an MCU stores: int8 weights, int32 biases and mults, int8 shifts."""
        return sum(q.w.size + 4 * q.bias.size + 4 * q.mult.size + q.shift.size for q in self.layers)

    @property
    def activation_bytes(self) -> int:
        """Peak int8 activation RAM of layer-by-layer inference: the largest input+output buffer pair."""
        dims = [self.in_dim] + [q.w.shape[0] for q in self.layers]
        return max(a + b for a, b in zip(dims, dims[1:]))

    def quantize_input(self, x: np.ndarray) -> np.ndarray:
        """float32 model inputs -> int8, as onnxruntime's QuantizeLinear does (x / scale, half-even)."""
        x = np.asarray(x, dtype=np.float32)
        if x.ndim != 2 or x.shape[1] != self.in_dim:
            raise InputError(f"expected rows of {self.in_dim} model inputs, got shape {x.shape}")
        if not np.isfinite(x).all():
            raise InputError("model inputs contain NaN/inf")
        return np.clip(np.rint(x / np.float32(self.in_scale)) + self.in_zp, -128, 127).astype(np.int8)

    def forward_int(self, xq: np.ndarray) -> np.ndarray:
        """int8 inputs [n, in_dim] -> int8 outputs [n, out_dim], integer arithmetic only."""
        cur = np.asarray(xq)
        if cur.dtype != np.int8 or cur.ndim != 2 or cur.shape[1] != self.in_dim:
            raise InputError(f"expected int8 rows of {self.in_dim} values, got {cur.dtype} {cur.shape}")
        cur = cur.astype(np.int64)
        for q in self.layers:
            acc = (cur - q.in_zp) @ q.w.astype(np.int64).T + q.bias
            cur = np.clip(requantize(acc, q.mult, q.shift) + q.out_zp, q.lo, 127)
        return cur.astype(np.int8)

    def dequantize_output(self, yq: np.ndarray) -> np.ndarray:
        last = self.layers[-1]
        return (yq.astype(np.int32) - last.out_zp).astype(np.float32) * np.float32(last.out_scale)

    def predict_logits(self, x: np.ndarray) -> np.ndarray:
        """float32 inputs -> float32 logits through the int8 path."""
        return self.dequantize_output(self.forward_int(self.quantize_input(x)))

    def dequantize(self) -> list[np.ndarray]:
        """Float32 ``[w0, b0, w1, b1, ...]`` (torch ``Linear`` order) that the int8 layers stand for:
        the starting point when a deployed model is fine-tuned further (e.g. by a federated job)."""
        out, s_in = [], float(self.in_scale)
        for q in self.layers:
            scale = q.mult.astype(np.float64) * np.exp2(-q.shift.astype(np.float64))  # s_in * w_scale / out_scale
            w_scale = scale * q.out_scale / s_in
            out += [(q.w * w_scale[:, None]).astype(np.float32), (q.bias * s_in * w_scale).astype(np.float32)]
            s_in = q.out_scale
        return out

    # -- (de)serialisation: one .npz with arrays + a JSON header -----------------------------------
    def save(self, path: str | Path) -> None:
        arrays: dict[str, np.ndarray] = {}
        header = {"in_scale": self.in_scale, "in_zp": self.in_zp, "meta": self.meta, "layers": []}
        for i, q in enumerate(self.layers):
            arrays.update({f"w{i}": q.w, f"bias{i}": q.bias, f"mult{i}": q.mult, f"shift{i}": q.shift})
            header["layers"].append({"in_zp": q.in_zp, "out_zp": q.out_zp, "out_scale": q.out_scale, "relu": q.relu})
        np.savez_compressed(path, header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> QuantizedMLP:
        with np.load(path) as z:
            header = json.loads(bytes(z["header"]).decode())
            layers = [QLayer(z[f"w{i}"].astype(np.int8), z[f"bias{i}"].astype(np.int32), z[f"mult{i}"].astype(np.int32),
                             z[f"shift{i}"].astype(np.int32), int(h["in_zp"]), int(h["out_zp"]), float(h["out_scale"]),
                             bool(h["relu"])) for i, h in enumerate(header["layers"])]
        return cls(float(header["in_scale"]), int(header["in_zp"]), layers, header["meta"])
