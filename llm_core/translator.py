"""Operator text in, IR translate record out: the one function the CLI, the API and the agents use.

``Translator(backend, g, retriever).translate(text, id)`` returns a dict that validates as
:class:`netmodel.ir.TranslateRecord` (and so against ``intent-ir.schema.json``), with
``latency_ms``. The text is data: it is quoted into a fixed prompt, injections are refused before
the model sees them, and nothing in it can change the network (this package only reads the
inventory it is given).
"""
from __future__ import annotations

import difflib
import re
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


def repair_names(intents: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Names (slices, rules) are copied from the text: a name the model misspelt ("smart-zone" for
    "farm-zone") is replaced by the closest name-like word of the text, when one is close."""
    words = re.findall(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", text.casefold())
    for ir in intents:
        name = ir.get("name")
        if name and name.casefold() not in words:
            near = difflib.get_close_matches(name.casefold(), [w for w in words if "-" in w or "_" in w], n=1, cutoff=0.6)
            if near:
                ir["name"] = near[0]
    return intents


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
        """Decode the model's compact output; a malformed one is retried, first sampled, then (last)
        constrained by the grammar, which is slow on a CPU over Gemma's 262k-token vocabulary.
        Returns (intents, error, raw output)."""
        prompt = self.prompt(text)
        raw = ""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries and attempt > 0
            raw = self.backend.generate(prompt, max_tokens=self.max_tokens, grammar=GRAMMAR if last else None,
                                        temperature=0.0 if attempt == 0 or last else 0.7, seed=attempt)
            try:
                return repair_names(decode(raw, self.grounder), text), None, raw
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
