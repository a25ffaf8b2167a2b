"""``tinylarge topo|intent|policies|audit|demo``: the network model on the command line.

Every refusal prints one line (``error: <code>: <message>``) and exits non-zero; nothing is
changed by a command that fails.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from netmodel.limits import MAX_VERSION

from .options import (
    Db,
    DriverName,
    Topology,
    confirm_hint,
    err_console,
    expired_note,
    manager_for,
    network_for,
    refusals,
    store_for,
)

console = Console()


topo_app = typer.Typer(help="Show or generate network topologies.", no_args_is_help=True)
intent_app = typer.Typer(help="Apply intents (IR JSON) to the network.", no_args_is_help=True)
policies_app = typer.Typer(help="Policy versions: list, show, rollback, confirm.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(topo_app, name="topo")
    app.add_typer(intent_app, name="intent")
    app.add_typer(policies_app, name="policies")
    app.command("audit")(audit)
    app.command("demo")(demo)


# -- topo --------------------------------------------------------------------------------------
@topo_app.command("show")
@refusals
def topo_show(db: Db = None,
              topology: Annotated[Path | None, typer.Option(
                  help="Show this node-link JSON file instead of the store's twin.")] = None,
              links: Annotated[bool, typer.Option("--links", help="List every link with its state.")] = False) -> None:
    """Summary of the twin: nodes per role, links, capacity and reservations."""
    from netmodel import twin

    g = twin.load_topology(topology) if topology else store_for(db).topology()
    if not topology:
        from netmodel.policy import apply_reservations

        apply_reservations(g, store_for(db).running()[1])
    s = twin.summary(g)
    console.print(f"[bold]{s['name']}[/]: {s['nodes']} nodes, {s['links']} links ({s['links_down']} down), "
                  f"{s['capacity_mbps'] / 1000:g} Gbit/s capacity, {s['reserved_mbps']:g} Mbit/s reserved by "
                  f"{s['slices']} slice(s) ({s['link_reserved_mbps']:g} Mbit/s summed over the links they cross)",
                  highlight=False, soft_wrap=True)
    t = Table("role", "count", "nodes")
    for role in twin.ROLE_ORDER:
        nodes = twin.nodes_by_role(g, role)
        if nodes:
            shown = ", ".join(nodes[:8]) + (f", … (+{len(nodes) - 8})" if len(nodes) > 8 else "")
            t.add_row(role, str(len(nodes)), shown)
    console.print(t)
    if links:
        lt = Table("link", "capacity Mbit/s", "latency ms", "reserved Mbit/s", "up")
        for u, v, d in sorted(g.edges(data=True)):
            lt.add_row(f"{u}--{v}", f"{d['capacity_mbps']:g}", f"{d['latency_ms']:g}",
                       f"{sum(d['reserved'].values()):g}", "yes" if d["up"] else "[red]down[/]")
        console.print(lt)


@topo_app.command("generate")
@refusals
def topo_generate(nodes: Annotated[int, typer.Option(help="Number of nodes (25 to 20000).")] = 1000,
                  seed: Annotated[int, typer.Option(help="Random seed (same seed, same graph).")] = 0,
                  output: Annotated[Path, typer.Option(
                      "--output", "-o", help="Where to write the node-link JSON.")] = Path("topology.json")) -> None:
    """Generate a metro topology with metro6g's roles and tiers."""
    from netmodel import twin

    g = twin.generate_metro(nodes, seed)
    output.write_text(json.dumps(twin.to_node_link(g)))
    s = twin.summary(g)
    console.print(f"wrote {output}: {s['nodes']} nodes, {s['links']} links, roles {s['roles']}")


# -- intents -----------------------------------------------------------------------------------
@intent_app.command("apply")
@refusals
def intent_apply(file: Annotated[Path | None, typer.Argument(
                     help="JSON or JSONL: one intent, a list, or `translate` records (one per line).")] = None,
                 text: Annotated[str | None, typer.Option(
                     "--text", help="Translate this sentence with the hub model, then apply it.")] = None,
                 db: Db = None, topology: Topology = None,
                 batch: Annotated[bool, typer.Option(
                     "--batch", help="All records as one change, whole or nothing (default: each record on its own).")] = False,
                 dry_run: Annotated[bool, typer.Option(
                     "--dry-run", help="Compile, verify and show the diff; change nothing.")] = False,
                 driver: DriverName = "twin",
                 confirm_timeout: Annotated[float | None, typer.Option(
                     help="Commit-confirmed: roll back unless `policies confirm` within this many seconds.")] = None) -> None:
    """Compile, verify and apply intents from FILE (or --text); `query` intents are answered.

    Each record is applied whole or not at all; a record the translator refused is reported with
    its reason. Exit code 1 when any record was refused.
    """
    from netmodel.manager import read_records

    if (file is None) == (text is None):
        raise ValueError("give a FILE of intents or --text \"...\", not both")
    m = manager_for(db, topology, driver)
    records = read_records(file) if file else [_translated(m, text)]
    if batch:
        records = [{"id": "batch", "intents": [i for r in records for i in _intents_of(r)], "error": None}]
    refused = sum(not _apply_record(m, r, db, multi=len(records) > 1, text=text, dry_run=dry_run,
                                    confirm_timeout=confirm_timeout) for r in records)
    if refused:
        raise typer.Exit(1)


