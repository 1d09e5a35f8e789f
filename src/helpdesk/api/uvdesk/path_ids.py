"""``{ticket_id:id}``: a path id that some row could have, or no route match at all.

Starlette's ``int`` converter takes any run of digits, and a number no INTEGER column can
hold then fails inside the database driver. This converter's pattern only matches
0..``ID_MAX``, so a larger id matches no route and answers UVdesk's 404, like any other
unknown path.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

from helpdesk.domain.shared.bounds import ID_MAX


def numbers_up_to(limit: int) -> str:
    """A regular expression for the decimal numbers 0..``limit`` (leading zeros allowed)."""
    digits = str(limit)
    shorter = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    # Same length: equal to the limit up to a position, then a smaller digit, then anything.
    lower_at = [
        f"{digits[:position]}[0-{int(digit) - 1}][0-9]{{{len(digits) - position - 1}}}"
        for position, digit in enumerate(digits)
        if digit != "0"
    ]
    return "0*(?:" + "|".join([*shorter, *lower_at, digits]) + ")"


class IdConvertor(Convertor[int]):
    regex = numbers_up_to(ID_MAX)
    bounds = (0, ID_MAX)  # documented in /openapi.json

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


def register() -> None:
    """Makes ``:id`` usable in route paths; called before any UVdesk route is declared."""
    register_url_convertor("id", IdConvertor())
