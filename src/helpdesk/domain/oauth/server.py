"""The OAuth 2.0 token endpoint (RFC 6749: client_credentials, password, refresh_token) and
revocation endpoint (RFC 7009), implemented by authlib.

authlib's server is synchronous: its grants call hooks (find the client, check a password,
save the token) and expect answers. Each request runs authlib in a worker thread; the hooks
hop back onto the event loop (``anyio.from_thread.run``) to use the request's session, one
at a time, so the database work stays in the request's unit of work. The exchange runs in a
savepoint that is kept only when the answer is a success: a refused request writes nothing
(a refresh token claimed by a request that then fails is not used up)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any

from anyio import from_thread, to_thread
from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientCredentialsGrant,
    ClientMixin,
    InvalidGrantError,
    OAuth2Error,
    OAuth2Request,
    RefreshTokenGrant,
    ResourceOwnerPasswordCredentialsGrant,
    TokenMixin,
    UnauthorizedClientError,
)
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc7009 import RevocationEndpoint
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.passwords import verify_password
from helpdesk.domain.identity.tokens import generate_token
from helpdesk.domain.oauth import service
from helpdesk.domain.oauth.models import OAuthClient, OAuthRefreshToken
from helpdesk.domain.shared.unit_of_work import unit_of_work

# Clients authenticate with HTTP Basic or with client_id and client_secret in the form
# (what UVdesk's own examples and FOSOAuthServerBundle clients send).
AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
TOKEN_PATH = "/oauth/v2/token"  # noqa: S105 (a path)
REVOKE_PATH = "/oauth/v2/revoke"


@dataclass(frozen=True, slots=True)
class EndpointCall:
    """What the token and revocation endpoints read from an HTTP request."""

    method: str
    path: str
    headers: Mapping[str, str]
    form: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class EndpointAnswer:
    status: int
    body: dict[str, Any]
    headers: list[tuple[str, str]] = field(default_factory=list)


async def token_answer(session: AsyncSession, call: EndpointCall) -> EndpointAnswer:
    return await _answer(
        session, call, lambda server, request: server.create_token_response(request)
    )


async def revocation_answer(session: AsyncSession, call: EndpointCall) -> EndpointAnswer:
    return await _answer(
        session,
        call,
        lambda server, request: server.create_endpoint_response("revocation", request),
    )


Respond = Callable[["_Server", OAuth2Request], EndpointAnswer]


async def _answer(session: AsyncSession, call: EndpointCall, respond: Respond) -> EndpointAnswer:
    server = _Server(session)
    uri = unit_of_work(session).settings.public_url.rstrip("/") + call.path

    def run() -> EndpointAnswer:
        try:
            request = _FormRequest(call.method, uri, call.headers, call.form)
        except OAuth2Error as error:  # insecure transport: the public URL is not https
            return _answer_of(*error())
        return respond(server, request)

    savepoint = await session.begin_nested()
    try:
        answer = await to_thread.run_sync(run)
    except BaseException:
        await savepoint.rollback()
        raise
    if answer.status == 200:
        await savepoint.commit()
    else:
        await savepoint.rollback()
    return answer


def _answer_of(status: int, body: Any, headers: list[tuple[str, str]]) -> EndpointAnswer:
    return EndpointAnswer(status, dict(body or {}), list(headers or []))


class _FormRequest(OAuth2Request):  # type: ignore[misc]
    def __init__(
        self, method: str, uri: str, headers: Mapping[str, str], form: Mapping[str, str]
    ) -> None:
        super().__init__(method, uri, headers=headers)  # case-insensitive, as sent
        self._form = dict(form)
        self.payload = BasicOAuth2Payload(self._form)

    @property
    def form(self) -> dict[str, str]:
        return self._form

    @property
    def args(self) -> dict[str, str]:
        return {}


class _Client(ClientMixin):  # type: ignore[misc]
    def __init__(self, row: OAuthClient) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        return ""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return service.secret_matches(self.row, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        if grant_type == ClientCredentialsGrant.GRANT_TYPE:
            return self.row.user_instance_id is not None
        return grant_type in (
            ResourceOwnerPasswordCredentialsGrant.GRANT_TYPE,
            RefreshTokenGrant.GRANT_TYPE,
        )


class _RefreshToken(TokenMixin):  # type: ignore[misc]
    def __init__(self, row: OAuthRefreshToken) -> None:
        self.row = row

    def check_client(self, client: _Client) -> bool:
        return self.row.client_id == client.row.id

    def get_scope(self) -> str:
        return ""


class _Revocable(TokenMixin):  # type: ignore[misc]
    def __init__(self, found: service.ClientToken) -> None:
        self.found = found

    def check_client(self, client: _Client) -> bool:
        return self.found.client_id == client.row.id


class _Server(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session
        self.settings = unit_of_work(session).settings
        self.register_token_generator("default", self._generate)
        for grant in (_ClientCredentials, _Password, _Refresh):
            self.register_grant(grant)
        self.register_endpoint(_Revocation)

    def run[T](self, work: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        """Run ``work(session, *args)`` on the event loop, from authlib's thread."""
        return from_thread.run(work, self.session, *args)

    def query_client(self, client_id: str) -> _Client | None:
        row = self.run(service.client_by_id, client_id)
        return _Client(row) if row is not None else None

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        self.run(
            service.save_tokens,
            request.client.row,
            request.user,
            token["access_token"],
            token.get("refresh_token"),
        )

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        return request

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> EndpointAnswer:
        return _answer_of(status, body, headers)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def validate_requested_scope(self, scope: str | None) -> None:
        """No scopes: a token acts with its user's own permissions. A requested scope is
        ignored, and none is echoed."""

    def _generate(
        self,
        *,
        grant_type: str,
        client: _Client,
        user: service.Subject | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        token: dict[str, Any] = {
            "token_type": "Bearer",
            "access_token": generate_token(),
            "expires_in": self.settings.oauth_access_token_seconds,
        }
        if include_refresh_token:
            token["refresh_token"] = generate_token()
        return token


class _ClientCredentials(ClientCredentialsGrant):  # type: ignore[misc]
    """Tokens act as the member the client was created for (``--email``)."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def create_token_response(self) -> Any:
        instance_id = self.request.client.row.user_instance_id
        subject = self.server.run(service.subject_of_instance, instance_id)
        if subject is None:
            raise UnauthorizedClientError("The client's member is no longer an active member.")
        self.request.user = subject
        return super().create_token_response()


class _Password(ResourceOwnerPasswordCredentialsGrant):  # type: ignore[misc]
    """A user's email and password; the token acts in their main UVdesk role."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def authenticate_user(self, username: str, password: str) -> service.Subject:
        found = self.server.run(service.password_holder, username)
        # scrypt runs here, in authlib's thread, not on the event loop.
        if found is None or not verify_password(password, found.password_hash):
            raise InvalidGrantError("The username or password is wrong.")
        subject: service.Subject | None = self.server.run(service.subject_of_user, found.user_id)
        if subject is None:
            raise InvalidGrantError("The user has no active UVdesk role.")
        return subject


class _Refresh(RefreshTokenGrant):  # type: ignore[misc]
    """Refresh tokens rotate: each exchange uses one up and issues a new one."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str) -> _RefreshToken | None:
        row = self.server.run(service.claim_refresh_token, refresh_token)
        return _RefreshToken(row) if row is not None else None

    def authenticate_user(self, refresh_token: _RefreshToken) -> service.Subject | None:
        subject: service.Subject | None = self.server.run(
            service.subject_of_instance, refresh_token.row.user_instance_id
        )
        if subject is None:
            raise InvalidGrantError("The token's user is no longer active.")
        return subject

    def revoke_old_credential(self, refresh_token: _RefreshToken) -> None:
        """Already used up when it was claimed (``claim_refresh_token``)."""


class _Revocation(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = AUTH_METHODS

    def query_token(self, token_string: str, token_type_hint: str | None) -> _Revocable | None:
        found = self.server.run(service.client_token, token_string, token_type_hint)
        return _Revocable(found) if found is not None else None

    def revoke_token(self, token: _Revocable, request: OAuth2Request) -> None:
        self.server.run(service.revoke, token.found)
