"""UVdesk array parameters arrive in four spellings; all mean the same list."""

from __future__ import annotations

import pytest

from helpdesk.api.uvdesk.bodies import Fields


@pytest.mark.parametrize(
    "values",
    [
        {"ids": [[5576, 5784]]},  # a JSON array
        {"ids": ["5576", "5784"]},  # repeated form keys, or PHP-style ids[]
        {"ids": ["5576,5784"]},  # one comma-separated string
    ],
)
def test_array_parameters_are_read_in_every_spelling(values: dict[str, list[object]]) -> None:
    assert Fields(values).integers("ids") == [5576, 5784]


def test_numbers_may_arrive_as_strings() -> None:
    assert Fields({"statusId": ["2"]}).integer("statusId") == 2


def test_form_keys_with_brackets_make_a_mapping() -> None:
    fields = Fields({"customFields[122]": ["http://example.com"]})
    assert fields.mapping("customFields") == {"122": "http://example.com"}
