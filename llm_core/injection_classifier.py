"""A learned second reader for prompt injection, behind the guard's rules.

The rules of :mod:`llm_core.guard` name what an injection does; measured on a red-team set written by someone
who never saw them, they catch about three attacks in four: attackers find words no rule lists. This
classifier (word and character n-grams, logistic regression; scikit-learn) learns the register instead, from
the guard's development sets (three red-team writers: attacks and look-alikes) against every request of the
written corpus and the template corpus. Fitted on two of the red-team writers, it catches on its own 75 of the
third writer's 100 attacks and refuses none of its 100 look-alikes (the card, ``injection_classifier.json``, has
every split); it reads only what the rules let through.

    python -m llm_core.injection_classifier train    # llm_core/data/injection_classifier.joblib + .json card
"""
from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

DATA = Path(str(resources.files("llm_core"))) / "data"
MODEL_FILE = DATA / "injection_classifier.joblib"
DEV_SETS = Path(__file__).resolve().parents[1] / "tests" / "data"
THRESHOLD = 0.6
"""Probability from which a text the rules let through is refused (measured per unseen red-team writer on the card)."""


def red_team(names: tuple[str, ...] = ("injection_dev", "injection_dev_b", "injection_dev_c")) -> list[dict[str, Any]]:
    """The guard's development sets: ``{"text", "kind": "attack" | "benign", ...}`` per line."""
    return [json.loads(line) for name in names for line in (DEV_SETS / f"{name}.jsonl").read_text().splitlines() if line]


def corpus() -> tuple[list[dict[str, Any]], list[str]]:
    """The written corpus's injections (as red-team records) and the texts people mean as requests: written and
    template utterances. No held-out writer; not ``w32``, which is the red-team sets again."""
    from netmodel.twin import load_topology

    from .training import written
    from .training.corpus import generate_corpus

    g = load_topology()
    rows = [r for r in written.load(g=g) if r.get("writer") != "w32"] + generate_corpus(g, 3000, seed=5, split="all")
    unsafe = [r for r in rows if r.get("error") and r["error"]["code"] == "unsafe"]
    return ([{"text": r["text"], "kind": "attack"} for r in unsafe if "inject" in r["error"]["message"].casefold()],
            [r["text"] for r in rows if r not in unsafe])


def fit(attacks: list[dict[str, Any]], benign: list[str], weight: float = 3.0) -> Any:
    """The pipeline fitted on red-team records (``weight`` each: they are few) and benign request texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    texts = [r["text"] for r in attacks] + benign
    labels = [r["kind"] == "attack" for r in attacks] + [False] * len(benign)
    weights = [weight] * len(attacks) + [1.0] * len(benign)
    model = make_pipeline(make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                                     max_features=60_000),
                                     TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_features=30_000)),
                          LogisticRegression(C=4, max_iter=2000, class_weight="balanced"))
    return model.fit(texts, labels, logisticregression__sample_weight=weights)


def caught(model: Any, rows: list[dict[str, Any]]) -> dict[str, int]:
    p = model.predict_proba([r["text"] for r in rows])[:, 1]
    return {"attacks": sum(r["kind"] == "attack" for r in rows),
            "attacks_caught": int(sum(q >= THRESHOLD for q, r in zip(p, rows) if r["kind"] == "attack")),
            "benign": sum(r["kind"] == "benign" for r in rows),
            "benign_refused": int(sum(q >= THRESHOLD for q, r in zip(p, rows) if r["kind"] == "benign"))}


def train(out: Path = MODEL_FILE) -> dict[str, Any]:
    """Fit on every red-team set; the card holds, for each set, the figures of a model fitted on the other two."""
    import joblib

    names = ("injection_dev", "injection_dev_b", "injection_dev_c")
    written_attacks, benign = corpus()
    splits = {name: caught(fit(red_team(tuple(n for n in names if n != name)) + written_attacks, benign), red_team((name,)))
              for name in names}
    t = time.time()
    model = fit(red_team(names) + written_attacks, benign)
    joblib.dump(model, out, compress=3)
    card = {"threshold": THRESHOLD, "red_team_sets": list(names), "written_injections": len(written_attacks),
            "benign_requests": len(benign),
            "fit_seconds": round(time.time() - t, 1), "size_bytes": out.stat().st_size,
            "each_set_unseen": splits}
    out.with_suffix(".json").write_text(json.dumps(card, indent=1) + "\n")
    return card


@functools.cache
def _model() -> Any:
    import joblib

    return joblib.load(MODEL_FILE)


def probability(text: str) -> float:
    """How likely ``text`` carries an instruction to the model, by the trained classifier."""
    return float(_model().predict_proba([text])[0, 1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["train"])
    ap.parse_args()
    print(json.dumps(train(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
