"""Request bodies that come as JSON or as multipart (a JSON part plus file parts)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from helpdesk.api.common.json_input import load_json
from helpdesk.domain.shared.errors import UnsupportedMediaType, ValidationFailed


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def parse_model[M: BaseModel](model: type[M], raw: Any, prefix: str = "") -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            path = ".".join(str(part) for part in (prefix, *error["loc"]) if part != "")
            errors.setdefault(path or "body", []).append(error["msg"])
        raise ValidationFailed("The request body is invalid.", errors) from None


async def json_body(request: Request) -> Any:
    return load_json(await request.body() or b"null")


async def json_part(form: FormData, name: str) -> Any:
    """The JSON part of a multipart body, sent as a plain field or as a file part."""
    part = form.get(name)
    if part is None:
        return {}
    text = (await part.read()) if isinstance(part, UploadFile) else str(part)
    return load_json(text or "{}", name)


def file_parts(form: FormData, name: str) -> list[UploadFile]:
    return [part for part in form.getlist(name) if isinstance(part, UploadFile)]


async def json_or_multipart[M: BaseModel](
    request: Request, model: type[M], data_part: str
) -> tuple[M, FormData | None]:
    """The body as ``model``, and the multipart form when there is one (for its files)."""
    kind = media_type(request)
    if kind in ("application/json", ""):
        return await parse_model(model, await json_body(request)), None
    if kind == "multipart/form-data":
        form = await request.form()
        return await parse_model(model, await json_part(form, data_part), data_part), form
    raise UnsupportedMediaType(f"Send application/json or multipart/form-data, not {kind}.")