def _intents_of(record: dict[str, Any]) -> list[dict]:
    """A record's intents, or its translator error as a refusal (``--batch``: before anything applies)."""
    from netmodel.manager import parse_intents

    parse_intents(record)
    return record["intents"]


def _translated(m: Any, text: str) -> dict[str, Any]:
    """One sentence through the real hub translator (its JSON record)."""
    from llm_core.hub import load_translator

    with err_console.status("loading the hub translator (Gemma 3 270M + LoRA)…"):
        rec = load_translator(m.store).translate(text, "text").to_json()
    intents = ", ".join(json.dumps(i, ensure_ascii=False) for i in rec["intents"])
    err_console.print(f"translated in {rec['latency_ms']:.0f} ms: {intents or 'no intents'}", highlight=False, soft_wrap=True)
    return rec


def _apply_record(m: Any, record: dict[str, Any], db: str | None, *, multi: bool, text: str | None,
                  dry_run: bool, confirm_timeout: float | None) -> bool:
    """Answer the record's queries and apply its changes; False (after one error line) when refused."""
    from netmodel import ir
    from netmodel.errors import TinyLargeError
    from netmodel.manager import parse_intents

    label = f"{record.get('id')}: " if multi else ""
    try:
        intents = parse_intents(record)
        for q in (i for i in intents if isinstance(i, ir.Query)):
            print(json.dumps(m.answer(q), indent=2, ensure_ascii=False, default=str))
        changes = [i for i in intents if not isinstance(i, ir.Query)]
        if changes:
            result = m.apply(changes, text=text, source="cli", dry_run=dry_run, confirm_timeout_s=confirm_timeout)
            show_result(result, label, m, db)
    except TinyLargeError as e:
        err_console.print(f"[red]error:[/] {label}{e.code}: {e.message}", highlight=False, soft_wrap=True)
        return False
    return True


def show_result(result: Any, label: str = "", m: Any = None, db: str | None = None) -> None:
    for line in result.diff or ["(no change)"]:
        colour = {"+": "green", "-": "red", "~": "yellow"}.get(line[:1], "white")
        console.print(f"[{colour}]{line}[/]", highlight=False, soft_wrap=True)
    where = f"version {result.version}" if result.version else "nothing committed"
    if result.status == "no_change":
        kept = ", ".join(k for keys in result.produced.values() for k in keys)
        where += f"; already in force: {kept}" if kept else ""
    console.print(f"{label}[bold]{result.status}[/] ({where}; intents {', '.join(result.intent_ids)})",
                  highlight=False, soft_wrap=True)
    if result.status == "pending_confirm":
        console.print(pending_line(m.network.pending(), db), highlight=False, soft_wrap=True)


def pending_line(row: Any, db: str | None) -> str:
    """When a pending commit-confirmed rolls back, and the exact command that keeps it."""
    return (f"[yellow]version {row.id} rolls back at {row.confirm_by:%Y-%m-%d %H:%M:%S} UTC unless confirmed:[/] "
            f"{confirm_hint(db)}")


# -- policies ----------------------------------------------------------------------------------
@policies_app.command("list")
@refusals
def policies_list(db: Db = None, limit: Annotated[int, typer.Option(
                      min=1, max=1000, help="How many versions.")] = 20) -> None:
    """Policy versions, newest first (* = running)."""
    store = store_for(db)
    t = Table("version", "", "created (UTC)", "objects", "by", "message")
    for v in store.versions(limit):
        mark = "*" if v.active else ""
        if v.active and not v.confirmed:
            mark = "* (unconfirmed)"
        t.add_row(str(v.id), mark, v.created_at.strftime("%Y-%m-%d %H:%M:%S"), str(v.n_objects), v.actor, v.message)
    console.print(t)
    pending = store.pending_confirmation()
    if pending is not None:
        console.print(pending_line(pending, db), highlight=False, soft_wrap=True)


