"""Cases of the client account, each with its chat (type Case), the reporter and the
operator taking part, and three public messages (reporter, operator, reporter), as
``file_case``, ``write_message``, ``change_case`` and ``move_case`` leave them:

- the chat is opened with the reporter in it and the first message (revision 2); every
  further public message bumps its revision and names it the chat's last message;
- the operator joins the chat when first acting in it (assigning the case, or writing);
- a sender has read what they wrote (``last_read_message_id``);
- the case has revision 1, plus one for an assignment and one for a move to Querying
  (with its prompt) or Completed, each stamped in its audit trail.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from helpdesk.domain.cases.models import CaseStatus
from helpdesk.domain.cases.service import chat_name
from helpdesk.domain.chats.models import ChatType, ParticipantStatus, Visibility
from seeding import vocabulary as words
from seeding.fixtures import Fixtures, Person
from seeding.ids import choose, created_by, ms, next_id, public_ids, trail, weighted
from seeding.progress import Progress
from seeding.tables import Rows
from seeding.writers import Writer

CHUNK = 5_000
HISTORY = timedelta(days=180)
MESSAGES = 3
MAX_LISTED = 10_000


@dataclass(slots=True)
class CaseTally:
    cases: int = 0
    messages: int = 0
    participants: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    case_ids: list[str] = field(default_factory=list)
    """Public ids of up to 10,000 cases, spread over all of them."""
    chat_ids: list[str] = field(default_factory=list)
    """The public ids of their chats, in the same order."""


@dataclass(frozen=True, slots=True)
class FirstIds:
    case: int
    chat: int
    participant: int
    message: int


@dataclass(slots=True)
class Chunk:
    chats: Rows = field(default_factory=lambda: Rows("chats"))
    participants: Rows = field(default_factory=lambda: Rows("chat_participants"))
    messages: Rows = field(default_factory=lambda: Rows("chat_messages"))
    cases: Rows = field(default_factory=lambda: Rows("cases"))


@dataclass(frozen=True, slots=True)
class Message:
    at: datetime
    by: Person
    sender: int
    content: str


class CaseMaker:
    def __init__(
        self,
        rng: random.Random,
        writer: Writer,
        fixtures: Fixtures,
        *,
        first: FirstIds,
        names: dict[str, list[str]],
        count: int,
        now: datetime,
    ) -> None:
        self.rng, self.ts, self.flag = rng, writer.ts, writer.flag
        self.fixtures, self.first, self.names = fixtures, first, names
        self.start = now - HISTORY
        self.step = (HISTORY - timedelta(days=3)) / max(count, 1)
        self.statuses = weighted(
            {status.value: w for status, w in words.CASE_STATUS_WEIGHTS.items()}
        )
        self.listed = set(range(0, count, max(1, math.ceil(count / MAX_LISTED))))
        self.tally = CaseTally()

    def case(self, out: Chunk, index: int) -> None:
        rng, fixtures = self.rng, self.fixtures
        client, operator = fixtures.client, fixtures.operator
        chat_id = self.first.chat + index
        reporter, answerer = (self.first.participant + 2 * index + offset for offset in (0, 1))
        opened = self.start + self.step * (index + rng.random())
        answered = opened + timedelta(minutes=rng.randrange(5, 600))
        followed = answered + timedelta(minutes=rng.randrange(5, 600))
        assigned = (
            answered - timedelta(seconds=1) if rng.random() < words.CASE_ASSIGNED_SHARE else None
        )
        problem = rng.choice(words.PROBLEMS).format(code=rng.randrange(100, 1000))
        opening = (
            f"Please help with the {rng.choice(words.PRODUCTS)} of our "
            f"{rng.choice(words.DEPARTMENTS)} team: it {problem}."
        )
        answer = rng.choice(words.REPLIES).format(
            dept=rng.choice(words.DEPARTMENTS), day=rng.choice(words.DAYS)
        )
        messages = (
            Message(opened + ms(2), client, reporter, opening),
            Message(answered, operator, answerer, f"We are on it. {answer}"),
            Message(followed, client, reporter, rng.choice(words.CASE_FOLLOW_UPS)),
        )
        last = messages[-1]
        out.chats.add(
            {
                "id": chat_id,
                "public_id": self.names["chat"][index],
                "type": ChatType.CASE.value,
                "name": chat_name(opening),
                "description": None,
                "icon_file_id": None,
                "last_message_id": None,  # settle_chats, once the messages exist
                "revision": 1 + len(messages),
                "audit": trail(("created", client, opened), ("updated", last.by, last.at)),
                "created_at": self.ts(opened),
                "updated_at": self.ts(last.at),
            }
        )
        self._participant(out, reporter, chat_id, client, opened + ms(1))
        self._participant(out, answerer, chat_id, operator, assigned or answered - ms(2))
        for offset, message in enumerate(messages):
            self._message(out, self.first.message + MESSAGES * index + offset, chat_id, message)
        self._case(out, index, chat_id, filed=opened + ms(3), assigned=assigned, last=last.at)

    def _case(
        self,
        out: Chunk,
        index: int,
        chat_id: int,
        *,
        filed: datetime,
        assigned: datetime | None,
        last: datetime,
    ) -> None:
        rng, client, operator = self.rng, self.fixtures.client, self.fixtures.operator
        status = choose(rng, self.statuses)
        entries = [("created", client, filed), ("updated", client, filed)]
        if assigned is not None:  # change_case by the operator
            entries[1] = ("updated", operator, assigned)
        prompt = None
        if status != CaseStatus.PROCESSING:  # move_case by the operator
            moved = last + timedelta(minutes=rng.randrange(10, 600))
            entries[1] = ("updated", operator, moved)
            entries.append(
                ("queried" if status == CaseStatus.QUERYING else "completed", operator, moved)
            )
            prompt = rng.choice(words.QUERY_PROMPTS) if status == CaseStatus.QUERYING else None
        out.cases.add(
            {
                "id": self.first.case + index,
                "public_id": self.names["case"][index],
                "status": status,
                "awaiting": self.flag(False),
                "query_prompt": prompt,
                "queue_id": self.fixtures.queue_id,
                "account_id": client.account_id,
                "reporter_id": client.user_id,
                "assignee_id": operator.user_id if assigned else None,
                "chat_id": chat_id,
                "revision": 1 + (assigned is not None) + (status != CaseStatus.PROCESSING),
                "audit": trail(*entries),
                "created_at": self.ts(filed),
                "updated_at": self.ts(entries[1][2]),
            }
        )
        tally = self.tally
        tally.cases += 1
        tally.messages += MESSAGES
        tally.participants += 2
        tally.by_status[status] += 1
        if index in self.listed:
            tally.case_ids.append(self.names["case"][index])
            tally.chat_ids.append(self.names["chat"][index])

    def _participant(
        self, out: Chunk, participant_id: int, chat_id: int, person: Person, joined: datetime
    ) -> None:
        out.participants.add(
            {
                "id": participant_id,
                "public_id": self.names["participant"][participant_id - self.first.participant],
                "chat_id": chat_id,
                "contact_id": person.contact_id,
                "account_id": person.account_id,
                "status": ParticipantStatus.ACTIVE.value,
                "muted": self.flag(False),
                "last_read_message_id": None,  # settle_chats, once the messages exist
                "revision": 1,
                "audit": created_by(person, joined),
                "created_at": self.ts(joined),
                "updated_at": self.ts(joined),
            }
        )

    def _message(self, out: Chunk, message_id: int, chat_id: int, message: Message) -> None:
        out.messages.add(
            {
                "id": message_id,
                "public_id": self.names["message"][message_id - self.first.message],
                "chat_id": chat_id,
                "sender_id": message.sender,
                "account_id": message.by.account_id,
                "content": message.content,
                "visibility": Visibility.PUBLIC.value,
                "is_deleted": self.flag(False),
                "revision": 1,
                "audit": created_by(message.by, message.at),
                "created_at": self.ts(message.at),
                "updated_at": self.ts(message.at),
            }
        )


async def seed_cases(
    writer: Writer,
    rng: random.Random,
    fixtures: Fixtures,
    *,
    count: int,
    now: datetime,
    progress: Progress,
) -> CaseTally:
    first = FirstIds(
        *[
            await next_id(writer, table)
            for table in ("cases", "chats", "chat_participants", "chat_messages")
        ]
    )
    names = {
        "case": await public_ids(writer, rng, "cases", prefix="CAS", groups=2, count=count),
        "chat": await public_ids(writer, rng, "chats", prefix="CHT", groups=3, count=count),
        "participant": await public_ids(
            writer, rng, "chat_participants", prefix="CHP", groups=3, count=2 * count
        ),
        "message": await public_ids(
            writer, rng, "chat_messages", prefix="MSG", groups=3, count=MESSAGES * count
        ),
    }
    maker = CaseMaker(rng, writer, fixtures, first=first, names=names, count=count, now=now)
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        chunk = Chunk()
        for index in range(start, stop):
            maker.case(chunk, index)
        for rows in (chunk.chats, chunk.participants, chunk.messages, chunk.cases):
            await writer.insert(rows)
        progress.advance(stop - start)
    return maker.tally


async def settle_chats(writer: Writer) -> None:
    """What post_message keeps up to date, set once for all seeded chats: each chat's
    latest public message, each participant's read marker at the latest message they
    sent."""
    await writer.execute(
        "UPDATE chats SET last_message_id = (SELECT max(m.id) FROM chat_messages m "
        "WHERE m.chat_id = chats.id AND m.visibility = 'Public') "
        "WHERE last_message_id IS NULL"
    )
    await writer.execute(
        "UPDATE chat_participants SET last_read_message_id = (SELECT max(m.id) "
        "FROM chat_messages m WHERE m.sender_id = chat_participants.id) "
        "WHERE last_read_message_id IS NULL"
    )
