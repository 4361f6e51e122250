"""Settings, read once from the environment (prefix ``SP_``)."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./shared_purpose.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SP_", extra="ignore")

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
    sqlite_busy_timeout_ms: int = Field(10_000, ge=0, description="How long SQLite writers wait.")
    api_prefix: str = "/api/v1"
    public_base_url: str = Field("", description="Absolute base for Location/Link; '' = relative.")
    frontend_dist: str = Field("frontend/dist", description="Built dashboard served at '/'.")
    log_level: str = "info"


@lru_cache
def get_settings() -> Settings:
    return Settings()
