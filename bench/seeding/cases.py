"""Cases of the client account, each with its chat (type Case), the reporter and the
operator taking part, and three public messages (reporter, operator, reporter), as
``file_case``, ``write_message``, ``change_case`` and ``move_case`` leave them:

- the chat is opened with the reporter in it and the first message (revision 2); every
  further public message bumps its revision and names it the chat's last message;
- the operator joins the chat when first acting in it (assigning the case, or writing);
- a sender has read what they wrote (``last_read_message_id``);
- the case has revision 1, plus one for an assignment and one for a move to Querying
  (with its prompt) or Completed, each stamped in its audit trail.

Chunks are independent, as tickets' are (``tickets.py``).
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
from seeding.dice import Dice, spread
from seeding.fixtures import Fixtures, Person
from seeding.formats import CODECS, created_by, trail
from seeding.ids import next_id, public_ids
from seeding.pipeline import Helper
from seeding.progress import Progress
from seeding.tables import Rows
from seeding.writers import Writer

CHUNK = 5_000
HISTORY = timedelta(days=180)
MESSAGES = 3
MAX_LISTED = 10_000
MS_1, MS_2, MS_3 = (timedelta(milliseconds=count) for count in (1, 2, 3))


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

    def add(self, other: CaseTally) -> None:
        self.cases += other.cases
        self.messages += other.messages
        self.participants += other.participants
        self.by_status.update(other.by_status)
        self.case_ids += other.case_ids
        self.chat_ids += other.chat_ids


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
    tally: CaseTally = field(default_factory=CaseTally)


@dataclass(frozen=True, slots=True)
class Names:
    """The public ids of a chunk's rows, from its first case on."""

    cases: list[str]
    chats: list[str]
    participants: list[str]
    messages: list[str]


@dataclass(frozen=True, slots=True)
class Message:
    at: datetime
    by: Person
    sender: int
    content: str


@dataclass(frozen=True, slots=True)
class CaseMaker:
    """Everything a chunk of cases is made from but its public ids."""

    codec_name: str
    seed: int
    fixtures: Fixtures
    first: FirstIds
    count: int
    now: datetime

    def chunk(self, start: int, stop: int, names: Names) -> Chunk:
        making = _Making(self, Dice(f"{self.seed}:cases:{start}"), start, names)
        for index in range(start, stop):
            making.case(index)
        return making.out


