"""Tickets, spread over the past year in id order, each with what the services write with
it: the opening thread (``tickets.service.open_ticket``), every fourth an agent's reply
(``tickets.threads.reply``: the ticket is then replied, no longer new, and keeps the
reply's time), labels and tags on some, and the full-text document
(``tickets.search.index_ticket``); the company's next ticket number follows the last.

Chunks are independent (each has its own seeded draws, and its first ids follow from its
position), so they can be made in another process while this one writes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from helpdesk.domain.shared.fulltext import plain_text
from helpdesk.domain.support.company import COMPANY_ID
from helpdesk.domain.tickets.models import ThreadType
from helpdesk.domain.tickets.service import clean_html
from seeding import vocabulary as words
from seeding.customers import Customer
from seeding.dice import Dice, spread
from seeding.fixtures import Fixtures
from seeding.formats import CODECS, NULL_JSON
from seeding.pipeline import Helper
from seeding.progress import Progress
from seeding.tables import Rows
from seeding.writers import Writer

CHUNK = 10_000
HISTORY = timedelta(days=365)
MS_1, MS_3, MS_7, MS_9 = (timedelta(milliseconds=count) for count in (1, 3, 7, 9))
CREATE, REPLY = ThreadType.CREATE.value, ThreadType.REPLY.value


def replied(index: int) -> bool:
    """Every fourth ticket has an agent's reply."""
    return index % 4 == 3


def threads_before(index: int) -> int:
    """Threads of the tickets before the ``index``-th (0-based)."""
    return index + index // 4


@dataclass(slots=True)
class TicketTally:
    """What was seeded, and what the app's reads must find in it."""

    tickets: int = 0
    threads: int = 0
    trashed: int = 0
    first_id: int = 0
    first_number: int = 0
    untrashed_by_status: Counter[int] = field(default_factory=Counter)
    printers: Counter[int] = field(default_factory=Counter)
    """Untrashed tickets per printer number: what ``search=printer N`` lists."""
    replied_number: int = 0
    """The increment id of the first untrashed ticket with a reply."""

    def add(self, other: TicketTally) -> None:
        self.tickets += other.tickets
        self.threads += other.threads
        self.trashed += other.trashed
        self.untrashed_by_status.update(other.untrashed_by_status)
        self.printers.update(other.printers)
        self.replied_number = self.replied_number or other.replied_number


@dataclass(slots=True)
class Chunk:
    tickets: Rows = field(default_factory=lambda: Rows("tickets"))
    threads: Rows = field(default_factory=lambda: Rows("threads"))
    labels: Rows = field(default_factory=lambda: Rows("ticket_labels"))
    tags: Rows = field(default_factory=lambda: Rows("ticket_tags"))
    documents: list[tuple[int, str, str]] = field(default_factory=list)
    """(ticket id, the text customers read, the text of notes) per ticket."""
    tally: TicketTally = field(default_factory=TicketTally)


@dataclass(frozen=True, slots=True)
class Numbering:
    """The first ids of the run: ticket id, increment id, thread id."""

    ticket_id: int
    number: int
    thread_id: int


@dataclass(frozen=True, slots=True)
class TicketMaker:
    """Everything a chunk of tickets is made from (sent to the helper with each job)."""

    codec_name: str
    seed: int
    fixtures: Fixtures
    customers: list[Customer]
    first: Numbering
    count: int
    now: datetime

    def chunk(self, start: int, stop: int) -> Chunk:
        """Tickets ``start`` to ``stop`` (0-based) of the run."""
        making = _Making(self, Dice(f"{self.seed}:tickets:{start}"))
        for index in range(start, stop):
            making.ticket(index)
        return making.out


