"""``tinylarge translate | train-adapter | knowledge``: the hub's language brain on the command line."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from .options import Db, refusals, store_for

err = Console(stderr=True)

knowledge_app = typer.Typer(help="The knowledge base (chromadb): index documents and inventory, search.",
                            no_args_is_help=True)

def register(app: typer.Typer) -> None:
    """Add ``translate``, ``train-adapter`` and ``knowledge`` to the ``tinylarge`` app."""
    app.command("translate")(translate)
    app.command("train-adapter")(train_adapter)
    app.add_typer(knowledge_app, name="knowledge")


def _read_rows(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise typer.BadParameter(f"{path}:{n}: not JSON ({e.msg})") from None
        if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
            raise typer.BadParameter(f"{path}:{n}: each line needs an id and a text")
        rows.append(row)
    return rows


def translate(
    input: Annotated[Path, typer.Option("--input", "-i", exists=True, dir_okay=False, help="JSONL of {id, text}.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL of {id, intents, error, latency_ms}.")],
    backend: Annotated[str, typer.Option(help="auto | transformers | llamacpp | http")] = "auto",
    adapter: Annotated[Path | None, typer.Option(help="LoRA adapter dir (default: the committed tinylarge-ir).")] = None,
    base: Annotated[bool, typer.Option("--base", help="No adapter: the base model with the few-shot prompt.")] = False,
    rag: Annotated[bool, typer.Option("--rag/--no-rag", help="Retrieval context from the knowledge base.")] = True,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible /v1 endpoint for --backend http.")] = None,
    model: Annotated[str, typer.Option(help="Model (LoRA module) name on the http server.")] = "tinylarge-ir",
    server: Annotated[str, typer.Option(
        help="Kind of http server, for how it takes the grammar: vllm (structured_outputs), vllm-guided "
             "(vLLM < 0.12), llamacpp, none.")] = "llamacpp",
    db: Db = None,
) -> None:
    """Translate operator requests into intent IR records (validated against the IR schema)."""
    from tqdm import tqdm

    from llm_core.hub import load_translator
    from llm_core.model import DEFAULT_ADAPTER

    rows = _read_rows(input)
    try:
        tr = load_translator(store_for(db), backend=backend, adapter=None if base else (adapter or DEFAULT_ADAPTER),
                             rag=rag, base_url=base_url, model=model,
                             server=server)
    except (FileNotFoundError, ValueError) as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as f:
        for rec in tqdm(tr.translate_many(rows), total=len(rows), desc="translate", unit="utt", file=sys.stderr,
                        disable=None):  # a bar on a terminal, not in a log
            f.write(json.dumps(rec.to_json()) + "\n")
    err.print(f"wrote {len(rows)} records to {output}")


def train_adapter(
    out: Annotated[Path | None, typer.Option(help="Adapter directory (default: llm_core/adapters/tinylarge-ir).")] = None,
    examples: Annotated[int, typer.Option(help="Template-corpus training utterances.")] = 6000,
    written_copies: Annotated[int, typer.Option(help="Renderings of each written utterance (0: templates only).")] = 4,
    steps: Annotated[int, typer.Option(help="Optimiser steps.")] = 750,
    batch_size: Annotated[int, typer.Option(help="Training utterances per step.")] = 8,
    lr: Annotated[float, typer.Option(help="AdamW learning rate of the LoRA weights.")] = 2e-3,
    seed: Annotated[int, typer.Option(help="Seed of the corpus and the LoRA init.")] = 0,
    eval_n: Annotated[int, typer.Option("--eval", help="Held-out synthetic utterances for the card (0: skip).")] = 150,
    threads: Annotated[int, typer.Option(help="torch CPU threads (1 is fastest on a busy shared machine).")] = 1,
    split: Annotated[str, typer.Option(help="Corpus phrasings: all, or train (keeps the heldout ones unseen).")] = "all",
    resume: Annotated[Path | None, typer.Option(exists=True, file_okay=False,
                                                help="Continue training this adapter (use another --seed).")] = None,
    focus: Annotated[list[str] | None, typer.Option(help="WRITER=N: N renderings of that writer's utterances "
                                                         "(the writers a round is about).")] = None,
) -> None:
    """Generate the corpus, LoRA-fine-tune the base model on CPU, save adapter + GGUF LoRA + card."""
    from llm_core.model import DEFAULT_ADAPTER
    from llm_core.training.finetune import train_adapter as run

    weights = {}
    for item in focus or []:
        writer, _, n = item.partition("=")
        if not n.isdigit():
            raise typer.BadParameter(f"{item!r}: expected WRITER=N, e.g. w25=12", param_hint="--focus")
        weights[writer] = int(n)
    card = run(out or DEFAULT_ADAPTER, n_examples=examples, written_copies=written_copies, steps=steps,
               batch_size=batch_size, lr=lr, seed=seed, eval_n=eval_n, threads=threads, split=split, resume=resume,
               focus=weights)
    err.print(f"loss {card['loss']['first_20']} -> {card['loss']['last_20']}; "
              f"eval: {card.get('eval', 'skipped')}; saved to {out or DEFAULT_ADAPTER}")


@knowledge_app.command("index")
@refusals
def knowledge_index(db: Db = None) -> None:
    """(Re-)index the documents and the store's live inventory in chromadb."""
    from knowledge.index import KnowledgeIndex

    store = store_for(db)
    index = KnowledgeIndex()
    docs = index.build()
    inv = index.refresh_inventory(store.topology(), store.running()[1])
    err.print(f"embedded {docs} document chunks and {inv} inventory chunks; now {index.stats()} at {index.path}")


@knowledge_app.command("search")
@refusals
def knowledge_search(text: Annotated[str, typer.Argument(help="What to look for, in your words.")],
                     k: Annotated[int, typer.Option("--k", min=1, max=50, help="How many chunks to show.")] = 4,
                     inventory: Annotated[bool, typer.Option(
                         help="Search the inventory (nodes, slices, policies) instead of the documents.")] = False,
                     db: Db = None) -> None:
    """Nearest knowledge chunks to TEXT, each shown whole (a runbook step with its action).

    The first search on a new home indexes the shipped documents (and the store's inventory) once.
    Most of a search's time is loading the embedding model in this process; the API server and
    the hub keep it loaded.
    """
    from knowledge.index import KnowledgeIndex

    t0 = time.perf_counter()
    index = KnowledgeIndex()
    loaded = time.perf_counter()
    _index_on_first_use(index, db, inventory)
    started = time.perf_counter()
    hits = index.search(text, k, inventory=inventory)
    done = time.perf_counter()
    for hit in hits:
        typer.echo(f"{hit.distance:.3f}  {hit.id}\n{hit.text}\n")
    err.print(f"search {1000 * (done - started):.0f} ms; loading chromadb and the embedding model took "
              f"{loaded - t0:.1f} s of this process", highlight=False)


def _index_on_first_use(index: Any, db: str | None, inventory: bool) -> None:
    """Build what a search needs if this home has never been indexed (said on stderr: it takes a while)."""
    stats = index.stats()
    if stats["docs"] == 0:
        err.print(f"first use: indexing the shipped documents into {index.path} (once)…", highlight=False)
        index.build()
    if inventory and stats["inventory"] == 0:
        store = store_for(db)
        err.print("first use: indexing the store's inventory (refresh with `tinylarge knowledge index`)…")
        index.refresh_inventory(store.topology(), store.running()[1])