class _Making:
    def __init__(self, plan: CaseMaker, dice: Dice, start: int, names: Names) -> None:
        self.plan, self.dice, self.start, self.names, self.out = plan, dice, start, names, Chunk()
        codec = CODECS[plan.codec_name]
        self.ts, self.no = codec.ts, codec.flag(False)
        self.history_start = plan.now - HISTORY
        self.step = (HISTORY - timedelta(days=3)) / max(plan.count, 1)
        self.statuses = spread({status.value: w for status, w in words.CASE_STATUS_WEIGHTS.items()})
        self.listed_every = max(1, math.ceil(plan.count / MAX_LISTED))

    def case(self, index: int) -> None:
        dice, first = self.dice, self.plan.first
        client, operator = self.plan.fixtures.client, self.plan.fixtures.operator
        chat_id = first.chat + index
        reporter, answerer = first.participant + 2 * index, first.participant + 2 * index + 1
        opened = self.history_start + self.step * (index + dice(1_000_000) / 1_000_000)
        answered = opened + timedelta(minutes=5 + dice(595))
        followed = answered + timedelta(minutes=5 + dice(595))
        assigned = (
            answered - timedelta(seconds=1) if dice.chance(words.CASE_ASSIGNED_SHARE) else None
        )
        problem = dice.pick(words.PROBLEMS).format(code=100 + dice(900))
        opening = (
            f"Please help with the {dice.pick(words.PRODUCTS)} of our "
            f"{dice.pick(words.DEPARTMENTS)} team: it {problem}."
        )
        answer = dice.pick(words.REPLIES).format(
            dept=dice.pick(words.DEPARTMENTS), day=dice.pick(words.DAYS)
        )
        messages = (
            Message(opened + MS_2, client, reporter, opening),
            Message(answered, operator, answerer, f"We are on it. {answer}"),
            Message(followed, client, reporter, dice.pick(words.CASE_FOLLOW_UPS)),
        )
        last = messages[-1]
        offset = index - self.start
        self.out.chats.add(
            {
                "id": chat_id,
                "public_id": self.names.chats[offset],
                "type": ChatType.CASE.value,
                "name": chat_name(opening),
                "description": None,
                "icon_file_id": None,
                "last_message_id": None,  # settle_chats, once the messages exist
                "revision": 1 + len(messages),
                "audit": trail(("created", client.by, opened), ("updated", last.by.by, last.at)),
                "created_at": self.ts(opened),
                "updated_at": self.ts(last.at),
            }
        )
        self._participant(reporter, 2 * offset, chat_id, client, opened + MS_1)
        self._participant(answerer, 2 * offset + 1, chat_id, operator, assigned or answered - MS_2)
        for number, message in enumerate(messages):
            self._message(
                first.message + MESSAGES * index + number,
                MESSAGES * offset + number,
                chat_id,
                message,
            )
        self._case(index, chat_id, filed=opened + MS_3, assigned=assigned, last=last.at)

    def _case(
        self,
        index: int,
        chat_id: int,
        *,
        filed: datetime,
        assigned: datetime | None,
        last: datetime,
    ) -> None:
        dice, fixtures = self.dice, self.plan.fixtures
        client, operator = fixtures.client, fixtures.operator
        status = dice.pick(self.statuses)
        entries = [("created", client.by, filed), ("updated", client.by, filed)]
        if assigned is not None:  # change_case by the operator
            entries[1] = ("updated", operator.by, assigned)
        prompt = None
        if status != CaseStatus.PROCESSING:  # move_case by the operator
            moved = last + timedelta(minutes=10 + dice(590))
            entries[1] = ("updated", operator.by, moved)
            event = "queried" if status == CaseStatus.QUERYING else "completed"
            entries.append((event, operator.by, moved))
            prompt = dice.pick(words.QUERY_PROMPTS) if status == CaseStatus.QUERYING else None
        public_id = self.names.cases[index - self.start]
        self.out.cases.add(
            {
                "id": self.plan.first.case + index,
                "public_id": public_id,
                "status": status,
                "awaiting": self.no,
                "query_prompt": prompt,
                "queue_id": fixtures.queue_id,
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
        tally = self.out.tally
        tally.cases += 1
        tally.messages += MESSAGES
        tally.participants += 2
        tally.by_status[status] += 1
        if index % self.listed_every == 0:
            tally.case_ids.append(public_id)
            tally.chat_ids.append(self.names.chats[index - self.start])

    def _participant(
        self, participant_id: int, offset: int, chat_id: int, person: Person, joined: datetime
    ) -> None:
        self.out.participants.add(
            {
                "id": participant_id,
                "public_id": self.names.participants[offset],
                "chat_id": chat_id,
                "contact_id": person.contact_id,
                "account_id": person.account_id,
                "status": ParticipantStatus.ACTIVE.value,
                "muted": self.no,
                "last_read_message_id": None,  # settle_chats, once the messages exist
                "revision": 1,
                "audit": created_by(person.by, joined),
                "created_at": self.ts(joined),
                "updated_at": self.ts(joined),
            }
        )

    def _message(self, message_id: int, offset: int, chat_id: int, message: Message) -> None:
        self.out.messages.add(
            {
                "id": message_id,
                "public_id": self.names.messages[offset],
                "chat_id": chat_id,
                "sender_id": message.sender,
                "account_id": message.by.account_id,
                "content": message.content,
                "visibility": Visibility.PUBLIC.value,
                "is_deleted": self.no,
                "revision": 1,
                "audit": created_by(message.by.by, message.at),
                "created_at": self.ts(message.at),
                "updated_at": self.ts(message.at),
            }
        )


async def first_ids(writer: Writer) -> FirstIds:
    return FirstIds(
        *[
            await next_id(writer, table)
            for table in ("cases", "chats", "chat_participants", "chat_messages")
        ]
    )


async def seed_cases(
    writer: Writer, maker: CaseMaker, progress: Progress, helper: Helper
) -> CaseTally:
    count, rng = maker.count, random.Random(f"{maker.seed}:case-ids")
    cases = await public_ids(writer, rng, "cases", prefix="CAS", groups=2, count=count)
    chats = await public_ids(writer, rng, "chats", prefix="CHT", groups=3, count=count)
    participants = await public_ids(
        writer, rng, "chat_participants", prefix="CHP", groups=3, count=2 * count
    )
    messages = await public_ids(
        writer, rng, "chat_messages", prefix="MSG", groups=3, count=MESSAGES * count
    )
    jobs = [
        (
            start,
            min(start + CHUNK, count),
            Names(
                cases[start : start + CHUNK],
                chats[start : start + CHUNK],
                participants[2 * start : 2 * (start + CHUNK)],
                messages[MESSAGES * start : MESSAGES * (start + CHUNK)],
            ),
        )
        for start in range(0, count, CHUNK)
    ]
    tally = CaseTally()
    for chunk in helper.chunks(maker, jobs):
        for rows in (chunk.chats, chunk.participants, chunk.messages, chunk.cases):
            await writer.insert(rows)
        tally.add(chunk.tally)
        progress.advance(chunk.tally.cases)
    return tally


async def settle_chats(writer: Writer) -> None:
    """What post_message keeps up to date, set once for all seeded chats: each chat's
    latest public message, each participant's read marker at the latest message they
    sent."""
    await writer.execute(
        "UPDATE chats SET last_message_id = latest.id FROM (SELECT chat_id, max(id) AS id "
        "FROM chat_messages WHERE visibility = 'Public' GROUP BY chat_id) AS latest "
        "WHERE latest.chat_id = chats.id AND chats.last_message_id IS NULL"
    )
    await writer.execute(
        "UPDATE chat_participants SET last_read_message_id = latest.id FROM (SELECT "
        "sender_id, max(id) AS id FROM chat_messages GROUP BY sender_id) AS latest "
        "WHERE latest.sender_id = chat_participants.id "
        "AND chat_participants.last_read_message_id IS NULL"
    )
