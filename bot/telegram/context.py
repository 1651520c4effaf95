"""The typed ``CallbackContext``: what every handler can reach, with no logic of its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from bot.aftercare.plan import AftercarePlan
from bot.clock import Clock
from bot.content import Messages
from bot.outbox.courier import Outbox
from bot.settings import Settings
from bot.storage.repository import Repository

if TYPE_CHECKING:
    from bot.knowledge.articles import Article
    from bot.knowledge.matcher import Matcher


@dataclass
class Services:
    """Long-lived objects built once by ``bot.app`` and shared by all handlers."""

    settings: Settings
    repo: Repository
    messages: Messages
    clock: Clock
    matcher: Matcher
    articles: Sequence[Article]
    # Everything that must reach a chat even if a request fails (alerts, urgent replies).
    outbox: Outbox
    # The default aftercare plan (data/aftercare_plan.toml); None only in services built by hand.
    plan: AftercarePlan | None = None


class AftercareContext(
    CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
):
    @property
    def services(self) -> Services:
        services = self.bot_data.get("services")
        if not isinstance(services, Services):
            raise RuntimeError("the application was built without services")
        return services

    @property
    def repo(self) -> Repository:
        return self.services.repo

    @property
    def messages(self) -> Messages:
        return self.services.messages

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def outbox(self) -> Outbox:
        return self.services.outbox

    @property
    def plan(self) -> AftercarePlan:
        plan = self.services.plan
        if plan is None:
            raise RuntimeError("the application was built without an aftercare plan")
        return plan