class _Making:
    """One chunk in the making."""

    def __init__(self, plan: TicketMaker, dice: Dice) -> None:
        self.plan, self.dice, self.out = plan, dice, Chunk()
        codec = CODECS[plan.codec_name]
        self.ts, self.no, self.yes = codec.ts, codec.flag(False), codec.flag(True)
        self.step = (HISTORY - timedelta(hours=6)) / max(plan.count, 1)
        self.start = plan.now - HISTORY
        # About five tickets per printer number, at most 9000 numbers of four digits.
        self.printer_numbers = min(max(plan.count // 50, 10), 9000)
        self.statuses = spread(words.STATUS_WEIGHTS)
        self.priorities = spread(words.PRIORITY_WEIGHTS)
        self.types: tuple[int | None, ...] = (None, *plan.fixtures.type_ids)

    def ticket(self, index: int) -> None:
        dice, fixtures, ts, first = self.dice, self.plan.fixtures, self.ts, self.plan.first
        ticket_id, number = first.ticket_id + index, first.number + index
        thread_id = first.thread_id + threads_before(index)
        created = self.start + self.step * (index + dice(1_000_000) / 1_000_000)
        customer = self.plan.customers[dice(len(self.plan.customers))]
        subject, sentence, printer = self._text()
        agent = dice.pick(fixtures.agents) if dice.chance(words.ASSIGNED_SHARE) else None
        status = dice.pick(self.statuses)
        trashed = dice.chance(words.TRASHED_SHARE)
        opening = ("Hello support,", sentence, f"Regards, {customer.first}")
        texts = [" ".join(opening)]
        self._thread(thread_id, ticket_id, customer.user_id, opening, created + MS_7)
        updated, replied_at = created + MS_9, None
        if replied(index):
            responder = agent or dice.pick(fixtures.agents)
            replied_at = min(created + timedelta(minutes=10 + dice(4310)), self.plan.now)
            answer = " ".join(self._fill(reply) for reply in dice.pair(words.REPLIES))
            reply = (f"Hi {customer.first},", answer, f"Best regards, {responder.name}")
            texts.append(" ".join(reply))
            self._thread(thread_id + 1, ticket_id, responder.user_id, reply, replied_at, reply=True)
            updated = replied_at + MS_3
        self.out.tickets.add(
            {
                "id": ticket_id,
                "increment_id": number,
                "subject": subject,
                "source": "api",
                "status_id": status,
                "priority_id": dice.pick(self.priorities),
                "type_id": dice.pick(self.types),
                "group_id": (
                    dice.pick(fixtures.group_ids) if dice.chance(words.GROUPED_SHARE) else None
                ),
                "team_id": None,
                "agent_id": agent.user_id if agent else None,
                "customer_id": customer.user_id,
                "mailbox_id": None,
                "is_starred": self.yes if dice.chance(words.STARRED_SHARE) else self.no,
                "is_trashed": self.yes if trashed else self.no,
                "is_new": self.no if replied_at else self.yes,
                "is_replied": self.yes if replied_at else self.no,
                "rating": 0,
                "unique_reply_to": f"support.{number}.{ticket_id}@helpdesk.local",
                "reference_ids": None,
                "ip_address": f"192.0.2.{1 + dice(254)}",
                "agent_last_replied_at": ts(replied_at + MS_1) if replied_at else None,
                "created_at": ts(created),
                "updated_at": ts(updated),
            }
        )
        if dice.chance(words.LABELLED_SHARE):
            self.out.labels.add({"ticket_id": ticket_id, "label_id": dice.pick(fixtures.label_ids)})
        if dice.chance(words.TAGGED_SHARE):
            self.out.tags.add({"ticket_id": ticket_id, "tag_id": dice.pick(fixtures.tag_ids)})
        # index_ticket's document: subject, the customer's email and names, every thread.
        public = " ".join((subject, customer.email, customer.first, customer.last, *texts))
        self.out.documents.append((ticket_id, public, ""))
        self._count(number, status, trashed=trashed, printer=printer, threads=len(texts))

    def _thread(
        self,
        thread_id: int,
        ticket_id: int,
        user_id: int,
        paragraphs: tuple[str, ...],
        moment: datetime,
        *,
        reply: bool = False,
    ) -> None:
        """The opening thread (the customer's), or the agent's reply after it."""
        opening = not reply
        stamp = self.ts(moment)
        self.out.threads.add(
            {
                "id": thread_id,
                "ticket_id": ticket_id,
                "user_id": user_id,
                "user_type": "customer" if opening else "agent",
                "thread_type": CREATE if opening else REPLY,
                "source": "api",
                "message": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                "reply_to": None,
                "cc": NULL_JSON,
                "bcc": None,
                "message_id": None,
                "is_locked": self.no,
                "is_bookmarked": self.no,
                "viewed_at": None,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )

    def _fill(self, sentence: str) -> str:
        return sentence.format(
            dept=self.dice.pick(words.DEPARTMENTS), day=self.dice.pick(words.DAYS)
        )

    def _text(self) -> tuple[str, str, int | None]:
        """A subject, the sentence that opens the first message, the printer number if any."""
        dice = self.dice
        problem = dice.pick(words.PROBLEMS).format(code=100 + dice(900))
        details = " ".join(self._fill(detail) for detail in dice.pair(words.DETAILS))
        if dice.chance(words.PRINTER_SHARE):
            number = 1000 + dice(self.printer_numbers)
            sentence = f"Our printer {number} on floor {1 + dice(12)} {problem}. {details}"
            return f"Printer {number} {problem}", sentence, number
        product = dice.pick(words.PRODUCTS)
        subject = f"{product[0].upper()}{product[1:]} {problem}"
        return subject, f"The {product} in our office {problem}. {details}", None

    def _count(
        self, number: int, status: int, *, trashed: bool, printer: int | None, threads: int
    ) -> None:
        tally = self.out.tally
        tally.tickets += 1
        tally.threads += threads
        if trashed:
            tally.trashed += 1
            return
        tally.untrashed_by_status[status] += 1
        if printer is not None:
            tally.printers[printer] += 1
        if threads > 1 and not tally.replied_number:
            tally.replied_number = number


def check_texts(chunk: Chunk) -> None:
    """The seeded bodies are what the services would store and index: already clean HTML
    (``clean_html`` leaves them as they are), and each search document holds its threads'
    plain text as ``index_ticket`` extracts it."""
    message = chunk.threads.columns.index("message")
    texts: dict[int, list[str]] = {}
    for row in chunk.threads.rows[:100]:
        if clean_html(row[message]) != row[message]:
            raise SystemExit(f"A seeded message is not clean HTML: {row[message]!r}")
        texts.setdefault(row[1], []).append(plain_text(row[message]))
    for ticket_id, public, _notes in chunk.documents[:40]:
        if ticket_id in texts and not public.endswith(" ".join(texts[ticket_id])):
            raise SystemExit(f"The search document of ticket {ticket_id} misses its threads.")


async def first_numbers(writer: Writer) -> Numbering:
    company = await writer.rows(f"SELECT next_ticket_id FROM companies WHERE id = {COMPANY_ID}")  # noqa: S608
    tickets = await writer.rows("SELECT max(id) FROM tickets")
    threads = await writer.rows("SELECT max(id) FROM threads")
    return Numbering(int(tickets[0][0] or 0) + 1, int(company[0][0]), int(threads[0][0] or 0) + 1)


async def seed_tickets(
    writer: Writer, maker: TicketMaker, progress: Progress, helper: Helper
) -> TicketTally:
    tally = TicketTally(first_id=maker.first.ticket_id, first_number=maker.first.number)
    jobs = [(start, min(start + CHUNK, maker.count)) for start in range(0, maker.count, CHUNK)]
    for chunk in helper.chunks(maker, jobs):
        if not tally.tickets:
            check_texts(chunk)
        for rows in (chunk.tickets, chunk.threads, chunk.labels, chunk.tags):
            await writer.insert(rows)
        await writer.add_search_documents(chunk.documents)
        tally.add(chunk.tally)
        progress.advance(chunk.tally.tickets)
    # take_ticket_number goes on after the seeded tickets.
    await writer.execute(
        f"UPDATE companies SET next_ticket_id = {maker.first.number + maker.count} "  # noqa: S608
        f"WHERE id = {COMPANY_ID}"
    )
    return tally
