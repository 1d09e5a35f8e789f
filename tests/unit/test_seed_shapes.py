"""The seed conformance comparison and the UVdesk page block it checks."""

from __future__ import annotations

from helpdesk.api.uvdesk.paging import echoed_page, pagination
from tests.seed.shapes import Allowances, empty_lists, shape_mismatches

EXAMPLE = {"id": 1, "user": {"name": "x", "tags": [{"id": 2}]}, "note": None}


def test_a_matching_answer_has_no_mismatches() -> None:
    answer = {"id": 7, "user": {"name": "y", "tags": [{"id": 3}, {"id": 4}]}, "note": 5, "more": 1}
    assert shape_mismatches(EXAMPLE, answer) == []


def test_every_mismatch_is_reported_not_just_the_first() -> None:
    answer = {"id": "7", "user": {"tags": [{"id": 3}, {"id": None}]}}
    assert shape_mismatches(EXAMPLE, answer) == [
        "$.id: expected number like 1, got '7'",
        "$.user.name: missing (seed: 'x')",
        "$.user.tags[1].id: expected number like 2, got None",
        "$.note: missing (seed: None)",
    ]


def test_allowances_name_nullable_keys_and_optional_children() -> None:
    allow = Allowances(nullable=frozenset({"name"}))
    assert shape_mismatches({"name": "x"}, {"name": None}, allow) == []
    assert (
        shape_mismatches(
            {"page": {"next": 2}}, {"page": {}}, Allowances(optional=frozenset({"page.next"}))
        )
        == []
    )


def test_lists_left_empty_everywhere_are_reported() -> None:
    answer = {"user": {"tags": []}}
    assert empty_lists(EXAMPLE, answer) == {"$.user.tags"}
    rows = {"rows": [{"tags": []}, {"tags": [{"id": 1}]}]}
    assert empty_lists({"rows": [{"tags": [{"id": 1}]}]}, rows) == set()


def test_the_page_block_echoes_a_requested_page_as_a_string() -> None:
    assert echoed_page("2") == "2"
    assert echoed_page(None) == 1
    assert echoed_page("nonsense") == 1
    block = pagination(echoed_page("2"), 10, 25, 10)
    assert (block["current"], block["previous"], block["next"]) == ("2", 1, 3)
    assert "next" not in pagination(1, 10, 5, 5)
