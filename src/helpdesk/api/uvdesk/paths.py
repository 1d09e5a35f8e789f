"""UVdesk URL shapes: ``/{_locale}/api/<route>.{_format}`` and the locale-less ``/api/...``.

Routes are declared once, locale-less. This middleware strips a supported locale
(remembering it in ``request.state.locale``) and answers the ``html`` format with
406, so that handlers never see either.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from helpdesk.api.common.errors import ErrorInfo, error_responder

LOCALES = ("en", "fr", "it", "de")
DEFAULT_LOCALE = "en"

_LOCALE_PREFIX = re.compile(r"^/(?P<locale>" + "|".join(LOCALES) + r")(?P<rest>/api/.*)$")
_HTML_FORMAT = re.compile(r"^/api/.+\.html$")


class UvdeskPathMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        locale = DEFAULT_LOCALE
        if match := _LOCALE_PREFIX.match(path):
            # In place, so outer middleware (the access log) sees the matched route.
            locale, path = match["locale"], match["rest"]
            scope["path"], scope["raw_path"] = path, path.encode()
        if _HTML_FORMAT.match(path):
            error = ErrorInfo(
                406, "not_acceptable", "Not Acceptable", "This server only speaks the json format."
            )
            await error_responder(scope["app"]).render(Request(scope), error)(scope, receive, send)
            return
        scope.setdefault("state", {})["locale"] = locale
        await self.app(scope, receive, send)
