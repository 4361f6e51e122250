"""Settings, read once from the environment (prefix ``SP_``)."""

from functools import lru_cache
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./shared_purpose.db"
PLACEHOLDER_SECRETS = frozenset(
    {"", "changeme", "change-me", "change_me", "secret", "password", "dev", "development", "test"}
)
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    # Errors never echo the input: it may hold the secret.
    model_config = SettingsConfigDict(env_prefix="SP_", extra="ignore", hide_input_in_errors=True)

    env: Literal["development", "test", "production"] = Field(
        "development", description="`production` adds HSTS and refuses a `*` CORS origin."
    )
    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="sqlite:///… (embedded) or postgresql+psycopg://… (production).",
    )
    db_pool_size: int = Field(
        16, ge=1, description="Connections kept open per process (reads and writes each)."
    )
    db_max_overflow: int = Field(
        4, ge=0, description="Extra write connections under bursts (opened and closed each time)."
    )
    db_pool_timeout: float = Field(10.0, gt=0, description="Seconds to wait for a free connection.")
    sqlite_busy_timeout_ms: int = Field(
        5_000, ge=0, description="How long an SQLite writer waits for the lock before its 503."
    )
    api_prefix: str = "/api/v1"
    public_base_url: str = Field("", description="Absolute base for Location/Link; '' = relative.")
    frontend_dist: str = Field("frontend/dist", description="Built dashboard served at '/'.")
    log_level: str = "info"
    log_format: Literal["text", "json"] = Field(
        "text", description="`json`: one JSON object a line (the image's); `text`: for people."
    )
    metrics_address: str = Field(
        "",
        pattern=r"^(|[^\s:]*:\d{1,5})$",
        description="`host:port` where `serve` exposes /metrics without authentication (a private "
        "network); '' = at /metrics on the API, for admins only.",
    )
    shutdown_timeout: int = Field(
        30, ge=1, description="Seconds requests in flight may take to finish after SIGTERM."
    )
    import_background_bytes: int = Field(
        5_000_000, ge=0, description="Uploads larger than this load as a background job."
    )
    import_max_bytes: int = Field(
        1_073_741_824, ge=1024, description="Largest upload POST /imports takes (413 beyond)."
    )
    # XLSX loads: a workbook past these is an unreadable file, refused before it is parsed at
    # length (api/imports/xlsx.py).
    import_max_rows: int = Field(1_048_576, ge=1, description="Most rows a sheet may declare.")
    import_max_columns: int = Field(256, ge=1, description="Most columns a sheet may declare.")
    import_max_cells: int = Field(20_000_000, ge=1, description="Most cells a sheet may hold.")
    import_max_empty_rows: int = Field(
        10_000, ge=1, description="Most empty rows in a row a sheet may hold."
    )
    import_max_unzipped_bytes: int = Field(
        1_073_741_824, ge=1024, description="Most bytes a workbook's parts may unzip to."
    )

    # ---- security ----------------------------------------------------------------------------
    secret_key: SecretStr | None = Field(
        None,
        description="Signs session tokens (32+ random characters). Unset: a secret generated for "
        "this installation and kept in its database signs them (see api/auth/keyring.py).",
    )
    public_read: bool = Field(False, description="Anonymous callers may read (GET) programme data.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Exact origins allowed by CORS (comma-separated)."
    )
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Larger request bodies get 413.")
    session_hours: float = Field(12, gt=0, le=24 * 30, description="Lifetime of a login token.")
    auth_cache_seconds: float = Field(
        10, ge=0, description="How long a process trusts a looked-up key or user (0: never)."
    )
    read_cache_mb: float = Field(
        64, ge=0, description="Memory each process may keep read-model bodies in (0: none)."
    )
    login_attempts: int = Field(10, ge=1, description="Login attempts per window, per e-mail/IP.")
    login_window_seconds: int = Field(300, ge=1, description="The login rate-limit window.")

    # ---- worker: webhooks, reminders, background imports (api/worker) ------------------------
    worker_in_process: bool | None = Field(
        None,
        description="Run the worker inside `serve` (true) or only as `shared-purpose worker` "
        "(false). Unset: inside on SQLite, separate on PostgreSQL.",
    )
    import_spool_dir: str = Field(
        "",
        description="Folder where a background upload waits for a worker: one every API process "
        "and worker can read (a shared volume). '' = the temporary directory (one machine).",
    )
    worker_poll_seconds: float = Field(
        0.2, gt=0, le=60, description="How often an idle worker looks for work."
    )
    worker_lease_seconds: float = Field(
        60, ge=1, description="How long a job stays claimed: a killed worker's is taken up after."
    )
    webhook_allow_private: bool = Field(
        False,
        description="Deliver webhooks to loopback, private and link-local addresses (a private "
        "network, tests). Off: such URLs are refused when registered and when delivered.",
    )
    webhook_timeout_seconds: float = Field(
        10, gt=0, le=60, description="How long a receiver has to answer one delivery."
    )
    webhook_disable_after: int = Field(
        100,
        ge=1,
        description="Failed attempts in a row (no 2xx between) after which an endpoint is "
        "disabled, with a `webhook-endpoint.disabled` event.",
    )
    webhook_secret_overlap_hours: float = Field(
        24, ge=0, description="How long a rotated-out secret still signs deliveries."
    )
    smtp_host: str = Field("", description="SMTP server for reminder digests; '' = none sent.")
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = Field(True, description="Upgrade with STARTTLS (off for a local relay).")
    smtp_from: str = Field("reminders@shared-purpose.invalid", description="Digests' From.")
    reminder_hour_utc: int = Field(
        7, ge=0, le=23, description="Digests for a day go out from this hour (UTC) on."
    )

    @model_validator(mode="before")
    @classmethod
    def _split_origins(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("cors_origins"), str):
            raw = data["cors_origins"]
            data = {**data, "cors_origins": [o.strip() for o in raw.split(",") if o.strip()]}
        return data

    @model_validator(mode="after")
    def _safe(self) -> Self:
        """A given secret must be a real one, in every environment: no placeholder, no source
        code value ever signs a token."""
        if self.secret_key is not None:
            secret = self.secret_key.get_secret_value().strip()
            if (
                secret.lower() in PLACEHOLDER_SECRETS
                or "change" in secret.lower()
                or len(secret) < MIN_SECRET_LENGTH
            ):
                raise ValueError(
                    "SP_SECRET_KEY must be a random value of at least "
                    f"{MIN_SECRET_LENGTH} characters (e.g. `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))'`), not a placeholder; or leave it unset "
                    "and the installation makes and keeps its own"
                )
        if self.env == "production" and "*" in self.cors_origins:
            raise ValueError("SP_CORS_ORIGINS must list exact origins in production, not '*'")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
