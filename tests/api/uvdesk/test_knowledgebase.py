"""The knowledge base: solution folders hold categories, categories hold articles.

Managing needs administrator rights or ROLE_AGENT_MANAGE_KNOWLEDGEBASE; every agent reads
everything; customers and anonymous visitors read published articles of public folders
only, and what they may not read is neither found nor counted.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv

pytestmark = pytest.mark.anyio

MANAGE = "ROLE_AGENT_MANAGE_KNOWLEDGEBASE"
SEED_FOLDER = {"name": "folderN", "description": "folder", "visibility": "public"}


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


@pytest.fixture
async def customer(app: FastAPI) -> str:
    return await support_token(app, SupportRole.CUSTOMER, "reader@example.com")


@pytest.fixture
async def agent(app: FastAPI) -> str:
    return await support_token(app, SupportRole.AGENT, "plain@desk.example")


async def made(client: httpx.AsyncClient, token: str, method: str, path: str, **body: Any) -> Any:
    response = await uv(client, method, path, token, json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def folder(client: httpx.AsyncClient, token: str, **body: Any) -> int:
    return int(
        (await made(client, token, "POST", "/api/solutions.json", **SEED_FOLDER | body))["id"]
    )


async def category(client: httpx.AsyncClient, token: str, folder_id: int, **body: Any) -> int:
    sent = {"solutionId": folder_id, "name": "Billing"} | body
    return int((await made(client, token, "POST", "/api/categories.json", **sent))["id"])


async def article(client: httpx.AsyncClient, token: str, category_id: int, **body: Any) -> int:
    sent = {"categoryId": category_id, "name": "Refunds", "content": "<p>Ask us.</p>"} | body
    return int((await made(client, token, "POST", "/api/articles.json", **sent))["id"])


async def listed(client: httpx.AsyncClient, token: str | None, path: str) -> list[Any]:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["pagination_data"]["totalCount"] == len(body["results"])
    return [row["id"] for row in body["results"]]


async def test_adding_the_seeds_folder_answers_the_seeds_envelope(
    client: httpx.AsyncClient, admin: str
) -> None:
    answer = await made(client, admin, "POST", "/api/solutions.json", **SEED_FOLDER)
    assert answer == {"id": answer["id"], "msg": "Success! Folder has been created successfully."}


async def test_the_folder_list_counts_categories_and_articles_as_strings(
    client: httpx.AsyncClient, admin: str
) -> None:
    folder_id = await folder(client, admin, name="FAQ")
    category_id = await category(client, admin, folder_id)
    await article(client, admin, category_id)
    await article(client, admin, category_id, name="Invoices")
    [row] = (await made(client, admin, "GET", "/api/solutions.json"))["results"]
    assert row == {
        "id": folder_id,
        "name": "FAQ",
        "description": "folder",
        "visibility": "public",
        "solutionImage": "",
        "categoriesCount": "1",
        "categories": [{"id": category_id, "name": "Billing"}],
        "articleCount": "2",
    }


async def test_folders_list_newest_first_and_search_by_name(
    client: httpx.AsyncClient, admin: str
) -> None:
    first = await folder(client, admin, name="How to")
    second = await folder(client, admin, name="FAQ")
    assert await listed(client, admin, "/api/solutions.json") == [second, first]
    assert await listed(client, admin, "/api/solutions.json?sort=name") == [second, first]
    assert await listed(client, admin, "/api/solutions.json?search=how") == [first]


async def test_editing_a_folder_changes_only_what_is_given(
    client: httpx.AsyncClient, admin: str
) -> None:
    folder_id = await folder(client, admin)
    body = {"name": "faq folder", "visibility": "private"}
    answer = await made(client, admin, "PUT", f"/api/solution/{folder_id}.json", **body)
    assert answer == {"id": folder_id, "msg": "Success! Folder has been updated successfully."}
    shown = await made(client, admin, "GET", f"/api/solution/{folder_id}.json")
    assert (shown["name"], shown["description"], shown["visibility"]) == (
        "faq folder",
        "folder",
        "private",
    )


async def test_a_visibility_other_than_public_or_private_is_refused(
    client: httpx.AsyncClient, admin: str
) -> None:
    response = await uv(
        client, "POST", "/api/solutions.json", admin, json=SEED_FOLDER | {"visibility": "all"}
    )
    assert assert_uv_error(response, 400)["errors"]["visibility"]


async def test_a_folder_needs_a_name(client: httpx.AsyncClient, admin: str) -> None:
    response = await uv(client, "POST", "/api/solutions.json", admin, json={"name": " "})
    assert_uv_error(response, 400)


async def test_deleting_a_folder_deletes_its_categories_and_articles(
    client: httpx.AsyncClient, admin: str
) -> None:
    folder_id = await folder(client, admin)
    category_id = await category(client, admin, folder_id)
    article_id = await article(client, admin, category_id, name="Gone for good")
    answer = await made(client, admin, "DELETE", f"/api/solution/{folder_id}.json")
    assert answer == {"message": "Success! Folder has been deleted successfully."}
    for path in (f"/api/category/{category_id}.json", f"/api/article/{article_id}.json"):
        assert_uv_error(await uv(client, "GET", path, admin), 404)
    assert await listed(client, admin, "/api/articles.json?search=gone") == []


async def test_categories_list_by_folder_in_their_sort_order(
    client: httpx.AsyncClient, admin: str
) -> None:
    one, two = await folder(client, admin), await folder(client, admin)
    late = await category(client, admin, one, name="Late", sortOrder=2)
    early = await category(client, admin, one, name="Early", sortOrder=1)
    other = await category(client, admin, two)
    assert await listed(client, admin, f"/api/categories.json?solutionId={one}") == [early, late]
    assert await listed(client, admin, "/api/categories.json") == [other, early, late]


async def test_a_category_moves_to_another_folder(client: httpx.AsyncClient, admin: str) -> None:
    one, two = await folder(client, admin), await folder(client, admin)
    category_id = await category(client, admin, one)
    answer = await made(client, admin, "PUT", f"/api/category/{category_id}.json", solutionId=two)
    assert answer["msg"] == "Success! Category has been updated successfully."
    shown = await made(client, admin, "GET", f"/api/category/{category_id}.json")
    assert shown["solutionId"] == two


async def test_a_category_in_an_unknown_folder_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin: str
) -> None:
    response = await uv(
        client, "POST", "/api/categories.json", admin, json={"solutionId": 9999, "name": "x"}
    )
    assert "solutionId" in assert_uv_error(response, 400)["errors"]


async def test_deleting_a_category_deletes_its_articles(
    client: httpx.AsyncClient, admin: str
) -> None:
    category_id = await category(client, admin, await folder(client, admin))
    article_id = await article(client, admin, category_id)
    answer = await made(client, admin, "DELETE", f"/api/category/{category_id}.json")
    assert answer == {"message": "Success! Category has been deleted successfully."}
    assert_uv_error(await uv(client, "GET", f"/api/article/{article_id}.json", admin), 404)


async def test_article_content_is_sanitised_and_the_title_kept_as_plain_text(
    client: httpx.AsyncClient, admin: str
) -> None:
    category_id = await category(client, admin, await folder(client, admin))
    content = '<p onclick="x()">Hi<script>alert(1)</script></p>'
    article_id = await article(
        client, admin, category_id, name="<b>Bold</b> claims", content=content
    )
    shown = await made(client, admin, "GET", f"/api/article/{article_id}.json")
    assert (shown["name"], shown["content"]) == ("<b>Bold</b> claims", "<p>Hi</p>")


async def test_an_article_reads_with_its_category_tags_and_status(
    client: httpx.AsyncClient, admin: str
) -> None:
    folder_id = await folder(client, admin)
    category_id = await category(client, admin, folder_id)
    article_id = await article(client, admin, category_id, status="1")
    tag = await made(client, admin, "POST", f"/api/article/{article_id}/tags.json", name="money")
    shown = await made(client, admin, "GET", f"/api/article/{article_id}.json")
    assert shown["status"] == 1
    assert shown["solutionId"] == folder_id
    assert shown["categories"] == [{"id": category_id, "name": "Billing"}]
    assert shown["tags"] == [{"id": tag["id"], "name": "money"}]


async def test_editing_an_article_changes_only_what_is_given(
    client: httpx.AsyncClient, admin: str
) -> None:
    category_id = await category(client, admin, await folder(client, admin))
    article_id = await article(client, admin, category_id)
    answer = await made(client, admin, "PUT", f"/api/article/{article_id}.json", status=1)
    assert answer == {"id": article_id, "msg": "Success! Article has been updated successfully."}
    shown = await made(client, admin, "GET", f"/api/article/{article_id}.json")
    assert (shown["name"], shown["content"], shown["status"]) == ("Refunds", "<p>Ask us.</p>", 1)


async def test_an_article_status_other_than_0_or_1_is_refused(
    client: httpx.AsyncClient, admin: str
) -> None:
    category_id = await category(client, admin, await folder(client, admin))
    response = await uv(
        client,
        "POST",
        "/api/articles.json",
        admin,
        json={"categoryId": category_id, "name": "x", "status": "published"},
    )
    assert "status" in assert_uv_error(response, 400)["errors"]


async def test_deleting_an_article(client: httpx.AsyncClient, admin: str) -> None:
    category_id = await category(client, admin, await folder(client, admin))
    article_id = await article(client, admin, category_id, name="Obsolete")
    answer = await made(client, admin, "DELETE", f"/api/article/{article_id}.json")
    assert answer == {"message": "Success! Article has been deleted successfully."}
    assert await listed(client, admin, "/api/articles.json?search=obsolete") == []


async def test_articles_filter_by_folder_category_and_status(
    client: httpx.AsyncClient, admin: str
) -> None:
    one, two = await folder(client, admin), await folder(client, admin)
    first, second = await category(client, admin, one), await category(client, admin, two)
    draft = await article(client, admin, first)
    published = await article(client, admin, second, status=1)
    assert await listed(client, admin, "/api/articles.json") == [published, draft]
    assert await listed(client, admin, f"/api/articles.json?solutionId={one}") == [draft]
    assert await listed(client, admin, f"/api/articles.json?categoryId={second}") == [published]
    assert await listed(client, admin, "/api/articles.json?status=1") == [published]
    assert await listed(client, admin, "/api/articles.json?status=0") == [draft]


# Article tags, as the seed shows them.


async def test_adding_a_tag_to_an_article_answers_the_seeds_envelope(
    client: httpx.AsyncClient, admin: str
) -> None:
    article_id = await article(
        client, admin, await category(client, admin, await folder(client, admin))
    )
    answer = await made(
        client, admin, "POST", f"/api/article/{article_id}/tags.json", name="erudicate tag"
    )
    assert answer == {"id": answer["id"], "message": "Success ! Tag added successfully."}


async def test_a_tag_is_shared_with_tickets_and_counted_for_articles(
    client: httpx.AsyncClient, admin: str
) -> None:
    article_id = await article(
        client, admin, await category(client, admin, await folder(client, admin))
    )
    await made(client, admin, "POST", f"/api/article/{article_id}/tags.json", name="howto")
    [tag] = (await made(client, admin, "GET", "/api/tags.json?search=howto"))["tags"]
    assert (tag["ticketCount"], tag["articleCount"]) == ("0", "1")


async def test_adding_a_tag_twice_keeps_one(client: httpx.AsyncClient, admin: str) -> None:
    article_id = await article(
        client, admin, await category(client, admin, await folder(client, admin))
    )
    path = f"/api/article/{article_id}/tags.json"
    first = await made(client, admin, "POST", path, name="again")
    second = await made(client, admin, "POST", path, name="again")
    assert first["id"] == second["id"]
    shown = await made(client, admin, "GET", f"/api/article/{article_id}.json")
    assert len(shown["tags"]) == 1


async def test_removing_a_tag_from_an_article_answers_the_seeds_envelope(
    client: httpx.AsyncClient, admin: str
) -> None:
    article_id = await article(
        client, admin, await category(client, admin, await folder(client, admin))
    )
    path = f"/api/article/{article_id}/tags.json"
    tag = await made(client, admin, "POST", path, name="temporary")
    answer = await made(client, admin, "DELETE", path, id=str(tag["id"]))
    assert answer == {"message": "Success ! Tag unassigned successfully."}
    assert (await made(client, admin, "GET", f"/api/article/{article_id}.json"))["tags"] == []


async def test_removing_a_tag_the_article_does_not_carry_is_not_found(
    client: httpx.AsyncClient, admin: str
) -> None:
    article_id = await article(
        client, admin, await category(client, admin, await folder(client, admin))
    )
    response = await uv(
        client, "DELETE", f"/api/article/{article_id}/tags.json", admin, json={"id": 4321}
    )
    assert_uv_error(response, 404)


async def test_deleting_a_tag_takes_it_off_its_articles(
    client: httpx.AsyncClient, admin: str
) -> None:
    article_id = await article(
        client, admin, await category(client, admin, await folder(client, admin))
    )
    tag = await made(client, admin, "POST", f"/api/article/{article_id}/tags.json", name="old")
    await made(client, admin, "DELETE", f"/api/tag/{tag['id']}.json")
    assert (await made(client, admin, "GET", f"/api/article/{article_id}.json"))["tags"] == []


# Full-text search.


async def test_search_finds_words_of_the_title_text_and_tags_as_prefixes(
    client: httpx.AsyncClient, admin: str
) -> None:
    category_id = await category(client, admin, await folder(client, admin))
    refunds = await article(
        client, admin, category_id, name="Refund policy", content="<p>Money back</p>"
    )
    shipping = await article(
        client, admin, category_id, name="Shipping", content="<b>Parcels</b> travel"
    )
    await made(client, admin, "POST", f"/api/article/{shipping}/tags.json", name="logistics")
    assert await listed(client, admin, "/api/articles.json?search=refu") == [refunds]
    assert await listed(client, admin, "/api/articles.json?search=parcel") == [shipping]
    assert await listed(client, admin, "/api/articles.json?search=logist") == [shipping]
    assert await listed(client, admin, "/api/articles.json?search=money%20back") == [refunds]
    assert await listed(client, admin, "/api/articles.json?search=money%20parcel") == []


async def test_search_sees_edits_and_not_the_markup(client: httpx.AsyncClient, admin: str) -> None:
    category_id = await category(client, admin, await folder(client, admin))
    article_id = await article(client, admin, category_id, content="<p>old words</p>")
    await made(client, admin, "PUT", f"/api/article/{article_id}.json", content="<p>fresh text</p>")
    assert await listed(client, admin, "/api/articles.json?search=fresh") == [article_id]
    assert await listed(client, admin, "/api/articles.json?search=old") == []
    assert await listed(client, admin, "/api/articles.json?search=p") == []


async def test_search_text_is_never_query_syntax(client: httpx.AsyncClient, admin: str) -> None:
    """Only words reach the engine: operators are words or nothing, quotes and stars nothing."""
    category_id = await category(client, admin, await folder(client, admin))
    article_id = await article(client, admin, category_id, name="Quotes and stars")
    found_by = {'"quotes': True, "quotes*": True, "quotes:*": True, "quotes & !": True}
    found_by |= {"quotes OR x": False, "NEAR(quotes)": False, "quotes -and": True}
    for query, found in found_by.items():
        response = await uv(client, "GET", "/api/articles.json", admin, params={"search": query})
        assert response.status_code == 200, (query, response.text)
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == ([article_id] if found else []), query


# Who reads what.


async def hidden_world(client: httpx.AsyncClient, admin: str) -> dict[str, int]:
    """A public folder with a published article and a draft, and a private folder with a
    published article."""
    public = await folder(client, admin, name="Public")
    private = await folder(client, admin, name="Private", visibility="private")
    shown = await category(client, admin, public, name="Shown")
    internal = await category(client, admin, private, name="Internal")
    return {
        "public": public,
        "private": private,
        "shown": shown,
        "internal": internal,
        "published": await article(client, admin, shown, name="Published answer", status=1),
        "draft": await article(client, admin, shown, name="Draft answer"),
        "private article": await article(client, admin, internal, name="Private answer", status=1),
    }


async def test_customers_and_visitors_see_public_folders_with_published_counts(
    client: httpx.AsyncClient, admin: str, customer: str
) -> None:
    world = await hidden_world(client, admin)
    for reader in (customer, None):
        headers = {} if reader is None else {"Authorization": f"Bearer {reader}"}
        body = (await client.get("/api/solutions.json", headers=headers)).json()
        assert [row["id"] for row in body["results"]] == [world["public"]]
        assert body["pagination_data"]["totalCount"] == 1
        assert body["results"][0]["articleCount"] == "1"


async def test_customers_and_visitors_list_and_search_published_public_articles_only(
    client: httpx.AsyncClient, admin: str, customer: str
) -> None:
    world = await hidden_world(client, admin)
    for reader in (customer, None):
        assert await listed(client, reader, "/api/articles.json") == [world["published"]]
        assert await listed(client, reader, "/api/articles.json?search=answer") == [
            world["published"]
        ]
        assert await listed(client, reader, "/api/articles.json?status=0") == []
        assert await listed(client, reader, "/api/categories.json") == [world["shown"]]


async def test_drafts_and_private_folders_are_not_found_for_customers_and_visitors(
    client: httpx.AsyncClient, admin: str, customer: str
) -> None:
    world = await hidden_world(client, admin)
    hidden = (
        f"/api/article/{world['draft']}.json",
        f"/api/article/{world['private article']}.json",
        f"/api/solution/{world['private']}.json",
        f"/api/category/{world['internal']}.json",
    )
    for reader in (customer, None):
        headers = {} if reader is None else {"Authorization": f"Bearer {reader}"}
        for path in hidden:
            assert_uv_error(await client.get(path, headers=headers), 404)
        shown = await client.get(f"/api/article/{world['published']}.json", headers=headers)
        assert shown.status_code == 200


async def test_every_agent_reads_drafts_and_private_folders(
    client: httpx.AsyncClient, admin: str, agent: str
) -> None:
    world = await hidden_world(client, admin)
    articles = {world["published"], world["draft"], world["private article"]}
    assert set(await listed(client, agent, "/api/articles.json")) == articles
    assert set(await listed(client, agent, "/api/solutions.json")) == {
        world["public"],
        world["private"],
    }


async def test_a_bad_token_is_refused_even_where_visitors_may_read(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/solutions.json", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


async def test_managing_needs_the_knowledgebase_privilege(
    app: FastAPI, client: httpx.AsyncClient, admin: str, agent: str
) -> None:
    manager = await support_token(app, SupportRole.AGENT, "kb@desk.example", privileges=[MANAGE])
    folder_id = await folder(client, manager)
    refused = await uv(client, "PUT", f"/api/solution/{folder_id}.json", agent, json={"name": "x"})
    assert_uv_error(refused, 403)
    assert_uv_error(await uv(client, "POST", "/api/solutions.json", agent, json=SEED_FOLDER), 403)


async def test_visitors_cannot_write(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/solutions.json", json=SEED_FOLDER)
    assert response.status_code == 401
