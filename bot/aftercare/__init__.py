"""The aftercare plan: sessions, reminders, check-ins and their delivery."""
