"""The Bot API's error envelope, as one exception the method handlers raise.

Every refusal the stand-in gives goes through `ApiError` so that status code, description prefix
and `parameters` stay consistent with what Telegram sends (PTB maps the status code to its
exception class and reads `parameters.retry_after` for `RetryAfter`).
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API refusal: rendered as `{"ok": false, "error_code": ..., "description": ...}`."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def envelope(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> ApiError:
    return ApiError(403, f"Forbidden: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


def not_found() -> ApiError:
    return ApiError(404, "Not Found")
