"""NSL-KDD schema, preprocessor (fit, serialise, clear errors) and split loaders."""
from __future__ import annotations

import json

import numpy as np
import pytest

from tiny_nodes.nslkdd import (
    ATTACK_FAMILY,
    CATEGORIES,
    COLUMNS,
    FAMILIES,
    InputError,
    Preprocessor,
    family_of,
    load_raw,
    load_split,
    train_preprocessor,
)


@pytest.fixture(scope="module")
def pre(shared) -> Preprocessor:
    return train_preprocessor()


def test_every_label_in_the_files_has_a_family(shared):
    for split in ("train", "test", "test21"):
        rows, labels = load_raw(split)
        assert len(rows[0]) == len(COLUMNS) == 41
        assert {lbl for lbl in labels} - {"normal"} <= set(ATTACK_FAMILY)
    assert family_of("normal") == 0 and FAMILIES[family_of("smurf")] == "DoS"
    assert FAMILIES[family_of("guess_passwd")] == "R2L" and FAMILIES[family_of("rootkit")] == "U2R"
    with pytest.raises(InputError, match="unknown NSL-KDD label"):
        family_of("not-an-attack")


def test_load_split_shapes_and_labels(shared, pre):
    X, yb, yf = load_split("test")
    assert X.dtype == np.float32 and X.shape == (22544, pre.n_features) == (22544, 38 + 3 + 70 + 11)
    assert np.array_equal(yb, (yf > 0).astype(np.int64))
    assert np.bincount(yf).tolist() == [9711, 7460, 2421, 2885, 67]
    assert np.isfinite(X).all() and np.abs(X).max() <= pre.clip
    with pytest.raises(ValueError, match="unknown split"):
        load_raw("validation")


def test_one_hot_blocks_and_scaling(shared, pre):
    rows, _ = load_raw("train")
    X = pre.transform(rows[:200])
    names = pre.feature_names
    for col, vocab in CATEGORIES.items():
        block = [i for i, n in enumerate(names) if n.startswith(col + "=")]
        assert len(block) == len(vocab)
        assert np.array_equal(X[:, block].sum(axis=1), np.ones(200))
    # the numeric part of the full training split is standardised
    full = pre.transform(rows)
    num = [i for i, n in enumerate(names) if "=" not in n and pre.std[pre.numeric.index(n)] != 1.0]
    assert np.allclose(full[:, num].mean(axis=0), 0, atol=0.05)
    # tftp_u is in the KDD vocabulary but not in the training split: valid input
    row = list(rows[0])
    row[2] = "tftp_u"
    assert pre.transform([row])[0, names.index("service=tftp_u")] == 1.0


def test_roundtrip_through_json(shared, pre):
    rows, _ = load_raw("test")
    again = Preprocessor.from_dict(json.loads(json.dumps(pre.to_dict())))
    assert np.array_equal(again.transform(rows[:500]), pre.transform(rows[:500]))


@pytest.mark.parametrize("mutate, message", [
    (lambda r: r[:40], "expected 41 fields, got 40"),
    (lambda r: r + ["0"], "expected 41 fields, got 42"),
    (lambda r: r[:4] + ["nan"] + r[5:], "src_bytes is nan"),
    (lambda r: r[:4] + [float("inf")] + r[5:], "src_bytes is inf"),
    (lambda r: r[:4] + ["lots"] + r[5:], "src_bytes='lots' is not a number"),
    (lambda r: r[:2] + ["gopher2"] + r[3:], "unknown service 'gopher2'"),
    (lambda r: r[:1] + ["sctp"] + r[2:], "unknown protocol_type 'sctp'"),
    (lambda r: r[:4] + ["-5"] + r[5:], "src_bytes is negative"),
])
def test_bad_rows_raise_clear_errors(shared, pre, mutate, message):
    rows, _ = load_raw("test")
    with pytest.raises(InputError, match=message):
        pre.transform([rows[0], mutate(list(rows[1]))])
    with pytest.raises(InputError, match="expected a sequence"):
        pre.transform(["0,tcp,http"])
