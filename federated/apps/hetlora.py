"""HetLoRA federated fine-tuning of the hub translator's LoRA adapter at edge sites.

Each edge site holds site-local phrasings: operator requests about its own concerns (the
north edge mostly slices, the south edge security rules, the east edge learning jobs, routes
and queries), generated with :func:`llm_core.training.corpus.generate_corpus` (``split="train"``); its
held-out set uses the corpus' held-out phrasings (``split="heldout"``) of the same concerns.
Sites train adapters of different ranks (their compute differs); the hub aggregates with
:func:`federated.hetlora.hetlora_aggregate`. Held-out scores: teacher-forced target-token
accuracy and loss (cheap: one forward per example), and optionally exact match of the greedy
compact output (one generation per example; minutes on CPU).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch

from ..hetlora import Lora, get_lora, hetlora_aggregate, set_lora, truncate

SITE_TOPICS: dict[str, tuple[str, ...]] = {
    "edge-north": ("slice.",),
    "edge-south": ("sdn.block", "sdn.rate_limit", "ztn."),
    "edge-east": ("learn.", "query", "sdn.route"),
}
SITE_RANKS = {"edge-north": 2, "edge-south": 4, "edge-east": 8}


@dataclass
class SiteData:
    site: str
    rank: int
    train: list[Any]  # llm_core.training.train.Example
    test: list[Any]


def _topical(records: list[dict], topics: Sequence[str], n: int) -> list[dict]:
    out = [r for r in records if len(r["intents"]) == 1 and r["intents"][0]["kind"].startswith(tuple(topics))]
    return out[:n]


def site_data(n_train: int = 48, n_test: int = 10, seed: int = 0,
              ranks: dict[str, int] | None = None) -> list[SiteData]:
    """Site-local training phrasings and held-out phrasings per edge site."""
    from llm_core.prompt import request_prompt
    from llm_core.training.corpus import generate_corpus
    from llm_core.training.train import Example
    from netmodel.twin import load_topology

    g = load_topology()
    train = generate_corpus(g, 60 * n_train, seed, split="train")
    held = generate_corpus(g, 60 * n_test, seed + 1, split="heldout")
    out = []
    for site, rank in (ranks or SITE_RANKS).items():
        tr = _topical(train, SITE_TOPICS[site], n_train)
        te = _topical(held, SITE_TOPICS[site], n_test)
        out.append(SiteData(site, rank, [Example(request_prompt(r["text"]), r["target"]) for r in tr],
                            [Example(request_prompt(r["text"]), r["target"]) for r in te]))
    return out


@torch.no_grad()
def target_scores(model: Any, tok: Any, tests: Sequence[Any]) -> dict[str, float]:
    """Teacher-forced next-token accuracy and cross-entropy over the target tokens (`` target<eos>``)."""
    from llm_core.training.train import encode_examples

    model.eval()
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    correct = total = 0
    loss = 0.0
    for seq, n_prompt in encode_examples(tok, tests):
        ids = torch.tensor([seq])
        hidden = base.model(input_ids=ids).last_hidden_state[0, n_prompt - 1:-1]
        logits = base.lm_head(hidden).float()
        y = ids[0, n_prompt:]
        correct += int((logits.argmax(-1) == y).sum())
        loss += float(torch.nn.functional.cross_entropy(logits, y, reduction="sum"))
        total += len(y)
    return {"token_accuracy": correct / max(total, 1), "loss": loss / max(total, 1)}


@torch.no_grad()
def exact_match(model: Any, tok: Any, tests: Sequence[Any], max_new_tokens: int = 32) -> float:
    """Share of prompts whose greedy first output line equals the target."""
    model.eval()
    hits = 0
    for t in tests:
        ids = tok(t.prompt, return_tensors="pt")
        out = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False)
        text = tok.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True)
        hits += text.strip().split("\n")[0].strip() == t.target
    return hits / max(len(tests), 1)


def _with_adapter(base: Any, rank: int, lora: Lora | None) -> Any:
    from peft import get_peft_model

    from llm_core.training.train import lora_config

    peft = get_peft_model(base, lora_config(rank, 2 * rank, dropout=0.0))
    if lora is not None:
        set_lora(peft, truncate(lora, rank))
    return peft


def local_update(base: Any, tok: Any, site: SiteData, lora: Lora | None, steps: int, seed: int,
                 batch_size: int = 4, lr: float = 2e-3) -> tuple[Lora, float, Any]:
    """One site's round: train its rank-``r`` truncation -> (adapter, mean loss, base model back)."""
    from llm_core.training.train import train_lora

    peft = _with_adapter(base, site.rank, lora)
    peft, losses = train_lora(peft, tok, site.train, steps, batch_size=batch_size, lr=lr, warmup=max(1, steps // 4),
                              r=site.rank, alpha=2 * site.rank, seed=seed, progress=False)
    out = get_lora(peft)
    return out, sum(losses) / len(losses), peft.unload()


def _scores(model: Any, tok: Any, tests: Sequence[Any], exact: bool) -> dict[str, float]:
    out = target_scores(model, tok, tests)
    if exact:
        out["exact_match"] = exact_match(model, tok, tests)
    return out


def evaluate_sites(base: Any, tok: Any, sites: Sequence[SiteData], adapters: dict[str, Lora | None],
                   exact: bool = False) -> tuple[dict[str, dict[str, float]], Any]:
    """Each site's held-out scores with the adapter it runs (``adapters[site]``, at its rank)."""
    scores = {}
    for s in sites:
        lo = adapters[s.site]
        if lo is None:
            scores[s.site] = _scores(base, tok, s.test, exact)
            continue
        peft = _with_adapter(base, s.rank, lo)
        scores[s.site] = _scores(peft, tok, s.test, exact)
        base = peft.unload()
    return scores, base


def run_hetlora(base: Any, tok: Any, sites: Sequence[SiteData], rounds: int, steps: int, seed: int = 0,
                on_round: Callable[[dict], None] | None = None) -> tuple[Lora, list[dict], Any]:
    """``rounds`` of HetLoRA; returns (global rank-max adapter, per-round events, base model)."""
    max_rank = max(s.rank for s in sites)
    torch.manual_seed(seed)
    init = _with_adapter(base, max_rank, None)
    glob = get_lora(init)  # LoRA init: A random, B zero
    base = init.unload()
    history = []
    for rnd in range(1, rounds + 1):
        t0 = time.perf_counter()
        loras, losses, up = [], [], 0
        for i, s in enumerate(sites):
            lo, loss, base = local_update(base, tok, s, glob, steps, seed * 1000 + rnd * 10 + i)
            loras.append(lo)
            losses.append(loss)
            up += sum(a.numel() + b.numel() for a, b in lo.values()) * 4
        glob, weights = hetlora_aggregate(loras, max_rank)
        down = sum(sum(a.numel() + b.numel() for a, b in truncate(glob, s.rank).values()) * 4 for s in sites)
        ev = {"round": rnd, "train_loss": sum(losses) / len(losses), "weights": weights,
              "bytes_up": up, "bytes_down": down, "seconds": time.perf_counter() - t0}
        history.append(ev)
        if on_round:
            on_round(ev)
    return glob, history, base


def run_local_only(base: Any, tok: Any, sites: Sequence[SiteData], steps: int, seed: int = 0) -> tuple[dict[str, Lora], Any]:
    """Baseline: every site trains its own adapter alone for ``steps`` (the same compute as HetLoRA)."""
    out = {}
    for i, s in enumerate(sites):
        out[s.site], _, base = local_update(base, tok, s, None, steps, seed * 1000 + i)
    return out, base


def compare(rounds: int = 3, steps: int = 5, n_train: int = 32, n_test: int = 8, seed: int = 0,
            echo: Callable[[str], None] | None = None, exact: bool = False) -> dict[str, Any]:
    """Held-out site-local scores of the base model, of local-only adapters (same steps per site)
    and of HetLoRA's global adapter truncated to each site's rank."""
    from statistics import mean

    from llm_core.model import load_base

    say = echo or (lambda _: None)
    base, tok = load_base()
    sites = site_data(n_train, n_test, seed)
    out: dict[str, Any] = {"rounds": rounds, "steps_per_round": steps,
                           "sites": {s.site: {"rank": s.rank, "train": len(s.train), "test": len(s.test)} for s in sites}}
    t0 = time.perf_counter()
    out["base"], base = evaluate_sites(base, tok, sites, {s.site: None for s in sites}, exact)
    say(f"base model: {out['base']}")
    t1 = time.perf_counter()
    local, base = run_local_only(base, tok, sites, rounds * steps, seed)
    out["local_only_train_seconds"] = time.perf_counter() - t1
    out["local_only"], base = evaluate_sites(base, tok, sites, local, exact)
    say(f"local-only adapters: {out['local_only']}")
    t1 = time.perf_counter()
    glob, out["hetlora_rounds"], base = run_hetlora(
        base, tok, sites, rounds, steps, seed,
        on_round=lambda ev: say(f"HetLoRA round {ev['round']}: loss {ev['train_loss']:.3f}"))
    out["hetlora_train_seconds"] = time.perf_counter() - t1
    out["hetlora"], base = evaluate_sites(base, tok, sites, {s.site: glob for s in sites}, exact)
    say(f"HetLoRA: {out['hetlora']}")
    out["total_seconds"] = time.perf_counter() - t0
    for k in ("base", "local_only", "hetlora"):
        out[k + "_mean"] = {m: mean(v[m] for v in out[k].values()) for m in next(iter(out[k].values()))}
    return out
