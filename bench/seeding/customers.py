"""Customers: users, their contacts and UVdesk customer instances, as ``customer_for``
(``ensure_user`` + ``ensure_user_instance``) makes them for a first ticket."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from helpdesk.domain.identity.models import SupportRole
from seeding.ids import next_id, public_ids
from seeding.tables import Rows
from seeding.vocabulary import FIRST_NAMES, LAST_NAMES
from seeding.writers import Writer


@dataclass(frozen=True, slots=True)
class Customer:
    user_id: int
    email: str
    first: str
    last: str


async def seed_customers(
    writer: Writer, rng: random.Random, *, count: int, before: datetime
) -> list[Customer]:
    """``count`` customers, all registered in the month before ``before``."""
    user_id, contact_id, instance_id = [
        await next_id(writer, table) for table in ("users", "contacts", "user_instances")
    ]
    users, contacts, instances = Rows("users"), Rows("contacts"), Rows("user_instances")
    user_public = await public_ids(writer, rng, "users", prefix="USR", groups=2, count=count)
    contact_public = await public_ids(writer, rng, "contacts", prefix="CTT", groups=2, count=count)
    ts, flag = writer.codec.ts, writer.codec.flag
    customers = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}{index + 1}@customers.example.com".lower()
        joined = ts(before - timedelta(seconds=rng.randrange(30 * 86_400)))
        users.add(
            {
                "id": user_id + index,
                "public_id": user_public[index],
                "email": email,
                "first_name": first,
                "last_name": last,
                "account_id": None,
                "is_active": flag(True),
                "timezone": None,
                "password_hash": None,
                "created_at": joined,
                "updated_at": joined,
            }
        )
        contacts.add(
            {
                "id": contact_id + index,
                "public_id": contact_public[index],
                "email": email,
                "name": f"{first} {last}",
                "user_id": user_id + index,
                "account_id": None,
                "created_at": joined,
                "updated_at": joined,
            }
        )
        instances.add(
            {
                "id": instance_id + index,
                "user_id": user_id + index,
                "role": SupportRole.CUSTOMER.value,
                "is_active": flag(True),
                "is_verified": flag(True),
                "is_starred": flag(False),
                "source": "api",
                "signature": None,
                "job_title": None,
                "contact_number": None,
                "ticket_view": None,
                "created_at": joined,
                "updated_at": joined,
            }
        )
        customers.append(Customer(user_id + index, email, first, last))
    for rows in (users, contacts, instances):
        await writer.insert(rows)
    return customers
