"""Translation benchmark: base model few-shot, base+RAG, LoRA, LoRA+RAG (and other backends) on the dev set.

    .venv/bin/python bench/translate_bench.py                # all configurations, writes bench/results/translate.json
    .venv/bin/python bench/translate_bench.py --only lora_rag --limit 20
    .venv/bin/python bench/translate_bench.py --heldout 300  # synthetic held-out split instead (error study)
    .venv/bin/python bench/translate_bench.py --written w6   # the held-out writer of llm_core/data/written

Scored by ``../shared/tools/score_intents.py`` (the spec's rule); every output is also validated
against the IR JSON schema. The dev set is only read here, to measure: nothing is trained or
tuned on it. Latencies are wall-clock per utterance on this machine, retrieval included.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

import jsonschema  # noqa: E402

from llm_core.model import DEFAULT_ADAPTER  # noqa: E402

RESULTS = REPO / "bench/results"
CONFIGS = ("base_fewshot", "base_fewshot_rag", "lora", "lora_rag", "lora_rag_transformers", "lora_rag_http")


def load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score_intents", SHARED / "tools/score_intents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    v = sorted(values)
    return v[max(0, math.ceil(q * len(v)) - 1)]


def translator_factory(config: str, g: Any, index: Any) -> tuple[Any, Callable[[], None]]:
    """(Translator, cleanup) for one configuration."""
    from llm_core.backends import LlamaCppBackend, OpenAIBackend, TransformersBackend
    from llm_core.retriever import Retriever
    from llm_core.translator import Translator

    rag = config.endswith("_rag") or "_rag_" in config
    retriever = Retriever(index, g) if rag else None
    if config.startswith("base"):
        return Translator(LlamaCppBackend(), g, retriever, few_shot=True), lambda: None
    if config == "lora_rag_transformers":
        return Translator(TransformersBackend.load(DEFAULT_ADAPTER), g, retriever), lambda: None
    if config == "lora_rag_http":
        from llm_core.llama_server import LlamaServer

        server = LlamaServer(DEFAULT_ADAPTER / "adapter.gguf")
        backend = OpenAIBackend(server.url, "tinylarge-ir", server="llamacpp")
        return Translator(backend, g, retriever), server.close
    return Translator(LlamaCppBackend(lora=DEFAULT_ADAPTER / "adapter.gguf"), g, retriever), lambda: None


def run_config(config: str, rows: list[dict], g: Any, index: Any, validator: Any) -> tuple[list[dict], dict]:
    from tqdm import tqdm

    translator, cleanup = translator_factory(config, g, index)
    preds, invalid = [], 0
    try:
        for row in tqdm(rows, desc=config, unit="utt", file=sys.stderr):
            rec = translator.translate(row["text"], row["id"]).to_json()
            invalid += not validator.is_valid(rec)
            preds.append(rec)
    finally:
        cleanup()
    lat = [p["latency_ms"] for p in preds]
    return preds, {"schema_valid": 1 - invalid / len(preds), "latency_ms_p50": percentile(lat, 0.5),
                   "latency_ms_p95": percentile(lat, 0.95), "latency_ms_mean": statistics.fmean(lat)}


def heldout_rows(n: int) -> tuple[list[dict], Any]:
    """Synthetic held-out split (phrasings the adapter never saw) in the dev set's format, metro6g only."""
    from llm_core.training.corpus import generate_corpus
    from netmodel.twin import load_topology

    g = load_topology()
    rows = [{"id": f"h{i}", "text": r["text"], "gold": {"intents": r["intents"], "error": r["error"]}}
            for i, r in enumerate(generate_corpus(g, n, seed=4242, split="heldout"))]
    return rows, g


def written_rows(name: str) -> tuple[list[dict], Any]:
    """A file of the written corpus (the held-out writer by default) in the dev set's format, metro6g."""
    from llm_core.training import written
    from netmodel.twin import load_topology

    rows = written.records([name])
    return [{"id": f"{name}-{i}", "text": r["text"], "gold": {"intents": r["intents"], "error": r["error"]}}
            for i, r in enumerate(rows)], load_topology()


