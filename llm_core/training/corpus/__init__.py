"""Synthetic training corpus: operator utterances with their gold IR, grounded in the live inventory.

``generate_corpus(g, n, seed)`` renders intents of all ten kinds, multi-intent utterances and the
five error codes from templates and paraphrase rules written from ``spec/intent-ir.md`` (never from
the dev set). Node names come from ``g`` through :mod:`netmodel.vocabulary`, services and use cases
from the service catalogue, units in many spoken forms. Each record is::

    {"text": str, "intents": [IR JSON dict, ...], "error": None | {"code", "message"}, "target": str}

``target`` is the compact form the hub model is trained to emit (see :mod:`llm_core.compact`):
enumerations and node ids are canonical, but quantities are copied as written ("1 gbps", "five
nines") and normalised afterwards by :mod:`llm_core.units`, so the model copies instead of doing
arithmetic. Every record validates as a :class:`netmodel.ir.TranslateRecord` (given an id).

``split="train"`` leaves out every fifth phrasing of each choice list; ``split="heldout"`` draws
from all of them, so held-out records contain phrasings the model never saw (a check of
paraphrase generalisation that does not touch the dev set).
"""
from __future__ import annotations

from .mix import generate_corpus, generate_record
from .phrasing import Clause, Split

__all__ = ["Clause", "Split", "generate_corpus", "generate_record"]
