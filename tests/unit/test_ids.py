"""Public identifiers."""

from __future__ import annotations

from helpdesk.core.ids import looks_like_public_id, random_public_id


def test_public_ids_have_a_prefix_and_groups_of_four_digits() -> None:
    assert looks_like_public_id(random_public_id("CHT", 3), "CHT", 3)
    assert not looks_like_public_id("CHT-123-4567-8901", "CHT", 3)
    assert not looks_like_public_id("CAS-1234-5678", "CHT", 2)
