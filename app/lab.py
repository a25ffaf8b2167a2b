"""``tinylarge lab up|down|status``: the twin as Linux network namespaces, for the netns driver."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from .options import Db, Topology, refusals, store_for

console = Console()
lab_app = typer.Typer(help="A lab of Linux network namespaces built from the twin (root): `intent apply --driver "
                           "netns` configures it.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(lab_app, name="lab")


def _lab(db: str | None, topology: object, scale: float = 0.1):  # noqa: ANN202 - netmodel.lab.Lab, imported lazily
    from netmodel.lab import Lab

    return Lab(store_for(db, topology).topology(), scale=scale)


@lab_app.command("up")
@refusals
def up(scale: Annotated[float, typer.Option(
           min=0.0001, max=1.0, help="Lab rate per twin rate: link capacities and slice rates are multiplied by it.")] = 0.1,
       db: Db = None, topology: Topology = None) -> None:
    """Build the lab from the store's twin (again, if one is up): a namespace per node, a veth pair per link."""
    lab = _lab(db, topology, scale)
    seconds = lab.up()
    st = lab.describe()
    latency = "emulated" if st["latency_emulated"] else "not emulated (this kernel has no netem)"
    console.print(f"lab up in {seconds:.1f} s: {st['nodes']} namespaces ({lab.ns('<node>')}), {st['links']} links "
                  f"shaped at capacity x {scale:g}; latency {latency}", highlight=False, soft_wrap=True)
    console.print("apply to it with: tinylarge intent apply ... --driver netns", highlight=False)


@lab_app.command("down")
@refusals
def down(db: Db = None) -> None:
    """Remove the lab: every namespace with the project's prefix, and its interfaces."""
    console.print(f"lab down: {_lab(db, None).down()} namespaces removed", highlight=False)


@lab_app.command("status")
@refusals
def status(db: Db = None) -> None:
    """What the kernel has: namespaces, interfaces up and down, and what the netns driver last applied."""
    from netmodel.lab import Lab, LabError
    from netmodel.policy import PolicySet

    try:
        lab = Lab.saved(store_for(db).topology())
    except LabError as e:
        console.print(f"lab: {e.message}", highlight=False)
        raise typer.Exit(1) from None
    st = lab.status()
    console.print(f"lab up: {st['namespaces']}/{st['nodes']} namespaces, {st['interfaces_up']} interfaces up, "
                  f"{st['interfaces_down']} down, scale {st['scale']:g}", highlight=False)
    applied = lab.applied_file()
    n = len(PolicySet.model_validate_json(applied.read_text())) if applied.exists() else 0
    console.print(f"policies applied by the netns driver: {n}", highlight=False)
