"""OAuth 2.0 for API clients: ``POST /oauth/v2/token`` (RFC 6749) and
``POST /oauth/v2/revoke`` (RFC 7009), form-encoded. Their answers, errors included, are
RFC 6749's (``{"error", "error_description"}``, ``Cache-Control: no-store``), not UVdesk's
API bodies; the tokens they issue are then sent to the API as ``Bearer`` tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.domain.oauth.server import (
    REVOKE_PATH,
    TOKEN_PATH,
    EndpointAnswer,
    EndpointCall,
    revocation_answer,
    token_answer,
)
from helpdesk.domain.shared.bounds import bounded
from helpdesk.domain.shared.errors import ValidationFailed

router = APIRouter(tags=["OAuth 2.0"])

PARAMETER_MAX = 1024  # tokens, ids, secrets, emails and passwords are far shorter
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class _Refused(Exception):
    def __init__(self, description: str) -> None:
        self.description = description


async def endpoint_call(request: Request) -> EndpointCall:
    """Form parameters (once each), as RFC 6749 sends them; files are ignored."""
    form = await request.form()
    params: dict[str, str] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            continue
        if key in params:
            raise _Refused(f"The parameter {key} is given more than once.")
        try:
            params[key] = bounded(key, value, PARAMETER_MAX)
        except ValidationFailed as exc:
            raise _Refused(exc.message) from exc
    return EndpointCall(request.method, request.url.path, request.headers, params)


def answered(answer: EndpointAnswer) -> JSONResponse:
    return JSONResponse(answer.body, status_code=answer.status, headers=dict(answer.headers))


def refused(description: str) -> JSONResponse:
    body = {"error": "invalid_request", "error_description": description}
    return JSONResponse(body, status_code=400, headers=NO_STORE)


REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.OAuthError, "description": "Refused: RFC 6749, 5.2."},
    401: {"model": schemas.OAuthError, "description": "The client failed to authenticate."},
}


@router.post(TOKEN_PATH, responses={**ok(schemas.OAuthToken), **REFUSALS})
async def issue_token(request: Request, session: DbSession) -> Any:
    try:
        call = await endpoint_call(request)
    except _Refused as refusal:
        return refused(refusal.description)
    return answered(await token_answer(session, call))


@router.post(REVOKE_PATH, responses={**ok(schemas.OAuthRevoked), **REFUSALS})
async def revoke_token(request: Request, session: DbSession) -> Any:
    try:
        call = await endpoint_call(request)
    except _Refused as refusal:
        return refused(refusal.description)
    return answered(await revocation_answer(session, call))
