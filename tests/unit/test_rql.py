"""The Marketplace query string parses into the dialect-neutral ListQuery."""

from __future__ import annotations

import pytest

from helpdesk.api.marketplace.rql import parse_query_string
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.listing import (
    Condition,
    Logical,
    OrderTerm,
    Quantified,
    Special,
    Value,
    like_pattern,
)


def test_a_bare_comparison_becomes_a_condition() -> None:
    query = parse_query_string("eq(status,Active)").query
    assert query.filter == Condition("eq", "status", Value("Active"))


def test_nested_logic_keeps_its_structure() -> None:
    query = parse_query_string("and(eq(status,Active),or(ilike(name,*bill*),not(eq(a,b))))").query
    assert query.filter == Logical(
        "and",
        (
            Condition("eq", "status", Value("Active")),
            Logical(
                "or",
                (
                    Condition("ilike", "name", Value("*bill*")),
                    Logical("not", (Condition("eq", "a", Value("b")),)),
                ),
            ),
        ),
    )


def test_quoted_values_are_percent_decoded_after_splitting_on_ampersand() -> None:
    # What the official SDK sends for eq(name, "Tom & Jerry's").
    query = parse_query_string('eq(name,"Tom%20%26%20Jerry%27s")').query
    assert query.filter == Condition("eq", "name", Value("Tom & Jerry's", quoted=True))


def test_in_takes_a_parenthesised_list() -> None:
    query = parse_query_string("in(status,('Processing','Querying'))").query
    assert query.filter == Condition(
        "in", "status", (Value("Processing", True), Value("Querying", True))
    )


def test_null_and_empty_are_constants() -> None:
    query = parse_query_string("and(eq(a,null()),ne(b,empty()))").query
    assert query.filter == Logical(
        "and", (Condition("eq", "a", Special.NULL), Condition("ne", "b", Special.EMPTY))
    )


def test_any_wraps_a_condition_on_a_collection() -> None:
    query = parse_query_string("any(participants,eq(contact.id,CTT-1))").query
    assert query.filter == Quantified(
        "any", "participants", Condition("eq", "contact.id", Value("CTT-1"))
    )


def test_key_value_pairs_are_equality_shortcuts_combined_with_expressions() -> None:
    query = parse_query_string("status=Active&queue.id=HQU-1&ilike(name,*x*)").query
    assert query.filter == Logical(
        "and",
        (
            Condition("eq", "status", Value("Active")),
            Condition("eq", "queue.id", Value("HQU-1")),
            Condition("ilike", "name", Value("*x*")),
        ),
    )


def test_render_is_accepted_and_filters_nothing() -> None:
    assert parse_query_string("render()&limit=5").query.filter is None


def test_paging_defaults_and_cap() -> None:
    assert parse_query_string("").query.limit == 10
    assert parse_query_string("limit=1000").query.limit == 100
    assert parse_query_string("limit=0&offset=30").query.offset == 30


def test_order_signs() -> None:
    query = parse_query_string("order=-audit.created.at,+name,id").query
    assert query.order == (
        OrderTerm("audit.created.at", descending=True),
        OrderTerm("name"),
        OrderTerm("id"),
    )


def test_select_adds_and_removes() -> None:
    selection = parse_query_string("select=+audit,-description").selection
    assert selection.added == {"audit"}
    assert selection.removed == {"description"}


@pytest.mark.parametrize(
    "raw",
    [
        "eq(status,Active",
        "eq(status)",
        "frobnicate(status,1)",
        "eq('status',1)",
        "and(status)",
        "eq(status,now())",
        "limit=-1",
        "offset=ten",
    ],
)
def test_malformed_input_is_a_validation_error(raw: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_query_string(raw)


def test_like_pattern_translates_wildcards_and_escapes_sql_ones() -> None:
    assert like_pattern("*50\\*%_off*") == "%50*\\%\\_off%"
