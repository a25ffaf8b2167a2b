"""Convert a peft LoRA adapter (safetensors) into a GGUF LoRA adapter that llama.cpp loads.

llama.cpp's ``convert_lora_to_gguf.py`` is not shipped with llama-cpp-python, so this writes the
same layout with the ``gguf`` package: ``general.type = adapter``, ``adapter.type = lora``,
``adapter.lora.alpha``, and per projection ``blk.N.attn_q.weight.lora_a`` (A, rank x in) and
``.lora_b`` (B, out x rank), f32. llama.cpp scales by alpha / rank, as peft does. Gemma 3's
q/k/v/o weights keep their layout in GGUF (no rope permutation), so A and B go over unchanged.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

PROJECTIONS = {"q_proj": "attn_q", "k_proj": "attn_k", "v_proj": "attn_v", "o_proj": "attn_output"}
_NAME = re.compile(r"layers\.(\d+)\.self_attn\.(\w+)\.lora_([AB])(?:\.\w+)?\.weight$")


def gguf_tensor_name(peft_name: str) -> str:
    """``base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight`` -> ``blk.3.attn_q.weight.lora_a``."""
    m = _NAME.search(peft_name)
    if not m or m.group(2) not in PROJECTIONS:
        raise ValueError(f"not a LoRA tensor of an attention projection: {peft_name}")
    return f"blk.{m.group(1)}.{PROJECTIONS[m.group(2)]}.weight.lora_{m.group(3).lower()}"


def convert(adapter_dir: str | Path, out: str | Path | None = None, arch: str = "gemma3") -> Path:
    """Write ``adapter.gguf`` (by default inside ``adapter_dir``) and return its path."""
    import gguf
    from safetensors.numpy import load_file

    adapter_dir = Path(adapter_dir)
    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    if config.get("use_dora") or config.get("use_rslora"):
        raise ValueError("only plain LoRA adapters convert (no DoRA / rsLoRA)")
    tensors = load_file(str(adapter_dir / "adapter_model.safetensors"))
    out = Path(out) if out else adapter_dir / "adapter.gguf"
    writer = gguf.GGUFWriter(str(out), arch=arch)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(config["lora_alpha"]))
    for name in sorted(tensors):
        writer.add_tensor(gguf_tensor_name(name), np.ascontiguousarray(tensors[name], dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out
