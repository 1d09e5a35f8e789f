"""``helpdesk oauth-client``: register OAuth 2.0 API clients."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from helpdesk.cli.unit_of_work import in_unit_of_work
from helpdesk.core.database import Session
from helpdesk.domain.oauth.service import register_client
from helpdesk.domain.shared.errors import ValidationFailed

oauth_client_app = typer.Typer(help="OAuth 2.0 API clients.", no_args_is_help=True)


@oauth_client_app.command("create")
def oauth_client_create(
    name: Annotated[str, typer.Option(help="What the client is, for people.")],
    email: Annotated[
        str | None,
        typer.Option(
            help=(
                "An agent or administrator whose identity client_credentials tokens act as; "
                "without it the client may only use the password and refresh_token grants."
            )
        ),
    ] = None,
) -> None:
    """Register a client and print one JSON object: client_id and client_secret (the
    secret is shown this once; only its hash is stored)."""

    async def work(session: Session) -> dict[str, str]:
        registered = await register_client(session, name, email)
        return {"client_id": registered.client.client_id, "client_secret": registered.secret}

    try:
        created = in_unit_of_work(work)
    except ValidationFailed as exc:
        raise typer.BadParameter(exc.message, param_hint="--email" if email else "--name") from None
    typer.echo(json.dumps(created))
