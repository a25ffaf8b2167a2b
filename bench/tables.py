"""Render bench/results/*.json as the README's markdown tables.

    python bench/tables.py            # print every table
    python bench/tables.py --write    # replace the <!-- bench:NAME --> blocks in README.md

Each results file has one renderer here, so the README never drifts from the measured numbers.
"""
from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench/results"


def compile_table(d: dict) -> str:
    topos = list(dict.fromkeys(r["topology"] for r in d["results"]))
    intents = list(dict.fromkeys(r["intent"] for r in d["results"]))
    cell = {(r["topology"], r["intent"]): r for r in d["results"]}
    nodes = {r["topology"]: r["nodes"] for r in d["results"]}
    lines = [f"| intent (compile + verify, p50 of {d['reps']}) | "
             + " | ".join(f"{t} ({nodes[t]:,} nodes)" for t in topos) + " |",
             "|---" * (len(topos) + 1) + "|"]
    for i in intents:
        lines.append(f"| {i} | " + " | ".join(f"{cell[t, i]['total_ms_p50']:.1f} ms" for t in topos) + " |")
    return "\n".join(lines)


def fl_table(d: dict) -> str:
    """fl_bench owns its table layout (it imports torch, so only load it when fl.json exists)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fl_bench", ROOT / "bench/fl_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.markdown(d)


def translate_table(d: dict) -> str:
    size = sum(v for k, v in d["adapter_bytes"].items() if k.endswith((".safetensors", ".gguf")))
    note = (f"\n\n{d['n']} utterances of `{d['dataset']}`; adapter files {size / 1e6:.1f} MB (peft safetensors + GGUF LoRA)"
            + (f"; LoRA − few-shot base: {d['lora_minus_base_points']:+.1f} points" if "lora_minus_base_points" in d else ""))
    partial = [f"{k} ({r['n']})" for k, r in d["results"].items() if r["n"] != d["n"]]
    if partial:
        note += "; on the first utterances only (latency comparison): " + ", ".join(partial)
    return d["table_md"] + note


def store_table(d: dict) -> str:
    lines = ["| backend | writers | commits | commits/s | p50 ms | p95 ms | conflicts (re-planned) | lost updates |",
             "|---|---|---|---|---|---|---|---|"]
    for r in d["rows"]:
        lines.append(f"| {r['backend']} | {r['writers']} | {r['commits']} | {r['commits_per_s']:g} | {r['p50_ms']:g} | "
                     f"{r['p95_ms']:g} | {r['conflicts']} | {r['lost_updates']} |")
    return "\n".join(lines)


RENDERERS: dict[str, Callable[[dict], str]] = {"compile": compile_table, "tiny": lambda d: d["markdown"],
                                               "fl": fl_table, "translate": translate_table,
                                               "translate_robust": lambda d: d["markdown"], "store": store_table,
                                               "agent": lambda d: d["markdown"], "collab": lambda d: d["markdown"],
                                               "loop": lambda d: d["markdown"], "dataplane": lambda d: d["markdown"],
                                               "api": lambda d: d["markdown"]}


def tables() -> dict[str, str]:
    out = {}
    for name, render in RENDERERS.items():
        path = RESULTS / f"{name}.json"
        if path.exists():
            out[name] = render(json.loads(path.read_text()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="update README.md in place")
    args = ap.parse_args()
    rendered = tables()
    if not args.write:
        for name, table in rendered.items():
            print(f"## {name}\n{table}\n")
        return
    readme = ROOT / "README.md"
    text = readme.read_text()
    for name, table in rendered.items():
        pattern = re.compile(rf"(<!-- bench:{name} -->\n).*?(<!-- /bench:{name} -->)", re.S)
        text, n = pattern.subn(lambda m, t=table: m.group(1) + t + "\n" + m.group(2), text)
        if not n:
            print(f"README.md has no <!-- bench:{name} --> block; skipped")
    readme.write_text(text)


if __name__ == "__main__":
    main()
