"""LoRA fine-tuning of the hub model on (prompt, compact target) pairs, on CPU.

:func:`train_lora` is the reusable loop (the federated engine calls it for HetLoRA rounds at the
edge): LoRA on the attention projections (q, k, v, o), AdamW with warm-up and cosine decay,
length-bucketed batches, and a loss over the target tokens only. Gemma's output layer has 262k
rows; running it on the target positions alone roughly halves a CPU step.
"""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj")


@dataclass(frozen=True)
class Example:
    prompt: str
    target: str  # compact form, without the leading space or the end-of-sequence token


def lora_config(r: int = 8, alpha: int = 16, dropout: float = 0.05) -> Any:
    from peft import LoraConfig

    return LoraConfig(r=r, lora_alpha=alpha, lora_dropout=dropout, target_modules=list(TARGET_MODULES),
                      task_type="CAUSAL_LM", bias="none")


def encode_examples(tokenizer: Any, examples: Sequence[Example], max_len: int = 112) -> list[tuple[list[int], int]]:
    """(token ids, prompt length) per example; the target is `` <target><eos>``. Longer ones are dropped."""
    out = []
    for ex in examples:
        p = tokenizer(ex.prompt, add_special_tokens=True)["input_ids"]
        t = tokenizer(" " + ex.target, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
        if len(p) + len(t) <= max_len:
            out.append((p + t, len(p)))
    return out


def _batches(encoded: list[tuple[list[int], int]], batch_size: int, steps: int, rng: random.Random) -> list[list[int]]:
    """Indices of ``steps`` batches of similar length (little padding), in random order, cycling epochs."""
    out: list[list[int]] = []
    while len(out) < steps:
        order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i][0]), rng.random()))
        chunks = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        rng.shuffle(chunks)
        out += chunks
    return out[:steps]


def _collate(encoded: list[tuple[list[int], int]], idx: list[int], pad_id: int) -> tuple[torch.Tensor, ...]:
    width = max(len(encoded[i][0]) for i in idx)
    ids = torch.full((len(idx), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    labels = torch.full((len(idx), width), -100, dtype=torch.long)
    for row, i in enumerate(idx):
        seq, n_prompt = encoded[i]
        ids[row, :len(seq)] = torch.tensor(seq)
        mask[row, :len(seq)] = 1
        labels[row, n_prompt:len(seq)] = torch.tensor(seq[n_prompt:])
    return ids, mask, labels


def target_loss(model: Any, ids: torch.Tensor, mask: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Next-token cross-entropy over the labelled (target) positions only."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    hidden = base.model(input_ids=ids, attention_mask=mask).last_hidden_state
    h, y = hidden[:, :-1], labels[:, 1:]
    keep = y != -100
    return F.cross_entropy(base.lm_head(h[keep]).float(), y[keep])


def train_lora(model: Any, tokenizer: Any, examples: Sequence[Example], steps: int, *, batch_size: int = 8,
               lr: float = 2e-3, warmup: int = 20, r: int = 8, alpha: int = 16, seed: int = 0,
               progress: bool = True, on_step: Callable[[int, float], None] | None = None) -> tuple[Any, list[float]]:
    """Fine-tune LoRA adapters on ``examples`` for ``steps`` optimiser steps.

    ``model`` is a base causal LM (an adapter is added) or a peft model (its adapter trains on).
    Returns (peft model in eval mode, loss per step).
    """
    from peft import PeftModel, get_peft_model

    torch.manual_seed(seed)
    rng = random.Random(seed)
    peft_model = model if isinstance(model, PeftModel) else get_peft_model(model, lora_config(r, alpha))
    encoded = encode_examples(tokenizer, examples)
    if not encoded:
        raise ValueError("no training examples fit the length limit")
    params = [p for p in peft_model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    schedule = lambda s: min(1.0, (s + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * s / max(1, steps))))  # noqa: E731
    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    peft_model.train()
    losses: list[float] = []
    bar = tqdm(_batches(encoded, batch_size, steps, rng), desc="LoRA", unit="step", disable=not progress)
    for step, idx in enumerate(bar):
        loss = target_loss(peft_model, *_collate(encoded, idx, pad))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.item())
        bar.set_postfix(loss=f"{sum(losses[-20:]) / len(losses[-20:]):.3f}")
        if on_step:
            on_step(step, losses[-1])
    peft_model.eval()
    return peft_model, losses