def markdown(results: dict[str, dict]) -> str:
    lines = ["| configuration | backend | exact | field | error code | schema-valid | p50 ms | p95 ms |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        fmt = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
        lines.append(f"| {name} | {r['backend']} | {fmt(r['exact_accuracy'])} | {fmt(r['field_accuracy'])} | "
                     f"{fmt(r['error_code_accuracy'])} | {r['schema_valid']:.3f} | {r['latency_ms_p50']:.0f} | "
                     f"{r['latency_ms_p95']:.0f} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=CONFIGS, help="configurations to run (default: all)")
    ap.add_argument("--limit", type=int, default=0, help="first N utterances only")
    ap.add_argument("--slow-limit", type=int, default=40,
                    help="utterances for the transformers and http backends (latency comparison); 0 = all")
    ap.add_argument("--heldout", type=int, default=0, help="score on N synthetic held-out utterances instead of dev")
    ap.add_argument("--written", default="", help="score on a written-corpus file (e.g. w6, the held-out writer)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    from knowledge.index import KnowledgeIndex
    from netmodel.twin import load_topology

    scorer = load_scorer()
    if args.heldout:
        golds, g = heldout_rows(args.heldout)
        out = args.out or RESULTS / "translate_heldout.json"
    elif args.written:
        golds, g = written_rows(args.written)
        out = args.out or RESULTS / f"translate_{args.written}.json"
    else:
        golds, g = read_jsonl(SHARED / "datasets/intents/dev.jsonl"), load_topology()
        out = args.out or RESULTS / "translate.json"
    if args.limit:
        golds = golds[: args.limit]
    validator = jsonschema.Draft202012Validator(json.loads((REPO / "netmodel/data/intent-ir.schema.json").read_text()))
    index = KnowledgeIndex()
    index.build()
    index.refresh_inventory(g)
    backends = {"lora_rag_transformers": "transformers+peft", "lora_rag_http": "OpenAI HTTP -> llama_cpp.server"}
    results: dict[str, dict] = {}
    predictions: dict[str, list[dict]] = {}
    for config in args.only or CONFIGS:
        rows = golds
        if config in backends and args.slow_limit:
            rows = golds[: args.slow_limit]
        t = time.time()
        preds, extra = run_config(config, [{"id": r["id"], "text": r["text"]} for r in rows], g, index, validator)
        metrics = scorer.score(rows, preds)
        results[config] = {"backend": backends.get(config, "llama.cpp"), "n": len(rows),
                           **{k: metrics[k] for k in ("exact_accuracy", "field_accuracy", "error_code_accuracy",
                                                      "per_kind_accuracy", "per_error_code_accuracy",
                                                      "malformed_predictions")},
                           **extra, "wall_s": round(time.time() - t, 1)}
        predictions[config] = preds
        print(f"{config}: exact {metrics['exact_accuracy']:.3f}  p50 {extra['latency_ms_p50']:.0f} ms", file=sys.stderr)
    adapter = {f.name: f.stat().st_size for f in sorted(DEFAULT_ADAPTER.iterdir()) if f.is_file()}
    dataset = "synthetic held-out split" if args.heldout else \
        f"llm_core/data/written/{args.written}.jsonl" if args.written else "shared/datasets/intents/dev.jsonl"
    doc = {"dataset": dataset,
           "n": len(golds), "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores (shared with other jobs)",
           "adapter_bytes": adapter, "results": results, "table_md": markdown(results)}
    if "lora" in results and "base_fewshot" in results:
        gain = results["lora"]["exact_accuracy"] - results["base_fewshot"]["exact_accuracy"]
        doc["lora_minus_base_points"] = round(100 * gain, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=1) + "\n")
    out.with_name(out.stem + "_predictions.json").write_text(json.dumps(predictions, indent=0) + "\n")
    print(doc["table_md"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
