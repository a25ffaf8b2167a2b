"""Federated fine-tuning of the hub's LoRA adapter at edge sites with heterogeneous ranks.

* **HetLoRA** (Cho et al., 2024): the hub keeps a rank-``r_max`` adapter; a site of rank ``r``
  gets the truncation ``A[:r], B[:, :r]``, trains it on its own phrasings, and sends it back;
  the hub zero-pads every site's ``A``/``B`` to ``r_max`` and averages them with weights
  proportional to the Frobenius norm of each site's update ``B A`` (bigger updates weigh more).
* **FLoRA** (Wang et al., 2024): stack the sites' ``A`` (scaled by their weights) and ``B`` so
  that ``B_stack A_stack = Σ w_k B_k A_k`` exactly, merge that into the base weights, and start
  fresh adapters next round.

Adapters are dicts ``module name -> (A: r x in, B: out x r)`` of tensors; every site uses
``lora_alpha = 2 r`` so the LoRA scaling (alpha / r = 2) is the same at every rank.
"""
from __future__ import annotations

from collections.abc import Sequence

import torch

Lora = dict[str, tuple[torch.Tensor, torch.Tensor]]


def truncate(lora: Lora, rank: int) -> Lora:
    """The first ``rank`` components of every module (what a site of that rank receives)."""
    return {k: (a[:rank].clone(), b[:, :rank].clone()) for k, (a, b) in lora.items()}


def pad(lora: Lora, rank: int) -> Lora:
    """Zero-pad every module to ``rank`` components."""
    out = {}
    for k, (a, b) in lora.items():
        r = a.shape[0]
        if r > rank:
            raise ValueError(f"{k}: rank {r} exceeds {rank}")
        out[k] = (torch.cat([a, a.new_zeros(rank - r, a.shape[1])]), torch.cat([b, b.new_zeros(b.shape[0], rank - r)], 1))
    return out


def update_norm(lora: Lora) -> float:
    """Frobenius norm of the whole update ``{B A}`` over modules."""
    return float(torch.sqrt(sum(((b @ a) ** 2).sum() for a, b in lora.values())))


def hetlora_aggregate(loras: Sequence[Lora], max_rank: int) -> tuple[Lora, list[float]]:
    """Zero-pad to ``max_rank`` and average with update-norm weights -> (global adapter, weights)."""
    if not loras:
        raise ValueError("no adapters to aggregate")
    norms = [update_norm(lo) for lo in loras]
    total = sum(norms)
    weights = [n / total for n in norms] if total > 0 else [1 / len(loras)] * len(loras)
    padded = [pad(lo, max_rank) for lo in loras]
    agg = {k: (sum(w * p[k][0] for w, p in zip(weights, padded)), sum(w * p[k][1] for w, p in zip(weights, padded)))
           for k in padded[0]}
    return agg, weights


def flora_stack(loras: Sequence[Lora], weights: Sequence[float]) -> Lora:
    """Stacked adapter of rank ``Σ r_k`` whose ``B A`` is ``Σ w_k B_k A_k`` (no averaging error)."""
    if len(loras) != len(weights) or not loras:
        raise ValueError("need one weight per adapter")
    return {k: (torch.cat([w * lo[k][0] for w, lo in zip(weights, loras)]), torch.cat([lo[k][1] for lo in loras], 1))
            for k in loras[0]}


# -- peft glue -------------------------------------------------------------------------------------
def get_lora(peft_model: torch.nn.Module) -> Lora:
    """``module -> (A, B)`` of a peft model's default adapter (detached copies)."""
    state = {n: p.detach().clone() for n, p in peft_model.named_parameters() if "lora_" in n}
    out = {}
    for name, a in state.items():
        if ".lora_A." in name:
            module = name.split(".lora_A.")[0]
            out[module] = (a, state[name.replace(".lora_A.", ".lora_B.")])
    return out


@torch.no_grad()
def set_lora(peft_model: torch.nn.Module, lora: Lora) -> None:
    """Load ``lora`` into a peft model whose adapter has the same ranks."""
    params = dict(peft_model.named_parameters())
    for module, (a, b) in lora.items():
        pa = params[f"{module}.lora_A.default.weight"]
        pb = params[f"{module}.lora_B.default.weight"]
        if pa.shape != a.shape or pb.shape != b.shape:
            raise ValueError(f"{module}: adapter shapes {tuple(pa.shape)}/{tuple(pb.shape)} vs {tuple(a.shape)}/{tuple(b.shape)}")
        pa.copy_(a)
        pb.copy_(b)


@torch.no_grad()
def merge_into_base(base: torch.nn.Module, lora: Lora, scaling: float) -> None:
    """``W += scaling * B A`` for every module of a plain (non-peft) model (FLoRA's server step)."""
    modules = dict(base.named_modules())
    for name, (a, b) in lora.items():
        key = name.removeprefix("base_model.model.")
        modules[key].weight += scaling * (b @ a).to(modules[key].weight.dtype)
