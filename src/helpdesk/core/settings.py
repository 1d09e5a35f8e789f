"""The one typed settings object. Nothing else in the project reads ``os.environ``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

DEFAULT_DATA_DIR = Path("var")


class Settings(BaseSettings):
    """Runtime configuration, read from ``HELPDESK_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="HELPDESK_", extra="ignore", frozen=True)

    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{DEFAULT_DATA_DIR / 'helpdesk.sqlite3'}",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://...",
    )
    storage_dir: Path = Field(
        default=DEFAULT_DATA_DIR / "files", description="Where uploaded files are kept."
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1)
    upload_max_bytes: int = Field(
        default=25 * 1024 * 1024, ge=1, description="Largest accepted file upload."
    )
    log_level: LogLevel = "INFO"
    database_pool_size: int = Field(default=10, ge=1)
    write_group_max_units: int = Field(
        default=64,
        ge=1,
        description=(
            "SQLite: most writing units of work (requests) that share one commit; "
            "1 commits each on its own."
        ),
    )
    write_group_max_ms: float = Field(
        default=20.0,
        ge=0,
        description=(
            "SQLite: a group of writes takes in no more writers once it is this old, and "
            "commits; bounds how long one process holds the write lock."
        ),
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description=(
            "Key for secrets at rest and signed addresses. Required unless the database is "
            "the embedded SQLite, which keeps a generated one beside its file."
        ),
    )
    mail_domain: str = Field(
        default="helpdesk.localhost",
        description="Domain of the addresses mailboxes receive mail at (mailboxEmail).",
    )
    mail_max_message_bytes: int = Field(
        default=50 * 1024 * 1024,
        ge=1024,
        description="Largest message the SMTP listener accepts (announced with SIZE).",
    )
    imap_poll_seconds: float = Field(
        default=60.0, gt=0, description="How often IMAP servers without IDLE are polled."
    )
    imap_timeout_seconds: float = Field(
        default=30.0, gt=0, description="Connect and read timeout of IMAP calls."
    )
    smtp_url: SecretStr | None = Field(
        default=None,
        description=(
            "Default SMTP server for outgoing mail (smtp://user:password@host:port, or "
            "smtps:// for TLS from the start); a mailbox's own SMTP URL takes precedence."
        ),
    )
    mail_from: str | None = Field(
        default=None,
        description="Sender for tickets without a mailbox; helpdesk@<mail_domain> if unset.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Base URL people reach the helpdesk at ({%ticket.link%} in templates).",
    )
    in_process_worker: bool | None = Field(
        default=None,
        description=(
            "Run background jobs inside the server process; defaults to on for SQLite, off "
            "otherwise (run `helpdesk worker` processes instead)."
        ),
    )
    worker_poll_seconds: float = Field(
        default=2.0, gt=0, description="How often an idle worker looks for due jobs."
    )
    job_lease_seconds: float = Field(
        default=300.0, gt=0, description="How long a claimed job is its worker's alone."
    )
    job_max_attempts: int = Field(default=8, ge=1, description="Tries before a job fails.")
    job_retry_seconds: float = Field(
        default=30.0, gt=0, description="Wait before the first retry; doubled on each retry."
    )
    job_retry_max_seconds: float = Field(default=3600.0, gt=0, description="Longest retry wait.")
    smtp_timeout_seconds: float = Field(default=60.0, gt=0)
    oauth_access_token_seconds: int = Field(
        default=3600,
        ge=1,
        description="Lifetime of access tokens issued at the OAuth 2.0 token endpoint.",
    )
    oauth_refresh_token_seconds: int = Field(
        default=14 * 24 * 3600,
        ge=1,
        description="Lifetime of refresh tokens; each is good for one use (they rotate).",
    )
    process_memo_seconds: float = Field(
        default=1.0,
        ge=0,
        le=3600,
        description=(
            "How long a worker serves read-mostly reference data (ticket statuses, priorities, "
            "types, groups, teams, the company timezone) without reading it again: how long a "
            "change made through another worker process may take to show. Changes made "
            "through the same process show at once."
        ),
    )
    rate_limit_per_minute: int = Field(
        default=700,
        ge=0,
        description=(
            "Requests one token (or, without a token, one client address) may make per minute; "
            "0 turns the limit off."
        ),
    )
    redis_url: SecretStr | None = Field(
        default=None,
        description=(
            "redis://host:port/db holding the rate-limit counters shared by every worker; "
            "without it they live in the database."
        ),
    )
    idempotency_key_hours: float = Field(
        default=24.0, gt=0, description="How long an Idempotency-Key's first answer is replayed."
    )
    migrate_on_start: bool | None = Field(
        default=None,
        description="Apply migrations when serving; defaults to on for SQLite, off otherwise.",
    )

    @field_validator("database_url")
    @classmethod
    def _async_driver_required(cls, url: str) -> str:
        """Fail fast on a sync driver URL: the app only runs on async drivers."""
        if url.startswith("postgres://"):
            url = "postgresql+asyncpg://" + url.removeprefix("postgres://")
        elif url.startswith("postgresql://"):
            url = "postgresql+asyncpg://" + url.removeprefix("postgresql://")
        elif url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
            url = "sqlite+aiosqlite://" + url.removeprefix("sqlite://")
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("database_url must be an sqlite+aiosqlite or postgresql+asyncpg URL")
        return url

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_migrate_on_start(self) -> bool:
        return self.is_sqlite if self.migrate_on_start is None else self.migrate_on_start

    @property
    def runs_in_process_worker(self) -> bool:
        return self.is_sqlite if self.in_process_worker is None else self.in_process_worker

    @property
    def default_sender(self) -> str:
        return self.mail_from or f"helpdesk@{self.mail_domain}"

    @property
    def max_request_bytes(self) -> int:
        """Whole-request cap: one maximal file plus room for multipart framing and fields."""
        return self.upload_max_bytes + 1024 * 1024


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
