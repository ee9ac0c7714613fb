"""The application log: one JSON object per line on standard output, or readable lines in development.

Every line written while a request is handled carries its ``request_id``, the same id as the request's
audit entries (``core.observability`` binds it), so an operator can go from a log line to the audit log
without the log itself holding personal data. The log never names clients: views and services do not
log personal values, and the formatter below renders only the message and the fields it is given, never
the ``request`` object that Django attaches to its own records (its representation holds the query
string, which may hold a name someone searched for).
"""

from __future__ import annotations

from typing import Any

import structlog

# Fields that Django and libraries attach to log records and that may carry personal data.
_DROPPED_FIELDS = ("request", "extra", "args", "params", "sql")


def _drop_personal_fields(_logger: Any, _method: str, event: dict[str, Any]) -> dict[str, Any]:
    for field in _DROPPED_FIELDS:
        event.pop(field, None)
    # Django's own request warnings read "Not Found: /path/": the path can hold what someone typed (a name
    # in a mistyped address). The reason stays; the request line with its URL pattern says which page.
    if str(event.get("logger", "")).startswith(("django.request", "django.security")):
        message = str(event.get("event", ""))
        if ": /" in message:
            event["event"] = message.split(": /", 1)[0]
    return event


def shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _drop_personal_fields,
    ]


def configure_structlog() -> None:
    """structlog's own loggers hand their events to the standard library, which formats every line alike."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared_processors(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def formatter(log_format: str = "json") -> structlog.stdlib.ProcessorFormatter:
    """Formats every record, structlog's and the standard library's (Django, gunicorn, huey) alike."""
    renderer: Any = (
        structlog.processors.JSONRenderer(sort_keys=True)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
        foreign_pre_chain=shared_processors(),
    )


def logging_config(level: str, log_format: str) -> dict[str, Any]:
    """The ``LOGGING`` setting: ``json`` for production and log collectors, ``console`` for people."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": {"()": "werkroute.conf.logs.formatter", "log_format": log_format}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # Our request line (core.observability) replaces the development server's access lines.
            "django.server": {"level": "WARNING"},
            # django-axes names the username of every login attempt; attempts and lockouts are in its own
            # tables and the audit log, which are access-controlled, unlike the application log.
            "axes": {"level": "ERROR"},
        },
    }
