"""The ``helpdesk`` command line: serve, migrate, tokens, contacts, stored files."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from helpdesk.cli.files import files_app
from helpdesk.cli.imap import imap_poll, imap_status
from helpdesk.cli.mail_intake import import_mail, quarantine_app, smtpd
from helpdesk.cli.oauth import oauth_client_app
from helpdesk.cli.outbox import outbox_app
from helpdesk.cli.unit_of_work import in_unit_of_work
from helpdesk.cli.worker import worker
from helpdesk.core.database import Session
from helpdesk.core.migrations import upgrade_to_head
from helpdesk.core.settings import get_settings
from helpdesk.domain.identity import service as identity
from helpdesk.domain.identity.contacts import NewContact, create_contact
from helpdesk.domain.identity.models import AccountType, SupportRole

app = typer.Typer(help="Helpdesk server.", no_args_is_help=True, add_completion=False)
token_app = typer.Typer(help="Mint and revoke API bearer tokens.", no_args_is_help=True)
contact_app = typer.Typer(help="Manage contacts.", no_args_is_help=True)
app.add_typer(token_app, name="token")
app.add_typer(contact_app, name="contact")
app.add_typer(files_app, name="files")
app.add_typer(oauth_client_app, name="oauth-client")
mail_app = typer.Typer(help="Email: intake and the outbox.", no_args_is_help=True)
mail_app.command("smtpd")(smtpd)
mail_app.command("import")(import_mail)
mail_app.add_typer(quarantine_app, name="quarantine")
mail_app.command("imap-poll")(imap_poll)
mail_app.command("imap-status")(imap_status)
mail_app.add_typer(outbox_app, name="outbox")
app.add_typer(mail_app, name="mail")
app.command()(worker)


class AccountTypeOption(enum.StrEnum):
    client = "client"
    vendor = "vendor"
    operations = "operations"


class UvdeskRoleOption(enum.StrEnum):
    super_admin = "super_admin"
    admin = "admin"
    agent = "agent"
    customer = "customer"


@app.command()
def migrate() -> None:
    """Apply database migrations up to the newest revision."""
    upgrade_to_head(get_settings().database_url)
    typer.echo("Database is up to date.", err=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes.")] = None,
) -> None:
    """Serve both APIs (migrating first on the embedded SQLite default)."""
    import uvicorn  # noqa: PLC0415  (only this command needs the server)

    settings = get_settings()
    if settings.should_migrate_on_start:
        upgrade_to_head(settings.database_url)
    uvicorn.run(
        "helpdesk.app:create_served_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_config=None,
        access_log=False,
        proxy_headers=False,
    )


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Option(help="The user's email; created if missing.")],
    account_type: Annotated[
        AccountTypeOption | None, typer.Option(help="Marketplace account type.")
    ] = None,
    account_name: Annotated[
        str | None, typer.Option(help="Marketplace account name; created if missing.")
    ] = None,
    uvdesk_role: Annotated[UvdeskRoleOption | None, typer.Option(help="UVdesk role.")] = None,
    name: Annotated[str, typer.Option(help="The user's full name, for new users.")] = "",
) -> None:
    """Create a bearer token and print it (only it) on stdout."""
    if (account_type is None) == (uvdesk_role is None):
        raise typer.BadParameter("give either --account-type with --account-name, or --uvdesk-role")
    if account_type is not None and not account_name:
        raise typer.BadParameter("--account-type needs --account-name")

    async def work(session: Session) -> str:
        if uvdesk_role is None:
            account = await identity.ensure_account(
                session, AccountType[str(account_type).upper()], str(account_name)
            )
            user = await identity.ensure_user(session, email, account=account, name=name)
            issued = await identity.issue_token(session, user, account=account, name="cli")
        else:
            user = await identity.ensure_user(session, email, name=name)
            instance = await identity.ensure_user_instance(
                session, user, SupportRole[uvdesk_role.name.upper()]
            )
            issued = await identity.issue_token(session, user, instance=instance, name="cli")
        return issued.secret

    typer.echo(in_unit_of_work(work))


@token_app.command("revoke")
def token_revoke(token: Annotated[str, typer.Argument(help="The bearer token to revoke.")]) -> None:
    """Revoke a token; it stops authenticating at once."""

    async def work(session: Session) -> bool:
        return await identity.revoke_token(session, token)

    if not in_unit_of_work(work):
        typer.echo("No such active token.", err=True)
        sys.exit(1)
    typer.echo("Token revoked.", err=True)


@contact_app.command("create")
def contact_create(
    email: Annotated[str, typer.Option(help="Contact email.")],
    name: Annotated[str, typer.Option(help="Contact display name.")],
) -> None:
    """Create a standalone contact and print its id."""

    async def work(session: Session) -> str:
        return (await create_contact(session, NewContact(email, name))).public_id

    typer.echo(in_unit_of_work(work))
