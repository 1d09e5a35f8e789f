"""UVdesk array parameters arrive in four spellings; all mean the same list."""

from __future__ import annotations

import pytest

from helpdesk.api.uvdesk.bodies import Body, Fields, Read, UndeclaredField


@pytest.mark.parametrize(
    "values",
    [
        {"ids": [[5576, 5784]]},  # a JSON array
        {"ids": ["5576", "5784"]},  # repeated form keys, or PHP-style ids[]
        {"ids": ["5576,5784"]},  # one comma-separated string
        {"ids": [{"0": 5576, "1": "5784"}]},  # a PHP keyed array sent as a JSON object
    ],
)
def test_array_parameters_are_read_in_every_spelling(values: dict[str, list[object]]) -> None:
    assert Fields(values).integers("ids") == [5576, 5784]


def test_numbers_may_arrive_as_strings() -> None:
    assert Fields({"statusId": ["2"]}).integer("statusId") == 2


def test_form_keys_with_brackets_make_a_mapping() -> None:
    fields = Fields({"customFields[122]": ["http://example.com"]})
    assert fields.mapping("customFields") == {"122": "http://example.com"}


def test_a_route_reading_a_field_its_body_does_not_document_fails_loudly() -> None:
    """The documented body cannot drift from what the route reads (docs/decisions.md)."""
    body = Body(Read.text("name"))
    fields = Fields({"name": ["Ann"], "colour": ["red"]}, declared=frozenset(body.fields))
    assert fields.text("name") == "Ann"
    with pytest.raises(UndeclaredField):
        fields.text("colour")


def test_a_body_documents_its_fields_in_every_encoding_it_is_read_in() -> None:
    body = Body(Read.required_text("subject", 998), Read.integers("ids"), Read.uploads("files"))
    content = body["requestBody"]["content"]
    assert set(content) == {
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }
    assert content["application/json"]["schema"]["required"] == ["subject"]
    assert content["application/json"]["schema"]["properties"]["subject"]["maxLength"] == 998
    assert "files" not in content["application/json"]["schema"]["properties"]
    assert "files" in content["multipart/form-data"]["schema"]["properties"]
    assert {"actAsType", "actAsEmail"} <= set(content["application/json"]["schema"]["properties"])
