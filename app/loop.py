"""``tinylarge loop``: the closed loop on the embedded twin, with a live table and a summary."""
from __future__ import annotations

import tempfile
from typing import Annotated

import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table

from .options import Db, DriverName, network_for, refusals, store_for

console = Console()
loop_app = typer.Typer(help="The closed loop: run a fault scenario, list and judge its alarms, flip the kill switch.",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(loop_app, name="loop")


def _table(ticks: list, alarms: list) -> Table:
    t = Table("tick", "SLA violations", "open alarms", "actions", title="closed loop (last 12 ticks)")
    for k in ticks[-12:]:
        acts = "; ".join(f"{a.action} at {a.node}: {a.status}" for a in k.actions)
        t.add_row(str(k.tick), str(len(k.violations)), ", ".join(f"{e}@{n}" for e, n in alarms[k.tick]), acts)
    return t


@loop_app.command("run")
@refusals
def run(scenario: Annotated[str, typer.Option(
            help="none | ddos | link_down | latency | congestion | buildup | mixed | gnb_congestion")] = "ddos",
        ticks: Annotated[int, typer.Option(min=1, max=100_000, help="Telemetry ticks to run.")] = 60,
        fault_at: Annotated[int, typer.Option(min=0, help="Tick the scenario's faults start.")] = 5,
        duration: Annotated[int, typer.Option(min=1, help="Ticks the faults last.")] = 40,
        off: Annotated[bool, typer.Option("--off", help="Watch only: no alarms acted on (the baseline).")] = False,
        predictive: Annotated[bool, typer.Option(
            "--predictive", help="Forecast congestion (a model fitted on another simulator history) and act before it.")] = False,
        seed: Annotated[int, typer.Option(help="Telemetry seed.")] = 3,
        nodes: Annotated[int | None, typer.Option(
            min=25, max=20_000, help="A generated twin of this many nodes (one agent per site and gNB), not metro6g.")] = None,
        runbooks: Annotated[bool, typer.Option(
            help="Load the knowledge base: an alarm no rule covers gets the action its runbook proposes (without it: "
                 "an alert).")] = True,
        retrain: Annotated[str, typer.Option(
            help="approve | auto: a detector whose alarms keep being judged false is retrained once a person "
                 "approves (`tinylarge runs approve`), or at once.")] = "approve",
        driver: DriverName = "twin", db: Db = None) -> None:
    """Put the scenario's slice and rules in force on a fresh twin (or --db), inject its faults and run the loop."""
    from agents.hub import HubAgent
    from agents.loop import ClosedLoop, Guardrails, node_agents, summary
    from agents.scenarios import SCENARIOS
    from federated.jobs import agent_runner, kept_models
    from netmodel.config import default_home
    from netmodel.telemetry import TelemetrySimulator

    from .learning import one_of

    one_of("scenario", scenario, SCENARIOS)
    one_of("retrain mode", retrain, ("approve", "auto"))
    tmp = tempfile.TemporaryDirectory(prefix="tinylarge-loop-") if db is None else None
    twin = None
    if nodes is not None:  # a generated twin, written where the store can be told of it
        import json

        from netmodel.twin import generate_metro, to_node_link

        twin = f"{tmp.name if tmp else tempfile.mkdtemp(prefix='tinylarge-loop-')}/metro-{nodes}.json"
        with open(twin, "w", encoding="utf-8") as f:
            json.dump(to_node_link(generate_metro(nodes, seed=0)), f)
    manager = network_for(store_for(db or f"{tmp.name}/loop.db", twin), driver)
    sim = TelemetrySimulator(manager.g, seed=seed, start_minute=21 * 60)
    SCENARIOS[scenario].setup(manager, sim, start=fault_at, duration=duration)
    agents = node_agents(sim, deployed=kept_models(default_home()))  # with the detectors retrained before
    index = None
    if runbooks:
        from knowledge.index import KnowledgeIndex

        with console.status("loading the knowledge base (runbooks)"):
            index = KnowledgeIndex()
            index.build()  # idempotent: embeds only what a new home lacks
    runner = agent_runner(manager.store, default_home(), agents)  # retraining jobs install into the loop's agents
    hub = HubAgent.for_ir(manager, index=index, runner=runner)
    forecaster = None
    if predictive:
        from agents.forecast import Forecaster, history

        with console.status("fitting the congestion forecaster on a simulator history of this twin"):
            forecaster = Forecaster().fit(history(manager.g))
    loop = ClosedLoop(manager, sim, agents, guard=Guardrails(retrain_mode=retrain), hub=hub, act=not off,
                      echo=lambda line: console.print(f"[dim]{line}[/]", highlight=False), forecaster=forecaster)
    done, alarms = [], {}
    with Live(_table(done, alarms), console=console, transient=True, auto_refresh=False) as live:
        def show(k) -> None:  # noqa: ANN001 - agents.loop.Tick
            if driver == "netns":  # a link the scenario fails in the twin fails in the lab too
                manager.driver.follow(sim.failed_links())
            done.append(k)
            alarms[k.tick] = loop.open_alarms()
            live.update(_table(done, alarms), refresh=True)

        try:
            loop.run(ticks, on_tick=show)
        finally:
            loop.stop()  # an action still being judged is rolled back, not left to its deadline
            if driver == "netns":
                manager.driver.follow(set())
    for a in loop.actions:  # a retraining this process started: its job ends here, not with the process
        if a.status == "learning":
            console.print(f"retrain at {a.node}: job {a.job} {runner.wait(a.job)}", highlight=False)
    console.print(_table(done, alarms))
    s = summary(done, loop.actions, fault_at)
    mode = "off" if off else "predictive" if predictive else "reactive"
    t = Table("measure", "value", title=f"scenario {scenario}, loop {mode}, {ticks} ticks")
    for k, v in s.items():
        t.add_row(k, str(v))
    console.print(t)
    manager.close()
    if tmp is not None:
        tmp.cleanup()


@loop_app.command("kill")
@refusals
def kill(off: Annotated[bool, typer.Option("--off", help="Turn the kill switch off: the loop acts again.")] = False,
         reason: Annotated[str, typer.Option(help="Why (audited).")] = "", db: Db = None,
         actor: Annotated[str, typer.Option(help="Who (audited).")] = "operator") -> None:
    """The kill switch: stop every automatic action of the closed loop at once (every loop on this
    store reads it each tick), or with --off let it act again."""
    store_for(db).set_loop_killed(not off, actor, reason)
    console.print("kill switch off: the closed loop acts on its rules again" if off else
                  "kill switch on: the closed loop takes no automatic action until `tinylarge loop kill --off`")


@loop_app.command("judge")
@refusals
def judge(alarm: Annotated[int, typer.Argument(help="The alarm's number (`tinylarge loop alarms`).")],
          wrong: Annotated[bool, typer.Option("--wrong/--right", help="A false alarm, or a real one.")],
          reason: Annotated[str, typer.Option(help="Why (audited).")] = "", db: Db = None,
          actor: Annotated[str, typer.Option(help="Who judges (audited).")] = "operator") -> None:
    """Judge an alarm: a false one counts towards retraining its node's detector (a running loop on
    this store reads the verdict on its next tick)."""
    store_for(db).judge_alarm(alarm, wrong, actor, reason)
    console.print(f"alarm {alarm} judged {'false' if wrong else 'real'}")


@loop_app.command("alarms")
@refusals
def alarms(db: Db = None, open_only: Annotated[bool, typer.Option("--open", help="Only those not cleared yet.")] = False,
           limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many, newest first.")] = 30) -> None:
    """The alarms the closed loop raised in this store: node, kind, score, ticks, evidence."""
    import json

    t = Table("#", "node", "kind", "score", "raised", "cleared", "verdict", "evidence")
    for a in store_for(db).alarms(open_only, limit):
        t.add_row(str(a.id), a.node, a.kind, f"{a.score:.2f}", str(a.raised_tick),
                  "open" if a.cleared_tick is None else str(a.cleared_tick), a.verdict or "—", json.dumps(a.evidence)[:60])
    console.print(t)
