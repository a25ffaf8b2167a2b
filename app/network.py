"""``tinylarge topo|intent|policies|audit|demo``: the network model on the command line.

Every refusal prints one line (``error: <code>: <message>``) and exits non-zero; nothing is
changed by a command that fails.
"""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from netmodel.errors import TinyLargeError
from netmodel.limits import MAX_VERSION

from .options import Db, manager_for, store_for

console = Console()
err_console = Console(stderr=True)


def refusals(fn: Callable) -> Callable:
    """Turn TinyLarge errors into one red line and exit code 1 (2 for unexpected input errors)."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TinyLargeError as e:
            err_console.print(f"[red]error:[/] {e.code}: {e.message}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except (OSError, ValueError) as e:
            err_console.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
    return run


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
                  f"{s['capacity_mbps'] / 1000:g} Gbit/s capacity, {s['reserved_mbps']:g} Mbit/s reserved")
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
def intent_apply(file: Annotated[Path, typer.Argument(help="JSON: one intent, a list, or a translate record.")],
                 db: Db = None,
                 dry_run: Annotated[bool, typer.Option(
                     "--dry-run", help="Compile, verify and show the diff; change nothing.")] = False,
                 confirm_timeout: Annotated[float | None, typer.Option(
                     help="Commit-confirmed: roll back unless `policies confirm` within this many seconds.")] = None) -> None:
    """Compile, verify and apply intents (whole batch or nothing)."""
    from netmodel.manager import load_intents_file

    intents = load_intents_file(file)
    result = manager_for(db).apply(intents, source="cli", dry_run=dry_run, confirm_timeout_s=confirm_timeout)
    show_result(result)


def show_result(result: Any) -> None:
    for line in result.diff or ["(no change)"]:
        colour = {"+": "green", "-": "red", "~": "yellow"}.get(line[:1], "white")
        console.print(f"[{colour}]{line}[/]", highlight=False, soft_wrap=True)
    where = f"version {result.version}" if result.version else "nothing committed"
    console.print(f"[bold]{result.status}[/] ({where}; intents {', '.join(result.intent_ids)})")


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


@policies_app.command("show")
@refusals
def policies_show(version: Annotated[int | None, typer.Argument(
                      min=1, max=MAX_VERSION, help="Version (default: running).")] = None,
                  db: Db = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
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
                          min=0, max=MAX_VERSION, help="Version to restore (default: the previous one; 0: none).")] = None,
                      db: Db = None) -> None:
    """Restore an earlier version (recorded as a new version)."""
    m = manager_for(db)
    before = m.running
    new = m.rollback(version)
    for line in m.driver.diff(before, m.running).lines() or ["(no change)"]:
        console.print(line, highlight=False, soft_wrap=True)
    console.print(f"[bold]rolled back[/]: version {new} is running")


@policies_app.command("confirm")
@refusals
def policies_confirm(db: Db = None) -> None:
    """Confirm a commit-confirmed version before its timeout."""
    console.print(f"version {manager_for(db).confirm()} confirmed")


# -- audit and demo ----------------------------------------------------------------------------
@refusals
def audit(db: Db = None, limit: Annotated[int, typer.Option(min=1, max=1000, help="How many entries.")] = 30) -> None:
    """The append-only audit log, newest first."""
    t = Table("#", "time (UTC)", "actor", "action", "version", "detail")
    for a in store_for(db).audit(limit):
        detail = json.dumps(a.detail, default=str)
        t.add_row(str(a.seq), a.ts.strftime("%H:%M:%S"), a.actor, a.action, str(a.version_id or ""),
                  detail[:90] + ("…" if len(detail) > 90 else ""))
    console.print(t)


def demo(db: Annotated[str | None, typer.Option("--db", help="Store to use (default: a fresh temporary one).")] = None,
         llm: Annotated[bool, typer.Option("--llm/--no-llm", help="Also translate spoken intents with the hub model.")] = True,
         ) -> None:
    """Scripted scenario on the embedded metro6g twin."""
    from .demo import run

    translator_for = None
    if llm:  # the hub model loads only when asked for
        from llm_core.hub import load_translator

        translator_for = load_translator
    sys.exit(run(db, translator_for))
