"""Operator text in, IR translate record out: the one function the CLI, the API and the agents use.

``Translator(backend, g, retriever).translate(text, id)`` returns a dict that validates as
:class:`netmodel.ir.TranslateRecord` (and so against ``intent-ir.schema.json``), with
``latency_ms``. The text is data: it is quoted into a fixed prompt, injections are refused before
the model sees them, and nothing in it can change the network (this package only reads the
inventory it is given).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from netmodel.ir import TranslateRecord

from . import guard
from .backends import Backend
from .compact import GRAMMAR, DecodeError, decode
from .grounding import Grounder
from .prompt import few_shot_prompt, request_prompt
from .retriever import Retriever


class Translator:
    """Translate with one backend over one inventory; ``retriever`` adds the RAG context line,
    ``few_shot`` uses the instruction + examples prompt (for a base model without an adapter)."""

    def __init__(self, backend: Backend, g: nx.Graph, retriever: Retriever | None = None, *,
                 few_shot: bool = False, retries: int = 2, max_tokens: int = 96) -> None:
        self.backend, self.retriever, self.few_shot = backend, retriever, few_shot
        self.grounder = retriever.grounder if retriever is not None else Grounder(g)
        self.retries, self.max_tokens = retries, max_tokens

    def prompt(self, text: str) -> str:
        context = self.retriever.retrieve(text) if self.retriever is not None else None
        return (few_shot_prompt if self.few_shot else request_prompt)(text, context)

    def _generate_intents(self, text: str) -> tuple[list[dict[str, Any]], dict[str, str] | None, str]:
        """Decode the model's compact output; a malformed one is retried, first constrained by the
        grammar, then sampled. Returns (intents, error, raw output)."""
        prompt = self.prompt(text)
        raw = ""
        for attempt in range(self.retries + 1):
            raw = self.backend.generate(prompt, max_tokens=self.max_tokens, grammar=GRAMMAR if attempt else None,
                                        temperature=0.0 if attempt < 2 else 0.7, seed=attempt)
            try:
                return decode(raw, self.grounder), None, raw
            except DecodeError as e:
                if e.code != "syntax":
                    return [], {"code": e.code, "message": e.message}, raw
        return [], {"code": "ambiguous", "message": "could not turn the request into intents; please rephrase"}, raw

    def translate(self, text: str, id: str = "q") -> dict[str, Any]:
        """One translate record (IR JSON) for ``text``."""
        start = time.perf_counter()
        intents: list[dict[str, Any]] = []
        error: dict[str, str] | None = None
        if not text or not text.strip():
            error = {"code": "ambiguous", "message": "empty request"}
        elif (phrase := guard.injection(text)) is not None:
            error = {"code": "unsafe", "message": f"the text tries to give the hub instructions ({phrase!r}); nothing applied"}
        else:
            intents, error, _ = self._generate_intents(text)
            if intents and (why := guard.wholesale(intents)):
                intents, error = [], {"code": "unsafe", "message": f"refused: {why}"}
        record = TranslateRecord.model_validate({"id": id, "intents": intents, "error": error,
                                                 "latency_ms": round((time.perf_counter() - start) * 1000, 1)})
        return record.to_json()

    def translate_many(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Records for ``{"id", "text"}`` rows, in order."""
        for row in rows:
            yield self.translate(row["text"], str(row["id"]))
