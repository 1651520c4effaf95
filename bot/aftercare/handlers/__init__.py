"""Telegram callbacks of the aftercare flows: sessions, consent and settings, check-ins,
progress."""
