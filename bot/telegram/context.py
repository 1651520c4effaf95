"""The typed ``CallbackContext``: what every handler can reach, and the one view of the patient
behind the update.

PTB builds one context per update (``Application.process_update`` calls ``from_update`` once,
then hands the same object to the matching handler of every group) and a fresh one for every
other update, job or error. So what is worked out about an update is cached here, on the
context, and never in ``bot_data`` or ``user_data``: those are shared by every update (and, with
concurrent updates, by updates running at once), the context by this update only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.aftercare.care import CareView
from bot.aftercare.plan import AftercarePlan
from bot.aftercare.service import care_for
from bot.clock import Clock
from bot.content import Messages
from bot.outbox.courier import Outbox
from bot.patients.model import Patient
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


class NotAPatientError(RuntimeError):
    """Care facts asked for an update that names no patient (check ``context.patient`` first)."""


@dataclass(frozen=True)
class PatientView:
    """What one update (or one reminder) needs to know about its patient, read once.

    ``locale`` is the one language everything is said in; for a patient it is their row's
    (``bot.patients.store.PatientStore.register`` keeps it in step with their Telegram language on
    every update, so a reply now and a reminder later speak the same language). ``patient`` and
    ``care`` are None for someone who is not a patient (yet). ``care`` is read on first use
    only: /help or a photo never asks for the clinic's plan."""

    patient: Patient | None
    locale: str
    now: datetime
    read_care: Callable[[], CareView] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def care(self) -> CareView | None:
        return self.read_care() if self.read_care is not None else None


def patient_view(services: Services, patient: Patient | None, now: datetime) -> PatientView:
    """The view of ``patient`` at ``now``; the reminder sender builds one per row, a handler one
    per update (through the context)."""
    if patient is None:
        return PatientView(None, services.messages.default_locale, now)
    return PatientView(patient, patient.locale, now, partial(_care, services, patient))


def _care(services: Services, patient: Patient) -> CareView:
    if services.plan is None:
        raise RuntimeError("the application was built without an aftercare plan")
    return care_for(
        services.repo, services.messages, services.plan, patient,
        default_timezone=services.settings.default_timezone,
    )  # fmt: skip


class AftercareContext(
    CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
):
    # Set by ``from_update``; contexts of jobs and errors have no update and name no patient.
    _update: Update | None = None
    _now: datetime | None = None
    _view: PatientView | None = None
    _changed: Patient | None = None  # handed to refresh_patient, for the next view

    @classmethod
    def from_update(
        cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> AftercareContext:
        context: AftercareContext = super().from_update(update, application)
        if isinstance(update, Update):
            context._update = update
        return context

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

    # --- this update -----------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """When this update is handled, read from the clock once: everything one update stores
        or shows carries the same moment."""
        if self._now is None:
            self._now = self.clock.now()
        return self._now

    @property
    def locale(self) -> str:
        """The language to answer in: the sender's Telegram language matched to a catalog (the
        default one without it). A patient's row keeps the same (see ``PatientView``)."""
        if self._view is not None:
            return self._view.locale
        user = self._update.effective_user if self._update is not None else None
        return self.messages.resolve_locale(user.language_code if user else None)

    @property
    def view(self) -> PatientView:
        """The patient behind this update and their care facts, worked out on first use."""
        if self._view is None:
            self._view = self._build_view()
        return self._view

    @property
    def patient(self) -> Patient | None:
        """The patient behind a private-chat update, registered on first contact (and their
        chat, name and language refreshed when they change); None for anyone else."""
        return self.view.patient

    def meet_patient(self) -> Patient | None:
        """``patient``, for a flow that only wants a first-time visitor registered (help,
        sources, a photo): they become a patient the way any other message makes them one."""
        return self.patient

    @property
    def care(self) -> CareView:
        """The patient's zone, quiet hours, plan and clinic wording; only after ``patient``
        named one (raises ``NotAPatientError`` otherwise)."""
        care = self.view.care
        if care is None:
            raise NotAPatientError(f"update {self._update_id} names no patient")
        return care

    def refresh_patient(self, changed: Patient | None = None) -> None:
        """Forget the view after this update changed its patient (a new zone, consent, quiet
        hours …); the next use rebuilds it from ``changed``, the patient as the change left
        them (what the service returned, so nothing is read twice), or reads them again."""
        current = self._view.patient if self._view is not None else None
        if changed is not None and current is not None and current.id != changed.id:
            raise ValueError(f"patient {changed.id} is not the patient of this update")
        self._view = None
        self._changed = changed

    @property
    def known_patient(self) -> Patient | None:
        """The patient behind this update if they already are one, without registering anyone
        or writing anything (for flows that must not create a record: questions, /export,
        /delete)."""
        if self._view is not None:
            return self._view.patient
        identity = self._identity()
        return self.repo.patients.by_telegram_user(identity[0]) if identity else None

    def care_of(self, patient: Patient) -> CareView:
        """Another patient's care facts (staff acting on one of their clinic's patients)."""
        return _care(self.services, patient)

    def _identity(self) -> tuple[int, int, str | None] | None:
        """(user id, chat id, name) when this update comes from a person in their own private
        chat. A private chat's id is its user's id: an update whose chat is someone else's (a
        forged button press carrying another chat's message) names no patient, so it can never
        move a patient's chat elsewhere."""
        update = self._update
        user = update.effective_user if update is not None else None
        chat = update.effective_chat if update is not None else None
        if user is None or chat is None or user.is_bot or chat.type != chat.PRIVATE:
            return None
        if chat.id != user.id:
            return None
        return user.id, chat.id, user.full_name or None

    def _build_view(self) -> PatientView:
        if self._changed is not None:
            changed, self._changed = self._changed, None
            return patient_view(self.services, changed, self.now)
        identity = self._identity()
        if identity is None:
            return PatientView(None, self.locale, self.now)
        user_id, chat_id, name = identity
        patient = self.repo.patients.register(
            telegram_user_id=user_id,
            chat_id=chat_id,
            display_name=name,
            locale=self.locale,
            now=self.now,
        )
        return patient_view(self.services, patient, self.now)

    @property
    def _update_id(self) -> int | None:
        return self._update.update_id if self._update is not None else None
