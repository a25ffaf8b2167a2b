"""``tinylarge ask`` and ``tinylarge runs``: the hub agent on the command line."""
from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from .options import Db, refusals, store_for

console = Console()
runs_app = typer.Typer(help="Hub agent runs: list, show a trace, approve or reject a waiting plan, judge a reading, "
                       "list what the node classifiers escalated.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
    app.command("explain")(explain)
    app.add_typer(runs_app, name="runs")


def _hub(db: str | None, **options: Any):  # noqa: ANN202 - the agent loads the LLM: imported only when a command runs
    from agents.hub import load_hub

    return load_hub(store_for(db), echo=lambda line: console.print(f"[dim]{line}[/]", highlight=False), **options)


RunId = Annotated[str, typer.Argument(help="A run id from `runs list`, or `last` for the newest run.")]


def _run_id(db: str | None, run_id: str) -> str:
    """``last`` is the newest run."""
    if run_id != "last":
        return run_id
    newest = store_for(db).runs(1)
    if not newest:
        from netmodel.errors import UnknownEntity

        raise UnknownEntity("no agent runs yet: `tinylarge ask` starts one")
    return newest[0].id


def _quote(text: str, lines: int = 6) -> str:
    """The head of a runbook passage (the run's trace keeps all of it)."""
    head = text.strip().splitlines()
    return "\n".join(head[:lines]) + ("\n  …" if len(head) > lines else "")


def show(state: dict) -> None:
    """What the agent did, in the order it did it."""
    c, rec, p = state.get("classification"), state.get("record"), state.get("plan")
    if c:
        kept = "sure of the kind: translated without retrieval" if c["kept"] else "unsure: the full hub path"
        where = f" at {c['node']}" if c.get("node") else ""
        console.print(f"[dim]node classifier{where}: {c['label']} ({c['confidence']:.2f}), {kept}[/]", highlight=False)
    if rec and rec.get("error"):
        console.print(f"[yellow]refused[/] {rec['error']['code']}: {rec['error']['message']}", highlight=False)
    elif rec:
        console.print("[bold]understood:[/] " + "; ".join(json.dumps(i, separators=(",", ":")) for i in rec["intents"]),
                      highlight=False, soft_wrap=True)
    for answer in (state.get("answer") or {}).get("answers", []):
        console.print_json(data=answer)
    if p:
        for line in p["readback"]:
            console.print(f"[bold cyan]{line}[/]", highlight=False, soft_wrap=True)
        for reason in p["reasons"]:
            console.print(f"[yellow]✗ {reason}[/]", highlight=False, soft_wrap=True)
    if state.get("status") == "waiting":
        why = ", ".join(state["waiting_for"]["why"])
        console.print(f"[bold]waiting for approval[/] ({why}): run {state['run_id']}")
        grounds = state["waiting_for"].get("grounds") or {}
        for key in ("alarm", "rule", "note"):
            if grounds.get(key):
                console.print(f"  {key}: {grounds[key]}", highlight=False, soft_wrap=True)
        if grounds.get("runbook"):
            book = grounds["runbook"]
            console.print(f"  [dim]proposed by {book['source']}:[/] {_quote(book['text'])}", highlight=False, soft_wrap=True)
    out, a = state.get("outcome"), state.get("assurance")
    if out and out.get("version"):
        console.print(f"applied as version {out['version']}", highlight=False)
    for line in (state.get("learning") or {}).get("summary", []):
        console.print(f"[bold]started[/] {line}", highlight=False)
    if a:
        verdict = ("[green]assured and confirmed[/]" if a["ok"] else "[red]not assured[/], left in force"
                   if a.get("left_in_force") else f"[red]rolled back[/] to version {a['rolled_back_to']}")
        console.print(f"{verdict} ({a['checked']} checks over {a.get('ticks', 0)} telemetry ticks)", highlight=False)
    for e in (state.get("explanation") or {}).get("explanations", []):
        console.print(f"[yellow]why:[/] {e['reason']}", highlight=False, soft_wrap=True)
        for r in e["runbook"]:
            console.print(f"  [dim]runbook ({r['source']}):[/] {_quote(r['text'])}", highlight=False, soft_wrap=True)
    console.print(f"[bold]{state.get('status')}[/] (run {state['run_id']})")


@refusals
def ask(text: Annotated[str, typer.Argument(help="What you want, in your words.")],
        db: Db = None,
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Approve the plan if it needs approval.")] = False,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Translate and plan; change nothing.")] = False,
        actor: Annotated[str, typer.Option(help="Who is asking (recorded in the audit).")] = "operator",
        node: Annotated[str | None, typer.Option(help="The site whose node agent received the request: its classifier "
                                                      "runs the cascade and learns from what it escalates.")] = None,
        ) -> None:
    """Run one request through the hub agent: read-back, plan, approval, apply, assurance."""
    hub = _hub(db)
    state = hub.ask(text, actor=actor, dry_run=dry_run, approved=yes, node=node)
    if state.get("status") == "waiting" and sys.stdin.isatty():
        show(state)
        state = hub.resume(state["run_id"], typer.confirm("Apply this change?"), actor=actor)
    show(state)
    _wait_for_jobs(hub, state)
    if state.get("status") in ("refused", "rolled_back", "unassured", "rejected"):
        raise typer.Exit(1)


