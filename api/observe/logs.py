"""Logging for ``serve``: one line per record, as JSON (``SP_LOG_FORMAT=json``, the image's) or
as text for people (the default, ``make run``'s), at ``SP_LOG_LEVEL``.

Both carry the same fields: time, level, logger, message, and whatever a record adds (a
request's ``request_id``, ``route``, ``status``, ``duration_ms``, ``principal_id`` …, an import
job's ``job_id`` and ``state``). JSON lines come from python-json-logger's formatter; the text
formatter appends the added fields as ``key=value``. Uvicorn's own loggers go through the same
handler (its access log stays off: ``api.access`` replaces it).
"""

import logging
from typing import Any

from api.config import Settings

# The attributes every LogRecord has: anything else on a record was added by ``extra=``.
STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's coloured copy of the message
}
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
TIME = "%Y-%m-%dT%H:%M:%S%z"  # ISO 8601, with the offset


def added_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in STANDARD and not k.startswith("_")}


class TextFormatter(logging.Formatter):
    """``time LEVEL logger: message key=value …``."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT, TIME)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = " ".join(f"{k}={v}" for k, v in added_fields(record).items() if v is not None)
        if not fields:
            return line
        head, newline, trace = line.partition("\n")  # a traceback stays below the line
        return f"{head} {fields}{newline}{trace}"


def config(settings: Settings) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` document (uvicorn applies it in every worker)."""
    if settings.log_format == "json":
        formatter: dict[str, Any] = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FORMAT,
            "datefmt": TIME,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "reserved_attrs": sorted(STANDARD),
        }
    else:
        formatter = {"()": "api.observe.logs.TextFormatter"}
    level = settings.log_level.upper()
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "default",
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            name: {"handlers": [], "level": level, "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "api")
        },
    }
