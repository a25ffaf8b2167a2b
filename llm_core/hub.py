"""Assemble a ready translator: backend + adapter + retrieval over a store's live inventory.

The one entry point for the CLI, the API and the agents::

    from llm_core.hub import load_translator
    tr = load_translator(store)            # llama.cpp when installed, else transformers+peft
    tr.translate("block ssh from gNodeB 3 to the farm", "q1")
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Literal

from .backends import Backend, LlamaCppBackend, OpenAIBackend, TransformersBackend
from .model import DEFAULT_ADAPTER
from .translator import Translator

BackendName = Literal["auto", "transformers", "llamacpp", "http"]


class AdapterMissing(FileNotFoundError):
    """The adapter directory lacks the files this backend needs."""


def make_backend(name: BackendName = "auto", adapter: str | Path | None = DEFAULT_ADAPTER, *,
                 base_url: str | None = None, model: str = "tinylarge-ir",
                 server: str = "llamacpp") -> Backend:
    """A backend with the adapter loaded (``adapter=None``: the bare base model)."""
    if name == "auto":
        has_gguf = adapter is None or (Path(adapter) / "adapter.gguf").exists()
        name = "llamacpp" if importlib.util.find_spec("llama_cpp") and has_gguf else "transformers"
    if name == "http":
        if not base_url:
            raise ValueError("the http backend needs --base-url (an OpenAI-compatible /v1 endpoint)")
        return OpenAIBackend(base_url, model, server=server)
    if adapter is not None:
        need = "adapter.gguf" if name == "llamacpp" else "adapter_model.safetensors"
        if not (Path(adapter) / need).exists():
            raise AdapterMissing(f"{adapter} has no {need}; run `tinylarge train-adapter` first")
    if name == "llamacpp":
        return LlamaCppBackend(lora=Path(adapter) / "adapter.gguf" if adapter else None)
    return TransformersBackend.load(adapter)


def load_translator(store: Any = None, *, backend: Backend | BackendName = "auto",
                    adapter: str | Path | None = DEFAULT_ADAPTER, rag: bool = True, index: Any = None,
                    **backend_options: Any) -> Translator:
    """Translator over ``store``'s live inventory (a fresh default store when None); ``rag``
    indexes the knowledge base and the inventory in chromadb and adds the context line, which also
    names the running slices the text speaks of (read from the store at each translation)."""
    from netmodel.store import Store

    store = store if store is not None else Store()
    if isinstance(backend, str):
        backend = make_backend(backend, adapter, **backend_options)
    def running() -> list[str]:  # read at each translation: current after every commit, from any process
        return list(store.running()[1].slices)

    if not rag:
        return Translator(backend, store.topology(), few_shot=adapter is None, slices=running)
    from knowledge.index import KnowledgeIndex

    from .retriever import Retriever

    retriever = Retriever.for_store(store, index or KnowledgeIndex())
    return Translator(backend, retriever.g, retriever, few_shot=adapter is None, slices=running)
