"""``GET /healthz``: the process is up and the database answers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from helpdesk.api.common.documented import ok
from helpdesk.api.common.responses import Health
from helpdesk.api.common.session import app_runtime
from helpdesk.core.database import ping

router = APIRouter(tags=["Operations"])


@router.get("/healthz", responses=ok(Health))
async def healthz(request: Request) -> Any:
    try:
        await ping(app_runtime(request).engine)
    except Exception:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return {"status": "ok", "database": "ok"}
