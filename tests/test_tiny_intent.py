"""Tiny intent classifier: features, labels, calibrated cascade, size; dev.jsonl is only measured (bench)."""
from __future__ import annotations

import numpy as np
import pytest

from tiny_nodes.deployed import artifact_path
from tiny_nodes.intent import LABELS, Featurizer, IntentClassifier, label_of
from tiny_nodes.nslkdd import InputError
from tiny_nodes.training.intent_train import cascade_accuracy, choose_threshold, corpus


@pytest.fixture(scope="module")
def clf() -> IntentClassifier:
    return IntentClassifier.load(artifact_path("intent_int8.npz"))


@pytest.fixture(scope="module")
def heldout():
    return corpus(600, 12345, "heldout")


def test_labels_of_records():
    assert len(LABELS) == 16
    assert label_of({"intents": [{"kind": "query"}, {"kind": "query"}], "error": None}) == "query"
    assert label_of({"intents": [{"kind": "query"}, {"kind": "sdn.block"}], "error": None}) == "multi"
    assert label_of({"intents": [], "error": {"code": "unsafe", "message": "no"}}) == "error:unsafe"
    with pytest.raises(ValueError):
        label_of({"intents": [], "error": None})


def test_featurizer_is_stable_and_checks_input():
    f = Featurizer(256)
    a = f.transform(["Block SSH from gnb-3 to core-1"])
    assert np.array_equal(a, f.transform(["block ssh from gnb-7 to core-2"]))  # digits collapse
    assert np.isclose(np.linalg.norm(a), 1.0) and (a >= 0).all()
    for bad, msg in (("", "empty"), ("   ", "empty"), (None, "expected text"), ("x" * 3000, "characters")):
        with pytest.raises(InputError, match=msg):
            f.transform([bad])


def test_threshold_choice_keeps_cascade_at_hub_accuracy():
    conf = np.array([0.99, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    correct = np.array([1, 1, 1, 1, 0, 1, 0, 0], dtype=bool)
    never = np.zeros(8, dtype=bool)
    thr = choose_threshold(conf, correct, never, hub_accuracy=0.9)
    assert thr == 0.8  # keeping 0.7 would put a wrong answer among the kept ones
    local = conf >= thr
    assert cascade_accuracy(correct, local, 0.9) >= 0.9
    assert choose_threshold(conf, np.zeros(8, dtype=bool), never, 0.9) > 1  # never right: escalate all


def test_committed_classifier_size_and_heldout_accuracy(clf, heldout):
    texts, y = heldout
    assert clf.model.weight_bytes < 100 * 1024 and clf.labels == LABELS
    assert all(layer.w.dtype == np.int8 for layer in clf.model.layers)
    acc = (clf.probs(texts).argmax(axis=1) == y).mean()
    assert acc > 0.8


def test_cascade_escalates_the_unsure_and_multi(clf, heldout):
    texts, y = heldout
    guesses = clf.classify(texts)
    conf = np.array([g.confidence for g in guesses])
    esc = np.array([g.escalate for g in guesses])
    multi = np.array([g.label == "multi" for g in guesses])
    assert np.array_equal(esc, (conf < clf.threshold) | multi)
    assert 0.02 < esc.mean() < 0.6
    right = np.array([LABELS.index(g.label) == t for g, t in zip(guesses, y)])
    assert right[~esc].mean() > right[esc].mean()  # confidence is informative
    # a stricter threshold escalates more; 0 escalates only `multi`
    assert np.mean([g.escalate for g in clf.classify(texts, threshold=0.95)]) > esc.mean()
    assert np.array_equal([g.escalate for g in clf.classify(texts, threshold=0.0)], multi)
    # the node answers most plain requests of one kind itself, and rightly
    blocks = [t for t, k in zip(texts, y) if LABELS[k] == "sdn.block"]
    kept = [g for g in clf.classify(blocks) if not g.escalate]
    assert len(kept) > 0.6 * len(blocks) and np.mean([g.kind == "sdn.block" for g in kept]) > 0.95
