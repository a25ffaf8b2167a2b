"""The federated app of the node's tiny intent classifier (:mod:`tiny_nodes.intent`): every site's
node agent holds its own non-IID shard of operator utterances and the hub validates on held-out ones.

Text comes from the two corpora the shipped classifier learnt from, in the same roles:
:func:`tiny_nodes.training.intent_train.corpus` (templated, ``llm_core.training.corpus``) and, with
``written``, :func:`~tiny_nodes.training.intent_train.written_corpus` (the project's writers, held-out
writer excluded). Training text (``train``-split templates and 80 % of the written records) is dealt
to the sites with a seeded Dirichlet(α) skew over :data:`~tiny_nodes.intent.LABELS` (a site sees
mostly the kinds of intent its operators ask for); the hub validates on ``heldout``-split templates
and the other 20 % of the written records (what calibrated the shipped cascade), and tests on
held-out templates of another seed. Features are
the node's own :class:`~tiny_nodes.intent.Featurizer` (hashed n-grams), the model the node's
``DIM -> HIDDEN -> len(LABELS)`` MLP, so the result can be int8-packed into a NodeAgent's ``intent`` slot.

``local`` adds what each site learnt from the hub (the collaborative loop): the utterances its node
escalated, labelled with the class of the hub's reading once an operator approved it. A site's own
examples go to its own client only, repeated to make about ``local_share`` of its rows (a handful
would vanish among hundreds), next to its synthetic shard (which keeps the model from forgetting
what it knew).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

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
                   n_val: int = 600, dim: int = DIM, hidden: tuple[int, ...] = HIDDEN,
                   local: Mapping[str, Sequence[tuple[str, str]]] | None = None, local_share: float = 0.2,
                   written: bool = False) -> Problem:
    """Intent-classifier clients, one per site (default: the twin's sites), ``n_per_site`` template
    utterances on average (with ``written``, as many written ones again).

    The training utterances (seed ``seed``) are partitioned by label with Dirichlet(``alpha``);
    validation (seed ``seed + 1``, plus the written calibration records) and test (seed ``seed + 2``)
    hold ``n_val`` held-out-split template utterances each, never given to a client. ``local[site]``
    is that site's own (utterance, label) pairs.
    """
    import numpy as np

    from tiny_nodes.intent import LABELS, Featurizer
    from tiny_nodes.training.intent_train import corpus, written_corpus

    sites = list(sites or default_sites())
    feat = Featurizer(dim)
    texts, y = corpus(n_per_site * len(sites), seed, "train")
    extra: tuple[list[str], np.ndarray] = ([], np.zeros(0, dtype=np.int64))
    if written:
        (wt, wy), extra = written_corpus(1, seed)
        keep = np.random.default_rng(seed).permutation(len(wt))[:n_per_site * len(sites)]
        texts, y = texts + [wt[i] for i in keep], np.concatenate([y, wy[keep]])
    x = feat.transform(texts)
    shards = dirichlet_partition(y, len(sites), alpha, seed)
    local = local or {}
    if not 0 < local_share < 1:
        raise ValueError(f"local_share must be between 0 and 1 (exclusive), not {local_share}")
    unknown = sorted(set(local) - set(sites))
    if unknown:
        raise ValueError(f"local examples for sites outside the job: {', '.join(unknown)}")
    clients = []
    for s, p in zip(sites, shards):
        mine = list(local.get(s, ()))
        own = mine * max(1, round(local_share * len(p) / ((1 - local_share) * len(mine)))) if mine else []
        xs = np.concatenate([x[p], feat.transform([t for t, _ in own])]) if own else x[p]
        ys = np.concatenate([y[p], np.array([LABELS.index(label) for _, label in own], dtype=np.int64)]) if own else y[p]
        clients.append(ClientData(s, xs, ys, meta={"site": s, "local": len(mine)}))
    sets = []
    for k in (1, 2):
        t, yt = corpus(n_val, seed + k, "heldout")
        if k == 1:
            t, yt = t + extra[0], np.concatenate([yt, extra[1]])
        sets.append((torch.from_numpy(feat.transform(t)), torch.from_numpy(yt)))
    return Problem(intent_model_fn(dim, hidden), clients, sets[0], sets[1], INTENT_TASK)
