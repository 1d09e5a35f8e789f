"""The writes the load makes, and how each acknowledged one is checked afterwards.

A write is acknowledged when the client received a 2xx with the id it returned; only then
is it recorded here. Checking reads it back through the API, as a client would: the text
must be what was sent and every attachment's bytes must have the SHA-256 of what was
uploaded."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

import httpx

MARKETPLACE = "/public/v1/helpdesk"
WORDS = ("printer", "invoice", "refund", "login", "outage", "laptop", "screen", "billing")
LARGEST_ATTACHMENT = 192 * 1024


@dataclass(frozen=True, slots=True)
class Tokens:
    uvdesk: str
    marketplace: str
    queue_id: str

    def uv(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.uvdesk}"}

    def mp(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.marketplace}"}


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sentence(rng: random.Random, tag: str, most_words: int = 12) -> str:
    return f"{tag} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, most_words)))


def attachments(rng: random.Random, tag: str, most: int) -> list[Attachment]:
    """Sizes from a few bytes to a few chunks of the storage's 64 KiB stream."""
    return [
        Attachment(f"{tag}-{index}.bin", rng.randbytes(rng.randint(1, LARGEST_ATTACHMENT)))
        for index in range(rng.randint(0, most))
    ]


def parts(files: list[Attachment]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("attachments[]", (f.name, f.data, "application/octet-stream")) for f in files]


class Refused(Exception):
    """The server answered a write with something other than success: never expected."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.text[:300]}"
        )


def accepted(response: httpx.Response, status: int) -> dict[str, Any]:
    if response.status_code != status:
        raise Refused(response)
    body: dict[str, Any] = response.json()
    return body


def sha256_of(response: httpx.Response) -> str:
    return hashlib.sha256(response.content).hexdigest()


@dataclass(slots=True)
class Ledger:
    """Every acknowledged write in the order acknowledged, and by kind (the ids later
    writes build on)."""

    log: list[Write] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    def record(self, write: Write) -> None:
        self.log.append(write)
        if isinstance(write, Ticket):
            self.tickets.append(write)
        elif isinstance(write, Case):
            self.cases.append(write)
        elif isinstance(write, Message):
            self.messages.append(write)


class Write:
    async def problems(self, client: httpx.AsyncClient, tokens: Tokens) -> list[str]:
        raise NotImplementedError


async def _uvdesk_attachments_match(
    client: httpx.AsyncClient, tokens: Tokens, listed: list[dict[str, Any]], sent: list[Attachment]
) -> list[str]:
    by_name = {item["name"]: item for item in listed}
    found: list[str] = []
    for expected in sent:
        item = by_name.get(expected.name)
        if item is None:
            found.append(f"attachment {expected.name} missing")
            continue
        download = await client.get(item["path"], headers=tokens.uv())
        if download.status_code != 200 or sha256_of(download) != expected.sha256:
            found.append(f"attachment {expected.name} differs ({download.status_code})")
    if len(listed) != len(sent):
        found.append(f"{len(listed)} attachments listed, {len(sent)} sent")
    return found


@dataclass(frozen=True, slots=True)
class Ticket(Write):
    """A UVdesk ticket raised with its opening message and attachments."""

    id: int
    increment_id: int
    subject: str
    text: str
    files: list[Attachment]

    @classmethod
    async def make(
        cls, client: httpx.AsyncClient, tokens: Tokens, rng: random.Random, tag: str
    ) -> Ticket:
        subject, text, files = sentence(rng, tag), sentence(rng, tag), attachments(rng, tag, 2)
        body = {"name": "Crash Customer", "from": "crash@example.com", "type": "807"}
        response = await client.post(
            "/api/tickets.json",
            headers=tokens.uv(),
            data={**body, "subject": subject, "reply": text},
            files=parts(files),
        )
        made = accepted(response, 200)
        return cls(made["ticketId"], made["incrementId"], subject, text, files)

    async def problems(self, client: httpx.AsyncClient, tokens: Tokens) -> list[str]:
        response = await client.get(f"/api/ticket/{self.increment_id}.json", headers=tokens.uv())
        if response.status_code != 200:
            return [f"ticket {self.id}: {response.status_code}"]
        view = response.json()
        found = [] if view["ticket"]["subject"] == self.subject else ["subject differs"]
        opening = view["createThread"]
        if opening["reply"] != self.text:
            found.append("opening message differs")
        found += await _uvdesk_attachments_match(client, tokens, opening["attachments"], self.files)
        return [f"ticket {self.id}: {problem}" for problem in found]


@dataclass(frozen=True, slots=True)
class Reply(Write):
    """A reply with attachments on an acknowledged ticket."""

    ticket_id: int
    id: int
    text: str
    files: list[Attachment]

    @classmethod
    async def make(
        cls, client: httpx.AsyncClient, tokens: Tokens, ticket: Ticket, rng: random.Random, tag: str
    ) -> Reply:
        text, files = sentence(rng, tag), attachments(rng, tag, 2)
        response = await client.post(
            f"/api/ticket/{ticket.id}/threads.json",
            headers=tokens.uv(),
            data={"threadType": "reply", "reply": text},
            files=parts(files),
        )
        return cls(ticket.id, accepted(response, 200)["id"], text, files)

    async def problems(self, client: httpx.AsyncClient, tokens: Tokens) -> list[str]:
        thread = await self._find(client, tokens)
        if thread is None:
            return [f"reply {self.id} on ticket {self.ticket_id}: missing"]
        found = [] if thread["reply"] == self.text else ["text differs"]
        found += await _uvdesk_attachments_match(client, tokens, thread["attachments"], self.files)
        return [f"reply {self.id}: {problem}" for problem in found]

    async def _find(self, client: httpx.AsyncClient, tokens: Tokens) -> dict[str, Any] | None:
        page, pages = 1, 1
        while page <= pages:
            response = await client.get(
                f"/api/ticket/{self.ticket_id}/threads.json?page={page}", headers=tokens.uv()
            )
            if response.status_code != 200:
                return None
            listing = response.json()
            for thread in listing["threads"]:
                if thread["id"] == self.id:
                    return dict(thread)
            page, pages = page + 1, listing["pagination"]["pageCount"]
        return None


@dataclass(frozen=True, slots=True)
class Case(Write):
    """A Marketplace case, filed with the first message of its chat."""

    id: str
    chat_id: str
    first_message: str

    @classmethod
    async def make(
        cls, client: httpx.AsyncClient, tokens: Tokens, rng: random.Random, tag: str
    ) -> Case:
        text = sentence(rng, tag, most_words=5)  # within the 100 characters a chat name keeps
        body = {"queue": {"id": tokens.queue_id}, "chat": {"lastMessage": {"content": text}}}
        response = await client.post(f"{MARKETPLACE}/cases", headers=tokens.mp(), json=body)
        made = accepted(response, 201)
        return cls(made["id"], made["chat"]["id"], text)

    async def problems(self, client: httpx.AsyncClient, tokens: Tokens) -> list[str]:
        response = await client.get(f"{MARKETPLACE}/cases/{self.id}", headers=tokens.mp())
        if response.status_code != 200:
            return [f"case {self.id}: {response.status_code}"]
        chat = response.json()["chat"]
        if chat["id"] != self.chat_id or chat["name"] != self.first_message:
            return [f"case {self.id}: chat differs"]
        return []


@dataclass(frozen=True, slots=True)
class Message(Write):
    """A message in an acknowledged case's chat."""

    chat_id: str
    id: str
    content: str

    @classmethod
    async def make(
        cls, client: httpx.AsyncClient, tokens: Tokens, case: Case, rng: random.Random, tag: str
    ) -> Message:
        content = sentence(rng, tag)
        response = await client.post(
            f"{MARKETPLACE}/chats/{case.chat_id}/messages",
            headers=tokens.mp(),
            json={"content": content},
        )
        return cls(case.chat_id, accepted(response, 201)["id"], content)

    async def problems(self, client: httpx.AsyncClient, tokens: Tokens) -> list[str]:
        response = await client.get(
            f"{MARKETPLACE}/chats/{self.chat_id}/messages/{self.id}", headers=tokens.mp()
        )
        if response.status_code != 200:
            return [f"message {self.id}: {response.status_code}"]
        if response.json()["content"] != self.content:
            return [f"message {self.id}: content differs"]
        return []


