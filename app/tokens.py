"""``tinylarge token create|list|revoke``: API tokens with roles (viewer, operator, admin)."""
from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .options import Db, refusals, store_for

console = Console()
token_app = typer.Typer(help="API tokens: viewer reads, operator applies/approves/rolls back, admin also manages "
                             "tokens and the loop's kill switch.", no_args_is_help=True)
ROLES = ("viewer", "operator", "admin")


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")


@token_app.command("create")
@refusals
def create(role: Annotated[str, typer.Option(help="viewer | operator | admin")],
           owner: Annotated[str | None, typer.Option(help="Who uses it: the actor the audit log names (default: you).")] = None,
           db: Db = None) -> None:
    """Create a token and print it once (the store keeps only its hash)."""
    import re

    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected viewer, operator or admin")
    owner = owner or getpass.getuser()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}", owner):
        raise ValueError("an owner is 1-64 letters, digits or . _ @ - (starting with a letter or digit)")
    token = store_for(db).create_token(owner, role, actor=getpass.getuser())
    print(token)
    console.print(f"[dim]{role} token for {owner}: send it as `Authorization: Bearer <token>`; it is not shown again[/]",
                  highlight=False)


@token_app.command("list")
@refusals
def list_tokens(db: Db = None) -> None:
    """Every token: id, owner, role, created, revoked."""
    t = Table("id", "owner", "role", "created", "revoked")
    for row in store_for(db).tokens():
        t.add_row(row.id, row.owner, row.role, f"{row.created_at:%Y-%m-%d %H:%M}",
                  f"{row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "")
    console.print(t)


@token_app.command("revoke")
@refusals
def revoke(token_id: Annotated[str, typer.Argument(help="The token's id (`token list`).")], db: Db = None) -> None:
    """Revoke a token: the API refuses it from the next request."""
    store_for(db).revoke_token(token_id, getpass.getuser())
    console.print(f"token {token_id} revoked")
