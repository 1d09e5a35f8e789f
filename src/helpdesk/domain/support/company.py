"""The company record: its timezone for dates and the next ticket number."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.support.models import Company

COMPANY_ID = 1


async def company(session: AsyncSession) -> Company:
    found = await session.get(Company, COMPANY_ID)
    if found is None:  # created by migration 0011; recreated if someone removed it
        found = Company(id=COMPANY_ID, name="Helpdesk", timezone="UTC", next_ticket_id=1)
        session.add(found)
        await session.flush()
    return found


_TIMEZONE = "support.company_timezone"


async def company_timezone(session: AsyncSession) -> str:
    """The company's timezone, which every UVdesk date is shown in: from the process memo,
    since nearly every request needs it and almost none changes it."""

    async def read() -> str:
        return (await company(session)).timezone

    return await unit_of_work(session).shared(_TIMEZONE, {Company.__tablename__}, read)


async def take_ticket_number(session: AsyncSession) -> int:
    """The next incrementId. The row update serialises concurrent creators."""
    await company(session)
    await session.execute(
        update(Company)
        .where(Company.id == COMPANY_ID)
        .values(next_ticket_id=Company.next_ticket_id + 1)
        .execution_options(synchronize_session=False)
    )
    taken = await session.scalar(select(Company.next_ticket_id).where(Company.id == COMPANY_ID))
    return int(taken or 2) - 1