@dataclass(frozen=True, slots=True)
class ChatFile(Write):
    """A file attached to an acknowledged chat message."""

    chat_id: str
    message_id: str
    id: str
    file: Attachment

    @classmethod
    async def make(
        cls, client: httpx.AsyncClient, tokens: Tokens, message: Message, rng: random.Random
    ) -> ChatFile:
        file = Attachment(f"{message.id}.bin", rng.randbytes(rng.randint(1, LARGEST_ATTACHMENT)))
        described = f'{{"message": {{"id": "{message.id}"}}}}'
        response = await client.post(
            f"{MARKETPLACE}/chats/{message.chat_id}/attachments",
            headers=tokens.mp(),
            files=[
                ("attachment", (None, described, "application/json")),
                ("file", (file.name, file.data, "application/octet-stream")),
            ],
        )
        return cls(message.chat_id, message.id, accepted(response, 201)["id"], file)

    async def problems(self, client: httpx.AsyncClient, tokens: Tokens) -> list[str]:
        path = f"{MARKETPLACE}/chats/{self.chat_id}/attachments/{self.id}"
        described = await client.get(path, headers={**tokens.mp(), "Accept": "application/json"})
        if described.status_code != 200:
            return [f"chat attachment {self.id}: {described.status_code}"]
        item = described.json()
        if item["message"]["id"] != self.message_id or item["size"] != len(self.file.data):
            return [f"chat attachment {self.id}: metadata differs"]
        download = await client.get(path, headers={**tokens.mp(), "Accept": "*/*"})
        if download.status_code != 200 or sha256_of(download) != self.file.sha256:
            return [f"chat attachment {self.id}: bytes differ ({download.status_code})"]
        return []
