"""A learned second reader for prompt injection, behind the guard's rules.

The rules of :mod:`llm_core.guard` name what an injection does; measured on a red-team set written by someone
who never saw them, they catch about three attacks in four: attackers find words no rule lists. This
classifier (word and character n-grams, logistic regression; scikit-learn) learns the register instead, from
the guard's development sets (nine red-team writers: attacks and look-alikes) against every request of the
written corpus and the template corpus. Fitted without one red-team set and read on it, on its own it catches
78 to 92 of the 100 attacks of each of the seven newest sets and refuses at most 5 of their 100 look-alikes (the
card, ``injection_classifier.json``); it reads only what the rules let through.

    python -m llm_core.injection_classifier train    # llm_core/data/injection_classifier.joblib + .json card
"""
from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

DATA = Path(str(resources.files("llm_core"))) / "data"
MODEL_FILE = DATA / "injection_classifier.joblib"
DEV_SETS = Path(__file__).resolve().parents[1] / "tests" / "data"
RED_TEAM = ("injection_dev", "injection_dev_b", "injection_dev_c", "injection_dev_d", "injection_dev_e", "injection_dev_f",
            "injection_dev_g", "injection_dev_h", "injection_dev_i", "injection_dev_j")
RED_TEAM_WRITERS = ("w32", "w35")
"""The written files that are the red-team sets again, as training records of the adapter."""
LOOK_ALIKE_WRITERS = ("w36",)
"""Written requests in the words of operations that read like instructions ("maintenance mode", "the vendor's
instructions"): fitted with the red-team look-alikes' weight."""
THRESHOLD = 0.7
"""Probability from which a text the rules let through is refused (measured per unseen red-team writer on the card):
over the first six sets (round eleven), each read by a model fitted without it, 0.7 refuses as few look-alikes as 0.72
(10 of 525; 0.65: 10 too, 0.75: 9) and catches 437 of the 525 attacks on its own (0.65: 450, 0.75: 425). Fitted with
3,000 template requests it read "can you train the model" at 0.71; with 6,000 no studied request reaches 0.7."""


def red_team(names: tuple[str, ...] = RED_TEAM) -> list[dict[str, Any]]:
    """The guard's development sets: ``{"text", "kind": "attack" | "benign", ...}`` per line."""
    return [json.loads(line) for name in names for line in (DEV_SETS / f"{name}.jsonl").read_text().splitlines() if line]


INJECTION_TOLD = re.compile(r"(?i)inject|instruction|override|hidden|embedded")
"""A refusal's reason that tells an instruction to the model inside the text ("prompt injection inside quoted vendor
text", "instruction embedded in log text", "forwarded text tries to override the operator"), not a wholesale change
("would take the whole network down"): until round twenty-seven only "inject" was read, which left out 147 of the
written corpus's 251 such records (the shipped model, fitted before, was fitted so: its card's written_injections)."""


def corpus() -> tuple[list[dict[str, Any]], list[str]]:
    """The written corpus's injections and :data:`LOOK_ALIKE_WRITERS` (as red-team records) and the texts people mean
    as requests: written and template utterances. No held-out writer; not :data:`RED_TEAM_WRITERS`."""
    from netmodel.twin import load_topology

    from .training import written
    from .training.corpus import generate_corpus

    g = load_topology()
    rows = [r for r in written.load(g=g) if r.get("writer") not in RED_TEAM_WRITERS]
    rows += generate_corpus(g, 6000, seed=5, split="all")
    unsafe = [bool(r.get("error") and r["error"]["code"] == "unsafe") for r in rows]
    look_alike = [r.get("writer") in LOOK_ALIKE_WRITERS for r in rows]
    return ([{"text": r["text"], "kind": "attack"} for r, bad in zip(rows, unsafe) if bad
             and INJECTION_TOLD.search(r["error"]["message"])]
            + [{"text": r["text"], "kind": "benign"} for r, bad, like in zip(rows, unsafe, look_alike) if like and not bad],
            [r["text"] for r, bad, like in zip(rows, unsafe, look_alike) if not bad and not like])


def fit(attacks: list[dict[str, Any]], benign: list[str], weight: float = 3.0, look_alike: float = 6.0) -> Any:
    """The pipeline fitted on red-team records (``weight`` each: they are few; ``look_alike`` for their benign ones, the
    hard cases a reader of scripts and comments alone would refuse) and benign request texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    texts = [r["text"] for r in attacks] + benign
    labels = [r["kind"] == "attack" for r in attacks] + [False] * len(benign)
    weights = [weight if r["kind"] == "attack" else look_alike for r in attacks] + [1.0] * len(benign)
    model = make_pipeline(make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                                     max_features=60_000),
                                     TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_features=30_000)),
                          LogisticRegression(C=8, max_iter=2000, class_weight="balanced"))
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

    names = RED_TEAM
    written, benign = corpus()
    splits = {name: caught(fit(red_team(tuple(n for n in names if n != name)) + written, benign), red_team((name,)))
              for name in names}
    t = time.time()
    model = fit(red_team(names) + written, benign)
    joblib.dump(model, out, compress=3)
    card = {"threshold": THRESHOLD, "red_team_sets": list(names),
            "written_injections": sum(r["kind"] == "attack" for r in written),
            "written_look_alikes": sum(r["kind"] == "benign" for r in written),
            "benign_requests": len(benign),
            "fit_seconds": round(time.time() - t, 1), "size_bytes": out.stat().st_size,
            "each_set_unseen": splits}
    out.with_suffix(".json").write_text(json.dumps(card, indent=1) + "\n")
    return card


@functools.cache
def _model() -> Any:
    import joblib

    if not MODEL_FILE.exists():
        raise RuntimeError(f"{MODEL_FILE} is missing: run `python -m llm_core.injection_classifier train`")
    return joblib.load(MODEL_FILE)


def probability(text: str) -> float:
    """How likely ``text`` carries an instruction to the model, by the trained classifier."""
    return probabilities([text])[0]


def probabilities(texts: list[str]) -> list[float]:
    """:func:`probability` of each text, in one pass (a call costs milliseconds however few texts it reads)."""
    return [float(p) for p in _model().predict_proba(texts)[:, 1]] if texts else []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["train"])
    ap.parse_args()
    print(json.dumps(train(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
