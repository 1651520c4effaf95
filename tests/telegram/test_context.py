"""The one view of the patient per update (``AftercareContext.view``), through the production
Application handed real Update JSON: probes in groups before and after the handlers see what
every handler of the update sees."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.app import AftercareApp
from bot.content import Catalog, Messages
from bot.patients.store import PatientStore
from bot.storage.repository import Repository
from bot.telegram import context as context_module
from bot.telegram.context import AftercareContext, NotAPatientError, Services, patient_view
from tests.conftest import NOW
from tests.fakes import Person, callback_update, message_update

PATIENT, OTHER = 7_700_000_001, 7_700_000_002
GROUP = -1_001_777


@dataclass
class Seen:
    """What a probe saw of one update: the context and (if it asked) the view."""

    context: AftercareContext
    view: Any = None
    known: Any = None
    care_error: bool = False


@dataclass
class Probe:
    before: list[Seen] = field(default_factory=list)
    after: list[Seen] = field(default_factory=list)
    patient_reads: int = 0
    cares: int = 0


@pytest.fixture
def probe(app: AftercareApp, repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Iterator[Probe]:
    """Group -50 looks before every handler (without building the view), group 50 after them
    (building it if nobody did); every ``register`` (the patient read of an update) and every
    reading of care facts is counted."""
    seen = Probe()

    async def before(update: Update, context: AftercareContext) -> None:
        seen.before.append(Seen(context, known=context.known_patient))

    async def after(update: Update, context: AftercareContext) -> None:
        entry = Seen(context, view=context.view, known=context.known_patient)
        if entry.view.patient is None:  # (asking a patient's care here would count as a read)
            try:
                _ = context.care
            except NotAPatientError:
                entry.care_error = True
        seen.after.append(entry)

    register = PatientStore.register

    def counted(self: PatientStore, **kwargs: Any) -> Any:
        seen.patient_reads += 1
        return register(self, **kwargs)

    monkeypatch.setattr(PatientStore, "register", counted)
    care_for = context_module.care_for

    def counted_care(*args: Any, **kwargs: Any) -> Any:
        seen.cares += 1
        return care_for(*args, **kwargs)

    monkeypatch.setattr(context_module, "care_for", counted_care)
    app.add_handler(TypeHandler(Update, before), group=-50)
    app.add_handler(TypeHandler(Update, after), group=50)
    yield seen


async def test_every_handler_of_an_update_shares_one_view_and_the_next_update_gets_its_own(
    person: Callable[..., Person], probe: Probe
) -> None:
    patient = person(PATIENT)
    await patient.command("start")
    assert probe.patient_reads == 1  # /start read the patient; the probe after it reused that view
    first = probe.after[-1]
    assert first.context is probe.before[-1].context  # PTB: one context per update
    assert first.view.patient is not None and first.view.patient.telegram_user_id == PATIENT
    await patient.command("help")
    assert probe.patient_reads == 2
    second = probe.after[-1]
    assert second.context is not first.context and second.view is not first.view
    assert second.view.now == first.view.now  # the manual clock did not move


async def test_a_handler_that_changes_the_patient_refreshes_the_view_for_the_rest(
    person: Callable[..., Person], probe: Probe, app: AftercareApp
) -> None:
    patient = person(PATIENT)
    await patient.command("start")

    async def look_first(update: Update, context: AftercareContext) -> None:
        probe.before[-1].view = context.view  # cache the view before /timezone changes it

    app.add_handler(TypeHandler(Update, look_first), group=-40)
    patient_reads = probe.patient_reads
    await patient.command("timezone", "Europe/London")
    stale, fresh = probe.before[-1].view, probe.after[-1].view
    assert stale.care.zone == ZoneInfo("UTC")
    assert fresh.care.zone == ZoneInfo("Europe/London")
    assert fresh.patient.timezone == "Europe/London"
    # One read for the update: the view after the change came from what the service returned.
    assert probe.patient_reads == patient_reads + 1


async def test_care_is_read_only_when_asked_for_and_once_per_view(
    person: Callable[..., Person], probe: Probe
) -> None:
    patient = person(PATIENT)
    await patient.command("start")
    await patient.command("help")
    assert probe.cares == 0  # a patient, but nothing of their care was needed
    await patient.command("session", "yesterday", "14:00")  # the zone, then the zone again
    assert probe.cares == 1
    await patient.command("timezone")
    assert probe.cares == 2  # the next update reads them afresh


async def test_a_patient_without_a_clinic_or_a_zone_gets_the_bot_s_defaults(
    person: Callable[..., Person], probe: Probe, services: Services, messages: Messages
) -> None:
    await person(PATIENT).command("start")
    view = probe.after[-1].view
    assert view.patient.clinic_id is None and view.patient.timezone is None
    assert view.care.zone == ZoneInfo(services.settings.default_timezone)
    assert view.care.plan is services.plan
    assert view.care.say("reminders.hydration") == messages.text("reminders.hydration", "en")
    assert view.locale == "en" and view.now == NOW


async def test_a_first_time_sender_is_unknown_until_a_handler_meets_them(
    person: Callable[..., Person], probe: Probe, repo: Repository
) -> None:
    await person(PATIENT).command("help")
    assert probe.before[-1].known is None  # looked at, not registered
    met = probe.after[-1]
    assert met.view.patient is not None and met.known is met.view.patient
    assert repo.patients.by_telegram_user(PATIENT) == met.view.patient


async def test_a_question_alone_registers_nobody(
    person: Callable[..., Person], probe: Probe, repo: Repository
) -> None:
    """Only the probe after the handlers builds the view; the question handler itself only
    looked (``known_patient``), so no row existed while it ran."""
    await person(PATIENT).say("how long will I be sore?")
    assert probe.before[-1].known is None
    assert probe.patient_reads == 1  # the probe's own view, built after the question was answered


async def test_nobody_in_a_group_or_a_foreign_chat_is_a_patient_and_nothing_is_stored(
    app: AftercareApp, probe: Probe, repo: Repository, services: Services
) -> None:
    await app.process_update(
        Update.de_json(message_update(PATIENT, "hello", chat_id=GROUP, chat_type="group"), app.bot)
    )
    await app.process_update(
        Update.de_json(callback_update(PATIENT, "a1:x", message_id=5, chat_id=OTHER), app.bot)
    )
    for seen in probe.after:
        assert seen.view.patient is None and seen.view.care is None and seen.known is None
        assert seen.care_error  # care facts of nobody are an error, not a guess
        assert seen.view.locale == "en"
    assert probe.patient_reads == 0
    assert repo.patients.by_telegram_user(PATIENT) is None
    stranger = patient_view(services, None, NOW)
    assert stranger.patient is None and stranger.locale == services.messages.default_locale


async def test_the_patient_s_language_is_one_fact_the_reply_and_later_sends_share(
    person: Callable[..., Person],
    probe: Probe,
    repo: Repository,
    services: Services,
    messages: Messages,
) -> None:
    """A patient who switches Telegram to German is answered in German and their row says so,
    so a reminder built later from the row (the sender's view) speaks German too."""
    english = messages.catalog("en")
    german = Catalog("de", {"input.unknown_command": "Unbekannter Befehl {command}."})
    services.messages = Messages({"en": english, "de": german})
    patient = person(PATIENT)
    await patient.send(message_update(PATIENT, "/help", language_code="en"))
    assert probe.after[-1].view.locale == "en"
    sent = await patient.send(message_update(PATIENT, "/nonsense", language_code="de"))
    assert sent.to(PATIENT)[-1].text == "Unbekannter Befehl /nonsense."
    row = repo.patients.by_telegram_user(PATIENT)
    assert row is not None and row.locale == "de"
    assert probe.after[-1].view.locale == "de" == probe.after[-1].context.locale
    assert patient_view(services, row, NOW).locale == "de"


async def test_the_view_cannot_be_refreshed_with_someone_else(
    person: Callable[..., Person], probe: Probe, app: AftercareApp, repo: Repository
) -> None:
    stranger = repo.patients.register(
        telegram_user_id=OTHER, chat_id=OTHER, display_name=None, locale="en", now=NOW
    )
    refused: list[str] = []

    async def swap(update: Update, context: AftercareContext) -> None:
        assert context.patient is not None
        try:
            context.refresh_patient(stranger)
        except ValueError as exc:
            refused.append(str(exc))

    app.add_handler(TypeHandler(Update, swap), group=-40)
    await person(PATIENT).command("help")
    assert refused == [f"patient {stranger.id} is not the patient of this update"]
    assert probe.after[-1].view.patient.telegram_user_id == PATIENT
