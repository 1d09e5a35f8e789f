"""Awkward real-world messages (tests/mail/corpus/) all make readable, safe tickets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli
from tests.api.uvdesk.helpers import uv
from tests.conftest import TEST_UPLOAD_LIMIT
from tests.mail.conftest import BIG
from tests.mail.corpus.generate import PNG, big_attachment
from tests.mail.desk import Desk

pytestmark = pytest.mark.anyio
CORPUS = Path(__file__).parent / "corpus"


async def opening_thread(
    app: FastAPI, client: httpx.AsyncClient, name: str, mailbox: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Post one corpus message; the ticket it made and its opening thread."""
    desk = await Desk.open(app, client)
    result = await desk.post_message(mailbox, (CORPUS / name).read_bytes())
    assert result["outcome"] == "created", result
    [ticket] = await desk.tickets()
    [thread] = await desk.threads(ticket["id"])
    return ticket, thread


@pytest.mark.parametrize(
    ("name", "subject", "reply"),
    [
        ("01-multipart-alternative.eml", "Alternative parts", "<p>HTML <b>rendering</b>.</p>"),
        ("02-iso-8859-1.eml", "Latin-1 body", "<p>Café crème, à bientôt.</p>"),
        ("03-windows-1252.eml", "Windows-1252 body", "<p>“Smart quotes” cost 5 €.</p>"),
        (
            "04-windows-1252-labelled-latin-1.eml",
            "Mislabelled euro",
            "<p>Price: 12 € • “final”.</p>",
        ),
        ("05-shift-jis.eml", "日本語の件名", "<p>日本語のメールです。</p>"),
        ("06-encoded-words.eml", "Grüße aus Köln and plain", "<p>Hallo.</p>"),
        ("09-no-body.eml", "Nothing inside", ""),
        ("10-unknown-charset.eml", "Unknown charset", "<p>Fine UTF-8 anyway: ✓</p>"),
    ],
)
async def test_every_charset_and_encoded_word_is_decoded(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int, *, name: str, subject: str, reply: str
) -> None:
    ticket, thread = await opening_thread(app, client, name, mailbox)

    assert ticket["subject"] == subject
    assert thread["reply"] == reply


async def test_an_encoded_sender_name_is_decoded(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    ticket, _ = await opening_thread(app, client, "06-encoded-words.eml", mailbox)

    assert ticket["customer"]["name"] == "Jürgen Müller"


async def test_html_is_sanitized(app: FastAPI, client: httpx.AsyncClient, mailbox: int) -> None:
    _, thread = await opening_thread(app, client, "08-html-with-script.eml", mailbox)

    assert thread["reply"] == '<p>Hi<a rel="noopener noreferrer">link</a></p>'


async def test_inline_images_are_kept_and_their_references_point_at_them(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    _, thread = await opening_thread(app, client, "07-inline-image.eml", mailbox)

    [attachment] = thread["attachments"]
    assert attachment["name"] == "logo.png"
    source = re.search(r'<img src="([^"]+)"', str(thread["reply"]))
    assert source is not None
    desk = await Desk.open(app, client)
    image = await uv(client, "GET", source[1], desk.token)
    assert image.status_code == 200
    assert image.content == PNG


async def test_a_directory_imports_past_a_truncated_message_which_is_quarantined(
    app: FastAPI, client: httpx.AsyncClient, cli_runner: CliRunner, tmp_path: Path, mailbox: int
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for message in CORPUS.glob("*.eml"):
        shutil.copy(message, batch / message.name)
    (batch / "12-big-attachment.eml").write_bytes(big_attachment(BIG))

    result = await anyio.to_thread.run_sync(
        lambda: cli_runner.invoke(cli, ["mail", "import", str(batch), "--mailbox", str(mailbox)])
    )

    assert result.exit_code == 0, result.output
    assert "created: 11, threaded: 0, duplicate: 0, ignored: 0, quarantined: 1" in result.stderr
    assert "11-truncated.eml: quarantined" in result.stderr
    desk = await Desk.open(app, client)
    [kept] = (await desk.get("/api/mail/quarantine.json"))["quarantine"]
    assert (kept["subject"], kept["via"]) == ("Cut short", "import")
    tickets = {ticket["subject"]: ticket for ticket in await desk.tickets()}
    assert len(tickets) == 11
    [dump] = (await desk.threads(tickets["Big attachment"]["id"]))[0]["attachments"]
    assert dump["name"] == "dump.bin"


async def test_an_attachment_over_the_limit_is_left_out_and_the_thread_says_so(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)
    over_the_test_limit = big_attachment(TEST_UPLOAD_LIMIT + 1)

    result = await desk.post_message(mailbox, over_the_test_limit)

    assert result["outcome"] == "created", result
    [ticket] = await desk.tickets()
    [thread] = await desk.threads(ticket["id"])
    assert thread["attachments"] == []
    assert "not kept: dump.bin" in thread["reply"]
