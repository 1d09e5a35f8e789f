"""Tickets, spread over the past year in id order, each with what the services write with
it: the opening thread (``tickets.service.open_ticket``), every fourth an agent's reply
(``tickets.threads.reply``: the ticket is then replied, no longer new, and keeps the
reply's time), labels and tags on some, and the full-text document
(``tickets.search.index_ticket``); the company's next ticket number follows the last."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from helpdesk.domain.shared.fulltext import plain_text
from helpdesk.domain.support.company import COMPANY_ID
from helpdesk.domain.tickets.models import ThreadType
from helpdesk.domain.tickets.service import clean_html
from seeding import vocabulary as words
from seeding.customers import Customer
from seeding.fixtures import Fixtures
from seeding.ids import choose, ms, next_id, weighted
from seeding.progress import Progress
from seeding.tables import Rows, js
from seeding.writers import Writer

CHUNK = 10_000
HISTORY = timedelta(days=365)


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
    """The increment id of an untrashed ticket with a reply."""


@dataclass(slots=True)
class Chunk:
    tickets: Rows = field(default_factory=lambda: Rows("tickets"))
    threads: Rows = field(default_factory=lambda: Rows("threads"))
    labels: Rows = field(default_factory=lambda: Rows("ticket_labels"))
    tags: Rows = field(default_factory=lambda: Rows("ticket_tags"))
    documents: list[tuple[int, str, str]] = field(default_factory=list)
    """(ticket id, the text customers read, the text of notes) per ticket."""


@dataclass(frozen=True, slots=True)
class Numbering:
    ticket_id: int
    number: int
    thread_id: int


class TicketMaker:
    def __init__(
        self,
        rng: random.Random,
        writer: Writer,
        fixtures: Fixtures,
        customers: list[Customer],
        *,
        count: int,
        now: datetime,
    ) -> None:
        self.rng, self.ts, self.flag = rng, writer.ts, writer.flag
        self.fixtures, self.customers, self.count, self.now = fixtures, customers, count, now
        self.start = now - HISTORY
        self.step = (HISTORY - timedelta(hours=6)) / max(count, 1)
        # About five tickets per printer number, at most 9000 numbers of four digits.
        self.printer_numbers = min(max(count // 50, 10), 9000)
        self.statuses = weighted(words.STATUS_WEIGHTS)
        self.priorities = weighted(words.PRIORITY_WEIGHTS)
        self.tally = TicketTally()

    def chunk(self, first: Numbering, start: int, stop: int) -> Chunk:
        """Tickets ``start`` to ``stop`` (0-based) of the run that begins at ``first``."""
        out = Chunk()
        thread_id = first.thread_id
        for index in range(start, stop):
            numbering = Numbering(first.ticket_id + index, first.number + index, thread_id)
            thread_id += self._ticket(out, numbering, index)
        return out

    def _ticket(self, out: Chunk, ids: Numbering, index: int) -> int:
        """Add one ticket; answer how many threads it has."""
        rng, fixtures = self.rng, self.fixtures
        created = self.start + self.step * (index + rng.random())
        customer = self.customers[rng.randrange(len(self.customers))]
        subject, sentence, printer = self._text()
        agent = rng.choice(fixtures.agents) if rng.random() < words.ASSIGNED_SHARE else None
        status = choose(rng, self.statuses)
        trashed = rng.random() < words.TRASHED_SHARE
        opening = ["Hello support,", sentence, f"Regards, {customer.first}"]
        texts = [" ".join(opening)]
        self._thread(
            out,
            ids,
            ids.thread_id,
            user_id=customer.user_id,
            paragraphs=opening,
            moment=created + ms(7),
        )
        updated, replied_at = created + ms(9), None
        replied = index % 4 == 3
        if replied:
            responder = agent or rng.choice(fixtures.agents)
            replied_at = min(created + timedelta(minutes=rng.randrange(10, 4320)), self.now)
            answer = " ".join(self._fill(reply) for reply in rng.sample(words.REPLIES, 2))
            reply = [f"Hi {customer.first},", answer, f"Best regards, {responder.name}"]
            texts.append(" ".join(reply))
            self._thread(
                out,
                ids,
                ids.thread_id + 1,
                user_id=responder.user_id,
                paragraphs=reply,
                moment=replied_at,
            )
            updated = replied_at + ms(3)
        out.tickets.add(
            {
                "id": ids.ticket_id,
                "increment_id": ids.number,
                "subject": subject,
                "source": "api",
                "status_id": status,
                "priority_id": choose(rng, self.priorities),
                "type_id": rng.choice((None, *fixtures.type_ids)),
                "group_id": (
                    rng.choice(fixtures.group_ids) if rng.random() < words.GROUPED_SHARE else None
                ),
                "team_id": None,
                "agent_id": agent.user_id if agent else None,
                "customer_id": customer.user_id,
                "mailbox_id": None,
                "is_starred": self.flag(rng.random() < words.STARRED_SHARE),
                "is_trashed": self.flag(trashed),
                "is_new": self.flag(not replied),
                "is_replied": self.flag(replied),
                "rating": 0,
                "unique_reply_to": f"support.{ids.number}.{ids.ticket_id}@helpdesk.local",
                "reference_ids": None,
                "ip_address": f"192.0.2.{rng.randrange(1, 255)}",
                "agent_last_replied_at": self.ts(replied_at + ms(1)) if replied_at else None,
                "created_at": self.ts(created),
                "updated_at": self.ts(updated),
            }
        )
        if rng.random() < words.LABELLED_SHARE:
            out.labels.add({"ticket_id": ids.ticket_id, "label_id": rng.choice(fixtures.label_ids)})
        if rng.random() < words.TAGGED_SHARE:
            out.tags.add({"ticket_id": ids.ticket_id, "tag_id": rng.choice(fixtures.tag_ids)})
        # index_ticket's document: subject, the customer's email and names, every thread.
        public = " ".join((subject, customer.email, customer.first, customer.last, *texts))
        out.documents.append((ids.ticket_id, public, ""))
        self._count(ids, status, trashed=trashed, replied=replied, printer=printer)
        return 2 if replied else 1

    def _thread(
        self,
        out: Chunk,
        ids: Numbering,
        thread_id: int,
        *,
        user_id: int,
        paragraphs: list[str],
        moment: datetime,
    ) -> None:
        opening = thread_id == ids.thread_id
        out.threads.add(
            {
                "id": thread_id,
                "ticket_id": ids.ticket_id,
                "user_id": user_id,
                "user_type": "customer" if opening else "agent",
                "thread_type": (ThreadType.CREATE if opening else ThreadType.REPLY).value,
                "source": "api",
                "message": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                "reply_to": None,
                "cc": js(None),
                "bcc": None,
                "message_id": None,
                "is_locked": self.flag(False),
                "is_bookmarked": self.flag(False),
                "viewed_at": None,
                "created_at": self.ts(moment),
                "updated_at": self.ts(moment),
            }
        )

    def _fill(self, sentence: str) -> str:
        return sentence.format(
            dept=self.rng.choice(words.DEPARTMENTS), day=self.rng.choice(words.DAYS)
        )

    def _text(self) -> tuple[str, str, int | None]:
        """A subject, the sentence that opens the first message, the printer number if any."""
        rng = self.rng
        problem = rng.choice(words.PROBLEMS).format(code=rng.randrange(100, 1000))
        details = " ".join(self._fill(detail) for detail in rng.sample(words.DETAILS, 2))
        if rng.random() < words.PRINTER_SHARE:
            number = 1000 + rng.randrange(self.printer_numbers)
            floor = rng.randrange(1, 13)
            sentence = f"Our printer {number} on floor {floor} {problem}. {details}"
            return f"Printer {number} {problem}", sentence, number
        product = rng.choice(words.PRODUCTS)
        subject = f"{product[0].upper()}{product[1:]} {problem}"
        return subject, f"The {product} in our office {problem}. {details}", None

    def _count(
        self, ids: Numbering, status: int, *, trashed: bool, replied: bool, printer: int | None
    ) -> None:
        tally = self.tally
        if not tally.tickets:
            tally.first_id, tally.first_number = ids.ticket_id, ids.number
        tally.tickets += 1
        tally.threads += 2 if replied else 1
        if trashed:
            tally.trashed += 1
            return
        tally.untrashed_by_status[status] += 1
        if printer is not None:
            tally.printers[printer] += 1
        if replied and not tally.replied_number:
            tally.replied_number = ids.number


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


async def seed_tickets(writer: Writer, maker: TicketMaker, progress: Progress) -> TicketTally:
    company = await writer.rows(f"SELECT next_ticket_id FROM companies WHERE id = {COMPANY_ID}")  # noqa: S608
    first = Numbering(
        await next_id(writer, "tickets"), int(company[0][0]), await next_id(writer, "threads")
    )
    thread_id = first.thread_id
    for start in range(0, maker.count, CHUNK):
        stop = min(start + CHUNK, maker.count)
        chunk = maker.chunk(Numbering(first.ticket_id, first.number, thread_id), start, stop)
        if not start:
            check_texts(chunk)
        thread_id += len(chunk.threads)
        for rows in (chunk.tickets, chunk.threads, chunk.labels, chunk.tags):
            await writer.insert(rows)
        await writer.add_search_documents(chunk.documents)
        progress.advance(stop - start)
    # take_ticket_number goes on after the seeded tickets.
    await writer.execute(
        f"UPDATE companies SET next_ticket_id = {first.number + maker.count} "  # noqa: S608
        f"WHERE id = {COMPANY_ID}"
    )
    return maker.tally
