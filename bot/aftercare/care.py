"""The facts a patient's aftercare is planned, checked and worded with, gathered once.

A handler (once per update) and the reminder sender (once per row) used to work each of these
out again wherever it was needed: the zone from the patient's choice, else their clinic's, else
the bot's default; the quiet hours from two text columns; the clinic's own plan parsed from its
TOML; the clinic's wording of a message. ``bot.aftercare.service.care_for`` reads them once into
this view, so every sentence and every decision of one update (or one reminder) agrees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.aftercare.plan import AftercarePlan, PatientTiming
from bot.aftercare.quiet_hours import QuietHours


@dataclass(frozen=True)
class CareView:
    #: The patient's own zone, else their clinic's, else the bot's default (UTC at worst).
    zone: ZoneInfo
    #: Their quiet hours (none if the stored times cannot be read).
    quiet: QuietHours
    #: Their clinic's plan if it stored a valid one, else the default plan.
    plan: AftercarePlan
    #: ``say(key, **params)``: the catalog's text in the patient's language, or their clinic's
    #: own wording of it.
    say: Callable[..., str]

    @property
    def timing(self) -> PatientTiming:
        return PatientTiming(self.zone, self.quiet)