@runs_app.command("list")
@refusals
def runs_list(db: Db = None, limit: Annotated[int, typer.Option(min=1, max=1000, help="How many runs.")] = 20) -> None:
    """Agent runs, newest first."""
    from rich.table import Table

    t = Table("run", "created (UTC)", "actor", "status", "request")
    for r in store_for(db).runs(limit):
        t.add_row(r.id, r.created_at.strftime("%Y-%m-%d %H:%M:%S"), r.actor, r.status, (r.text or "(IR)")[:70])
    console.print(t)


@runs_app.command("show")
@refusals
def runs_show(run_id: RunId, db: Db = None,
              as_json: Annotated[bool, typer.Option("--json", help="The whole trace as JSON.")] = False) -> None:
    """A run's trace: every step with its input, output and time."""
    run, steps = store_for(db).run(_run_id(db, run_id))
    if as_json:
        print(json.dumps({"run": run.model_dump(mode="json"), "steps": [s.model_dump(mode="json") for s in steps]},
                         indent=2, default=str))
        return
    console.print(f"[bold]{run.id}[/] by {run.actor} ({run.source}): {run.status}\n  {run.text or '(IR)'}", highlight=False)
    for s in steps:
        console.print(f"  {s.step:<9} {s.ms:8.1f} ms  " + json.dumps(s.output, default=str)[:160], highlight=False,
                      soft_wrap=True)
    if run.status == "waiting":  # what the person is asked: the read-back and, for the loop's proposals, their grounds
        show(_ir_hub(db).state(run.id))


def _ir_hub(db: str | None, runner: bool = False):  # noqa: ANN202 - agents.hub.HubAgent, imported when a command runs
    """The hub agent without a language model: enough for plans already translated; with ``runner``,
    a job runner over the twin's sites and gNBs (an approved learning job runs in this process)."""
    from agents.hub import HubAgent
    from federated.jobs import site_runner
    from netmodel.config import default_home
    from netmodel.manager import NetworkManager

    manager = NetworkManager(store_for(db))
    nodes = [n for n, r in manager.g.nodes(data="role") if r in ("site", "ran")]
    return HubAgent.for_ir(manager, runner=site_runner(manager.store, default_home(), nodes) if runner else None)


def _decide(run_id: str, approve: bool, db: str | None, actor: str) -> None:
    hub = _ir_hub(db, runner=approve)
    state = hub.resume(_run_id(db, run_id), approve, actor=actor)
    show(state)
    _wait_for_jobs(hub, state)


def _wait_for_jobs(hub: Any, state: dict) -> None:
    """The learning jobs a run started run in this process: wait for them, saying how each ended."""
    for job in (state.get("learning") or {}).get("started", []):
        console.print(f"job {job}: {hub.engines.runner.wait(job)}", highlight=False)


@runs_app.command("approve")
@refusals
def runs_approve(run_id: RunId, db: Db = None,
                 actor: Annotated[str, typer.Option(help="Who approves (recorded).")] = "operator") -> None:
    """Approve the plan a run is waiting on, and let it apply."""
    _decide(run_id, True, db, actor)


@runs_app.command("reject")
@refusals
def runs_reject(run_id: RunId, db: Db = None,
                actor: Annotated[str, typer.Option(help="Who rejects (recorded).")] = "operator") -> None:
    """Reject the plan a run is waiting on; nothing changes."""
    _decide(run_id, False, db, actor)


@runs_app.command("feedback")
@refusals
def runs_feedback(run_id: RunId,
                  right: Annotated[bool, typer.Option("--right/--wrong", help="Was the hub's reading what was meant?")],
                  db: Db = None, actor: Annotated[str, typer.Option(help="Who judges (recorded).")] = "operator") -> None:
    """Judge the hub's reading of a run's text: a right one becomes the node's training label."""
    run_id = _run_id(db, run_id)
    _ir_hub(db).feedback(run_id, right, actor)
    console.print(f"{run_id}: reading judged {'right' if right else 'wrong'}", highlight=False)


@runs_app.command("escalations")
@refusals
def runs_escalations(db: Db = None, node: Annotated[str | None, typer.Option(help="Only this site's.")] = None) -> None:
    """What the node classifiers escalated, the hub's reading and the operator's verdict (approved ones
    train the site's classifier in the next `learn.fedft` job on intent_classifier)."""
    from rich.table import Table

    t = Table("run", "site", "node said", "hub read", "verdict", "text")
    for e in store_for(db).escalations([node] if node else None):
        t.add_row(e.run_id, e.node, f"{e.node_label} ({e.confidence:.2f})", e.label, e.verdict or "—", e.text[:60])
    console.print(t)


@refusals
def explain(rule: Annotated[str, typer.Argument(help="A running rule: section/key (as `policies show` lists it), "
                                                     "its key, or its intent id.")],
            db: Db = None) -> None:
    """What a running rule does: its read-back, the words it came from, and the runbook that bears on it."""
    from knowledge.index import KnowledgeIndex
    from netmodel.manager import NetworkManager
    from tools.network import Engines
    from tools.network import explain as explain_tool

    index = KnowledgeIndex()
    index.build()  # idempotent: embeds only what a new home lacks
    r = explain_tool(Engines(NetworkManager(store_for(db)), translator=None, index=index), rule=rule)["rule"]
    console.print(f"[bold]{r['rule']}[/]: {r['does']}", highlight=False, soft_wrap=True)
    console.print(f"  asked as: {r['asked']!r}" if r["asked"] else "  given as IR (no words)", highlight=False)
    for book in r["runbook"]:
        console.print(f"  [dim]runbook ({book['source']}):[/] {_quote(book['text'])}", highlight=False, soft_wrap=True)
