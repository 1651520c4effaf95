"""The Starlette app: its routes, and what each needs from the running bot."""

from __future__ import annotations

from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram.ext import Application

from bot.ops.health import HealthCheck
from bot.web.metrics import MetricsPage
from bot.web.webhook import WebhookEndpoint, webhook_path

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def build_web_app(
    health: HealthCheck,
    metrics_page: MetricsPage,
    *,
    webhook: WebhookEndpoint | None = None,
    webhook_url: str | None = None,
) -> Starlette:
    """``/healthz`` and ``/metrics`` always; the webhook path when ``webhook`` is given."""

    async def healthz(_request: Request) -> Response:
        report = health.report()
        return JSONResponse(report.to_json(), status_code=200 if report.healthy else 503)

    async def metrics(_request: Request) -> Response:
        return Response(metrics_page.render(), media_type=CONTENT_TYPE_LATEST)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    if webhook is not None:
        if webhook_url is None:
            raise ValueError("a webhook endpoint needs the public URL it is served at")
        routes.append(Route(webhook_path(webhook_url), webhook.handle, methods=["POST"]))
    return Starlette(routes=routes)
