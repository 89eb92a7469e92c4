"""The one error shape of the API, and the one table from error class to HTTP status.

Every API error, whatever raised it, is answered as::

    {"error": {"status": 404, "code": "not_found", "message": "no article 'x'"}}

Pages answer the same status with an HTML page saying the same message.
Unexpected exceptions are caught here (the process boundary), logged, and
answered as a 500 ``internal_error`` that reveals nothing of the cause.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from ..errors import (
    AuthError,
    BadParameter,
    ConfigError,
    FactdeskError,
    FetchError,
    Forbidden,
    InputError,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    StoreError,
)

__all__ = ["ERROR_STATUS", "NotFound", "error_body", "status_of"]

log = logging.getLogger(__name__)


#: Error class -> (HTTP status, code); the first matching class wins.
ERROR_STATUS: tuple[tuple[type[FactdeskError], int, str], ...] = (
    (NotFound, 404, "not_found"),
    (AuthError, 401, "login_required"),
    (Forbidden, 403, "forbidden"),
    (RateLimited, 429, "rate_limited"),
    (PayloadTooLarge, 413, "too_large"),
    (BadParameter, 400, "bad_parameter"),
    (FetchError, 422, "fetch_failed"),
    (InputError, 422, "bad_input"),
    (ConfigError, 500, "config_error"),
    (StoreError, 400, "bad_query"),
    (FactdeskError, 500, "internal_error"),
)


def status_of(exc: FactdeskError) -> tuple[int, str]:
    for cls, status, code in ERROR_STATUS:
        if isinstance(exc, cls):
            return status, code
    return 500, "internal_error"


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The JSON error shape."""
    if code is None:
        code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    return {"error": {"status": status, "code": code, "message": message}}
