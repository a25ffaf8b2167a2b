"""Text-generation backends behind one small interface.

- :class:`TransformersBackend`: transformers + peft on the converted checkpoint (training, default);
- :class:`LlamaCppBackend`: llama.cpp on the GGUF base with the adapter converted to a GGUF LoRA
  (fastest on CPU; grammar-constrained);
- :class:`OpenAIBackend`: any OpenAI-compatible completions server, e.g. vLLM::

      vllm serve $TINYLARGE_HOME/models/gemma-3-270m-hf --enable-lora --max-lora-rank 8 \\
          --lora-modules tinylarge-ir=llm_core/adapters/tinylarge-ir

  then ``OpenAIBackend("http://host:8000/v1", model="tinylarge-ir", server="vllm")``; with
  ``python -m llama_cpp.server``, ``server="llamacpp"``.

Every backend completes one prompt, greedily unless a temperature is given, and stops at the end
of the line (the compact form is one line). The in-process backends are safe to share between
threads: one generation runs at a time on a model (llama.cpp's context is not thread-safe; two
concurrent calls crashed the process).
"""
from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol


class Backend(Protocol):
    name: str

    def generate(self, prompt: str, *, max_tokens: int = 96, grammar: str | None = None,
                 temperature: float = 0.0, seed: int = 0) -> str:
        """The completion of ``prompt`` up to the end of the line (without the newline)."""


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()


class TransformersBackend:
    """transformers (+ peft adapter when given). ``use_adapter=False`` runs the bare base model
    on the same weights. No grammar support: the translator validates and retries instead."""

    name = "transformers"

    def __init__(self, model: Any, tokenizer: Any, use_adapter: bool = True) -> None:
        self.model, self.tokenizer, self.use_adapter = model, tokenizer, use_adapter
        self._lock = threading.Lock()

    @classmethod
    def load(cls, adapter: str | Path | None = None) -> TransformersBackend:
        from .model import load_base

        model, tok = load_base()
        if adapter is not None:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, str(adapter))
            model.eval()
        return cls(model, tok)

    def generate(self, prompt: str, *, max_tokens: int = 96, grammar: str | None = None,
                 temperature: float = 0.0, seed: int = 0) -> str:
        import contextlib

        import torch

        ids = self.tokenizer(prompt, return_tensors="pt")
        sampling = {"do_sample": True, "temperature": temperature, "top_k": 40} if temperature > 0 else \
            {"do_sample": False, "top_p": None, "top_k": None}
        torch.manual_seed(seed)
        adapter_off = getattr(self.model, "disable_adapter", None)
        ctx = adapter_off() if adapter_off is not None and not self.use_adapter else contextlib.nullcontext()
        with self._lock, torch.inference_mode(), ctx:
            out = self.model.generate(**ids, max_new_tokens=max_tokens, stop_strings=["\n"], tokenizer=self.tokenizer,
                                      pad_token_id=self.tokenizer.pad_token_id, **sampling)
        return _first_line(self.tokenizer.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True))


_LOG_CALLBACK: Any = None


def _llama_errors_only() -> None:
    """llama.cpp prints loader notes (one per LoRA tensor) whatever ``verbose`` says; keep errors only."""
    global _LOG_CALLBACK
    if _LOG_CALLBACK is None:
        import llama_cpp

        @llama_cpp.llama_log_callback
        def errors_only(level: int, text: bytes, _: ctypes.c_void_p) -> None:
            if level == 4:  # GGML_LOG_LEVEL_ERROR in the ggml this wheel builds (3 is WARN)
                sys.stderr.write(text.decode("utf-8", "replace"))

        _LOG_CALLBACK = errors_only  # keep a reference: llama.cpp holds only the C pointer
        llama_cpp.llama_log_set(errors_only, ctypes.c_void_p(0))


def llama_threads() -> int:
    """Threads for llama.cpp, in process or in its server: two (this machine's cores; more does not help
    a 270M model), or ``TINYLARGE_LLAMA_THREADS``, which leaves cores to other jobs such as a training run."""
    return int(os.environ.get("TINYLARGE_LLAMA_THREADS", 0)) or min(2, os.cpu_count() or 1)


class LlamaCppBackend:
    """llama.cpp through llama-cpp-python; ``lora`` is a GGUF LoRA (see :mod:`llm_core.training.gguf_lora`)."""

    name = "llama.cpp"

    def __init__(self, model_path: str | Path | None = None, lora: str | Path | None = None,
                 n_threads: int | None = None, n_ctx: int = 2048) -> None:
        from llama_cpp import Llama

        from .model import gguf_path

        for f in (model_path, lora):  # llama.cpp aborts the process on a missing file; say so instead
            if f is not None and not Path(f).is_file():
                raise FileNotFoundError(f"{f} does not exist (run `tinylarge train-adapter` for the adapter)")
        _llama_errors_only()
        self.llm = Llama(model_path=str(model_path or gguf_path()), lora_path=str(lora) if lora else None,
                         n_ctx=n_ctx, n_threads=n_threads or llama_threads(), verbose=False, seed=0)
        self._grammars: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _grammar(self, text: str) -> Any:
        from llama_cpp import LlamaGrammar

        if text not in self._grammars:
            self._grammars[text] = LlamaGrammar.from_string(text, verbose=False)
        return self._grammars[text]

    def generate(self, prompt: str, *, max_tokens: int = 96, grammar: str | None = None,
                 temperature: float = 0.0, seed: int = 0) -> str:
        with self._lock:
            out = self.llm.create_completion(prompt, max_tokens=max_tokens, temperature=temperature, seed=seed,
                                             top_k=40 if temperature > 0 else 1, stop=["\n"],
                                             grammar=self._grammar(grammar) if grammar else None)
        return _first_line(out["choices"][0]["text"])


GRAMMAR_FORMS: dict[str, Callable[[str], dict[str, Any]]] = {
    "vllm": lambda g: {"structured_outputs": {"grammar": g}},  # vLLM's structured outputs (guided_* removed in 0.12)
    "vllm-guided": lambda g: {"guided_grammar": g},  # vLLM before 0.12
    "llamacpp": lambda g: {"grammar": g},  # llama-cpp-python's server
    "none": lambda g: {},  # a server that takes no grammar: unconstrained retries only
}
"""How each kind of OpenAI-compatible server takes a GBNF grammar in a completions request, as its
documentation gives it."""


class OpenAIBackend:
    """An OpenAI-compatible ``/v1/completions`` server (vLLM, llama-cpp-python's server);
    ``server`` picks how the grammar travels (:data:`GRAMMAR_FORMS`)."""

    name = "openai-http"

    def __init__(self, base_url: str, model: str, api_key: str = "none", server: str = "llamacpp",
                 timeout: float = 60.0) -> None:
        from openai import OpenAI

        if server not in GRAMMAR_FORMS:
            raise ValueError(f"unknown server kind {server!r}; expected one of {', '.join(GRAMMAR_FORMS)}")
        self.client = OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=1)
        self.model, self.server = model, server

    def generate(self, prompt: str, *, max_tokens: int = 96, grammar: str | None = None,
                 temperature: float = 0.0, seed: int = 0) -> str:
        extra = GRAMMAR_FORMS[self.server](grammar) if grammar else {}
        out = self.client.completions.create(model=self.model, prompt=prompt, max_tokens=max_tokens,
                                             temperature=temperature, seed=seed, stop=["\n"], extra_body=extra)
        return _first_line(out.choices[0].text or "")
