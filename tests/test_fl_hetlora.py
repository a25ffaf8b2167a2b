"""HetLoRA / FLoRA aggregation of heterogeneous-rank LoRA adapters (pure tensor maths)."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from federated.hetlora import flora_stack, hetlora_aggregate, merge_into_base, pad, truncate, update_norm


def lora(rank: int, seed: int, scale: float = 1.0) -> dict:
    g = torch.Generator().manual_seed(seed)
    return {"q": (scale * torch.randn(rank, 6, generator=g), scale * torch.randn(4, rank, generator=g)),
            "v": (scale * torch.randn(rank, 6, generator=g), scale * torch.randn(5, rank, generator=g))}


def test_pad_and_truncate_round_trip_and_keep_the_update():
    lo = lora(2, 0)
    padded = pad(lo, 8)
    assert padded["q"][0].shape == (8, 6) and padded["q"][1].shape == (4, 8)
    for k in lo:
        torch.testing.assert_close(padded[k][1] @ padded[k][0], lo[k][1] @ lo[k][0])
        torch.testing.assert_close(truncate(padded, 2)[k][0], lo[k][0])
    with pytest.raises(ValueError, match="exceeds"):
        pad(lora(8, 1), 4)


def test_identical_adapters_aggregate_to_themselves():
    lo = lora(4, 3)
    agg, w = hetlora_aggregate([lo, lo, lo], max_rank=4)
    assert w == pytest.approx([1 / 3] * 3)
    for k in lo:
        torch.testing.assert_close(agg[k][0], lo[k][0])


def test_bigger_updates_weigh_more_and_ranks_mix():
    small, big = lora(2, 4, scale=0.1), lora(8, 5, scale=1.0)
    agg, w = hetlora_aggregate([small, big], max_rank=8)
    assert w[1] > 0.9 and sum(w) == pytest.approx(1.0)
    assert agg["q"][0].shape == (8, 6)
    assert update_norm(small) < update_norm(big)


def test_flora_stacking_is_the_exact_weighted_sum():
    los, ws = [lora(2, 6), lora(4, 7), lora(8, 8)], [0.2, 0.3, 0.5]
    st = flora_stack(los, ws)
    assert st["q"][0].shape == (14, 6)
    for k in st:
        torch.testing.assert_close(st[k][1] @ st[k][0], sum(w * lo[k][1] @ lo[k][0] for w, lo in zip(ws, los)))


def test_merge_into_base_adds_the_scaled_update():
    base = nn.Module()
    base.q = nn.Linear(6, 4, bias=False)
    before = base.q.weight.detach().clone()
    lo = {"base_model.model.q": lora(2, 9)["q"]}
    merge_into_base(base, lo, scaling=2.0)
    a, b = lo["base_model.model.q"]
    torch.testing.assert_close(base.q.weight, before + 2.0 * b @ a)


def test_site_local_phrasings_are_topical_and_held_out():
    from federated.apps.hetlora import SITE_RANKS, site_data

    sites = site_data(n_train=12, n_test=4, seed=0)
    assert [s.site for s in sites] == list(SITE_RANKS) and [s.rank for s in sites] == [2, 4, 8]
    starts = {"edge-north": ("create", "modify", "delete"), "edge-south": ("block", "limit", "ztn"),
              "edge-east": ("fedft", "split", "query", "route")}
    for s in sites:
        assert len(s.train) == 12 and len(s.test) == 4
        assert all(ex.target.startswith(starts[s.site]) for ex in s.train + s.test)
        assert not {ex.prompt for ex in s.test} & {ex.prompt for ex in s.train}