@policies_app.command("show")
@refusals
def policies_show(version: Annotated[int | None, typer.Argument(
                      min=1, max=MAX_VERSION, help="Version (default: running).")] = None,
                  db: Db = None, as_json: Annotated[bool, typer.Option(
                      "--json", help="Print the policy set as JSON.")] = False) -> None:
    """The objects of one policy version."""
    from netmodel.policy import PolicySet

    store = store_for(db)
    if version is None:
        version, ps = store.running()
    else:
        ps = PolicySet.model_validate_json(store.version(version).policies)
    if as_json:
        print(json.dumps(ps.model_dump(mode="json"), indent=2))
        return
    console.print(f"[bold]version {version}[/]: {len(ps)} object(s)")
    for section, obj in ps.objects():
        console.print(f"  {section}/{obj.key()}: {obj.summary()}", highlight=False, soft_wrap=True)


@policies_app.command("rollback")
@refusals
def policies_rollback(version: Annotated[int | None, typer.Argument(
                          min=0, max=MAX_VERSION, help="Version id to restore (0: no policies).")] = None,
                      back: Annotated[int | None, typer.Option(
                          "--back", min=1, max=MAX_VERSION,
                          help="Restore the configuration N commits ago (Junos `rollback N`).")] = None,
                      dry_run: Annotated[bool, typer.Option(
                          "--dry-run", help="Show what the rollback would change; change nothing.")] = False,
                      driver: DriverName = "twin", db: Db = None) -> None:
    """Restore an earlier version as a new version, showing the change first.

    VERSION is a version id (0: no policies, as before the first commit); --back N counts commits
    back from the running one; with neither, the last confirmed earlier version that differs from
    the running one (a change that expired unconfirmed is never brought back by it).
    """
    from netmodel.store import Store

    if version is not None and back is not None:
        raise ValueError("give a VERSION or --back N, not both")
    store = Store.open(db)
    expired = expired_note(store) is not None
    m = network_for(store, driver)  # the device follows the store (an expiry too)
    if expired and version is None and back is None:
        console.print("the expiry was the rollback; nothing more rolled back")
        return
    target = m.rollback_target(version, back)
    console.print(f"[bold]rollback to {version_label(target)}[/]", highlight=False)
    if target and not store.version(target).confirmed:
        console.print(f"[yellow]note:[/] version {target} was a commit-confirmed change that was never confirmed",
                      highlight=False)
    for line in m.driver.diff(m.running, m.policies_of(target)).lines() or ["(no change)"]:
        console.print(line, highlight=False, soft_wrap=True)
    if dry_run:
        console.print("[bold]dry run[/]: nothing changed")
        return
    new = m.rollback(target, reason=f"rollback to {version_label(target)}")
    console.print(f"[bold]rolled back[/]: version {new} is running ({version_label(target)} restored)", highlight=False)


def version_label(version: int) -> str:
    """Version 0 is not a stored version: it names the empty set in force before the first commit."""
    return f"version {version}" if version else "version 0 (no policies: as before the first commit)"


@policies_app.command("confirm")
@refusals
def policies_confirm(db: Db = None) -> None:
    """Confirm a commit-confirmed version before its timeout."""
    console.print(f"version {manager_for(db).confirm()} confirmed")


# -- audit and demo ----------------------------------------------------------------------------
@refusals
def audit(db: Db = None, limit: Annotated[int, typer.Option(min=1, max=1000, help="How many entries.")] = 30,
          as_json: Annotated[bool, typer.Option("--json", help="Print the entries as a JSON list.")] = False) -> None:
    """The append-only audit log, newest first."""
    entries = store_for(db).audit(limit)
    if as_json:
        print(json.dumps([a.model_dump(mode="json") for a in entries], indent=2, ensure_ascii=False))
        return
    t = Table("#", "time (UTC)", "actor", "action", "version", "detail")
    for a in entries:
        t.add_row(str(a.seq), a.ts.strftime("%Y-%m-%d %H:%M:%S"), a.actor, a.action, str(a.version_id or ""),
                  _readable(a.detail))
    console.print(t)


def _readable(detail: dict[str, Any], width: int = 90) -> str:
    """``key: value`` pairs as an operator reads them (no JSON escapes such as ``\\u2264``)."""
    text = "; ".join(f"{k}: {v if isinstance(v, str) else json.dumps(v, default=str, ensure_ascii=False)}"
                     for k, v in detail.items())
    return text[:width] + ("…" if len(text) > width else "")


@refusals
def demo(db: Annotated[str | None, typer.Option("--db", help="Store to use (default: a fresh temporary one).")] = None,
         llm: Annotated[bool, typer.Option("--llm/--no-llm", help="Also translate spoken intents with the hub model.")] = True,
         topology: Topology = None) -> None:
    """Scripted scenario on the embedded metro6g twin, or on another (e.g. `topo generate`) with its nodes picked by role."""
    from .demo import run

    translator_for = None
    if llm:  # the hub model loads only when asked for
        from llm_core.hub import load_translator

        translator_for = load_translator
    sys.exit(run(db, translator_for, topology))
