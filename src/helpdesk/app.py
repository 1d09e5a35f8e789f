"""``create_app()``: both API dialects over one core, with their error formats."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI

from helpdesk import __version__
from helpdesk.api import marketplace, uvdesk
from helpdesk.api.common.errors import ErrorResponder
from helpdesk.api.common.guards import IdempotencyMiddleware, RateLimitMiddleware
from helpdesk.api.common.health import router as health_router
from helpdesk.api.common.middleware import (
    BodySizeLimitMiddleware,
    JsonBodyMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
    UnstorableUrlMiddleware,
)
from helpdesk.api.common.openapi import install_openapi
from helpdesk.core.logging import configure_logging
from helpdesk.core.settings import Settings, get_settings
from helpdesk.domain.guards.idempotency import IdempotencyKeys
from helpdesk.domain.guards.rate_limit import RateLimiter, counter_for
from helpdesk.domain.runtime import build_runtime
from helpdesk.jobs.worker import SERVICES, Worker


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = build_runtime(settings)
    limiter = _rate_limiter(settings)
    if limiter is not None:
        runtime.closers.append(limiter.close)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if not settings.runs_in_process_worker:
            yield
            await runtime.dispose()
            return
        # The SQLite default runs its background jobs (and IMAP fetching) in the server
        # process: nothing else to start, and jobs queued here are taken at once (the unit of
        # work rings it).
        stop = asyncio.Event()
        worker = asyncio.create_task(Worker(runtime, services=SERVICES).run(stop))
        yield
        stop.set()
        await worker
        await runtime.dispose()

    app = FastAPI(
        title="Helpdesk",
        version=__version__,
        summary="Marketplace Helpdesk API and UVdesk REST API v1 over one database.",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    dialects = [marketplace.MARKETPLACE_ERRORS, uvdesk.UVDESK_ERRORS]
    ErrorResponder(dialects).install(app)
    install_openapi(app, dialects)

    app.include_router(health_router)
    app.include_router(marketplace.router)
    app.include_router(uvdesk.router)

    # Added innermost first: the request context wraps everything, so even a refused
    # oversized body or a UVdesk 406 carries a trace id and gets its log line; the
    # security headers go on every response, the last-resort 500 included.
    app.add_middleware(marketplace.RevisionEtagMiddleware)
    app.add_middleware(JsonBodyMiddleware)
    app.add_middleware(
        IdempotencyMiddleware,
        keys=IdempotencyKeys(runtime, ttl=timedelta(hours=settings.idempotency_key_hours)),
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(UnstorableUrlMiddleware)
    app.add_middleware(uvdesk.UvdeskPathMiddleware)
    if limiter is not None:
        # Inside the request context (a 429 has its trace id and log line), before anything
        # reads the body or opens a database session.
        app.add_middleware(RateLimitMiddleware, limiter=limiter)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _rate_limiter(settings: Settings) -> RateLimiter | None:
    if settings.rate_limit_per_minute == 0:
        return None
    redis_url = settings.redis_url.get_secret_value() if settings.redis_url else None
    counter = counter_for(settings.database_url, redis_url)
    return RateLimiter(counter, limit=settings.rate_limit_per_minute)


def create_served_app() -> FastAPI:
    """Factory for the server processes: JSON logs, then the app."""
    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
