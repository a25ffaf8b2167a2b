"""The federated app of the node's tiny intent classifier (:mod:`tiny_nodes.intent`): every site's
node agent holds its own non-IID shard of synthetic operator utterances and the hub validates on
held-out phrasings.

Text comes only from :func:`tiny_nodes.training.intent_train.corpus` (``llm_core.training.corpus.generate_corpus``):
the ``train`` split is dealt to the sites with a seeded Dirichlet(α) skew over :data:`~tiny_nodes.intent.LABELS`
(a site sees mostly the kinds of intent its operators ask for), the hub's validation and test sets
are ``heldout``-split utterances (phrasings the train split never uses) from other seeds. Features are
the node's own :class:`~tiny_nodes.intent.Featurizer` (hashed n-grams), the model the node's
``DIM -> HIDDEN -> len(LABELS)`` MLP, so the result can be int8-packed into a NodeAgent's ``intent`` slot.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

import torch

from tiny_nodes.intent import DIM, HIDDEN

from ..client import ClientData, ModelFn, Task
from ..partition import dirichlet_partition
from ..problem import Problem, default_sites


def _intent_flip(y: torch.Tensor) -> torch.Tensor:
    """The label-flipping attacker trains every utterance as the next label (mod the label count)."""
    from tiny_nodes.intent import LABELS

    return (y + 1) % len(LABELS)


INTENT_TASK = Task(flip=_intent_flip)
"""Cross-entropy over the :data:`~tiny_nodes.intent.LABELS` logits, argmax accuracy; multi-class label flip."""


def intent_model_fn(dim: int = DIM, hidden: tuple[int, ...] = HIDDEN) -> ModelFn:
    from tiny_nodes.intent import LABELS
    from tiny_nodes.training.detector import build_mlp

    return functools.partial(build_mlp, dim, tuple(hidden), len(LABELS))


def intent_problem(sites: Sequence[str] | None = None, n_per_site: int = 400, alpha: float = 0.5, seed: int = 0,
                   n_val: int = 600, dim: int = DIM, hidden: tuple[int, ...] = HIDDEN) -> Problem:
    """Intent-classifier clients, one per site (default: the twin's sites), ``n_per_site`` utterances on average.

    The ``len(sites) * n_per_site`` training utterances (seed ``seed``) are partitioned by label with
    Dirichlet(``alpha``); validation (seed ``seed + 1``) and test (seed ``seed + 2``) are ``n_val``
    held-out-split utterances each, never given to a client.
    """
    from tiny_nodes.intent import Featurizer
    from tiny_nodes.training.intent_train import corpus

    sites = list(sites or default_sites())
    feat = Featurizer(dim)
    texts, y = corpus(n_per_site * len(sites), seed, "train")
    x = feat.transform(texts)
    shards = dirichlet_partition(y, len(sites), alpha, seed)
    clients = [ClientData(s, x[p], y[p], meta={"site": s}) for s, p in zip(sites, shards)]
    sets = []
    for k in (1, 2):
        t, yt = corpus(n_val, seed + k, "heldout")
        sets.append((torch.from_numpy(feat.transform(t)), torch.from_numpy(yt)))
    return Problem(intent_model_fn(dim, hidden), clients, sets[0], sets[1], INTENT_TASK)
