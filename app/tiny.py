"""``tinylarge tiny train|export|bench``: rebuild the TinyML artifacts, export C, run the benchmark."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()
tiny_app = typer.Typer(help="TinyML node models: detectors, intent classifier, MCU export.", no_args_is_help=True)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def register(app: typer.Typer) -> None:
    app.add_typer(tiny_app, name="tiny")


@tiny_app.command("train")
def train_cmd(what: Annotated[str, typer.Option(help="all | nslkdd | site | intent")] = "all",
              out: Annotated[Path | None, typer.Option(help="Artifact folder (default: tiny_nodes/artifacts).")] = None,
              seed: Annotated[int, typer.Option(help="Training seed (same seed, same artifact).")] = 0) -> None:
    """Retrain the committed int8 artifacts from scratch (needs ../shared/datasets for NSL-KDD)."""
    import torch

    from tiny_nodes.training import build, intent_train

    if what not in ("all", "nslkdd", "site", "intent"):
        raise typer.BadParameter(f"unknown model {what!r}; expected all, nslkdd, site or intent")
    torch.set_num_threads(1)
    out = out or build.ARTIFACTS
    log = console.log
    if what in ("all", "site"):
        console.print(f"site detector -> {build.build_site(out, seed, log=log)}")
    if what in ("all", "nslkdd"):
        console.print(f"NSL-KDD detector -> {build.build_nslkdd(out, seed, log=log)}")
    if what in ("all", "intent"):
        dev_path = SHARED / "datasets/intents/dev.jsonl"
        dev = [json.loads(line) for line in dev_path.read_text().splitlines() if line.strip()] if dev_path.exists() else None
        console.print(f"intent classifier -> {intent_train.build_intent(out, seed, dev=dev, log=log)}")


@tiny_app.command("export")
def export_cmd(out: Annotated[Path, typer.Argument(help="Folder for <name>.h and <name>.c.")],
               model: Annotated[str, typer.Option(help="nslkdd | site | intent")] = "nslkdd") -> None:
    """Write the C header + inference source of a committed int8 model and print its MCU footprint."""
    from tiny_nodes.deployed import artifact_path
    from tiny_nodes.export_c import export_c, footprint
    from tiny_nodes.qmodel import QuantizedMLP

    if model not in ("nslkdd", "site", "intent"):
        raise typer.BadParameter(f"unknown model {model!r}")
    q = QuantizedMLP.load(artifact_path(f"{model}_int8.npz"))
    name = f"{model}_model"
    h, c = export_c(q, out, name)
    fp = footprint(q, out, name)
    for litter in (out / f"{name}.o", out / f"{name}.su"):  # the footprint's compile, not part of the export
        litter.unlink(missing_ok=True)
    console.print(f"{h}, {c}: flash {fp.flash} B (code {fp.text} + constants {fp.rodata}), RAM {fp.ram} B "
                  f"({fp.target}, {fp.compiler})", highlight=False, soft_wrap=True)
    console.print(f"model card (input features, outputs, accuracy): {artifact_path(f'{model}_int8.md')}",
                  highlight=False, soft_wrap=True)


@tiny_app.command("bench")
def bench_cmd() -> None:
    """Run bench/tiny_bench.py (writes bench/results/tiny.json and tiny_size.png)."""
    script = Path(__file__).resolve().parents[1] / "bench/tiny_bench.py"
    if not script.exists():
        console.print(f"[red]error[/]: {script} not found (run from a source checkout)")
        raise typer.Exit(2)
    raise typer.Exit(subprocess.call([sys.executable, str(script)]))
