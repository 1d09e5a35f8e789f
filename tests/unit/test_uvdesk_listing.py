"""UVdesk list parameters compile to the same ``ListQuery`` as the equivalent RQL."""

from __future__ import annotations

from starlette.datastructures import QueryParams

from helpdesk.api.marketplace.rql import parse_query_string
from helpdesk.api.uvdesk.listing import ListSpec, read_list

GROUPS = ListSpec(
    per_page=10,
    default_sort="createdAt",
    sorts={"name": "name", "createdat": "createdAt"},
    search=("name",),
    states={"isActive": "isActive"},
)


def uvdesk(query: str) -> object:
    return read_list(QueryParams(query), GROUPS).query


def rql(query: str) -> object:
    return parse_query_string(query).query


def test_search_state_sort_and_page_are_the_rql_query() -> None:
    assert uvdesk("sort=ap.name&direction=desc&search=bill&isActive=0&page=3") == rql(
        "and(ilike(name,*bill*),eq(isActive,false))&order=-name&limit=10&offset=20"
    )


def test_without_parameters_the_default_sort_applies() -> None:
    assert uvdesk("") == rql("order=createdAt&limit=10")


def test_an_unknown_sort_word_sorts_by_the_default() -> None:
    assert uvdesk("sort=ap.colour%20desc") == rql("order=-createdAt&limit=10")


def test_a_page_that_is_not_a_number_is_the_first() -> None:
    assert uvdesk("page=last") == rql("order=createdAt&limit=10")
