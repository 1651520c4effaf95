"""Telegram callbacks of clinic staff and of patients joining a clinic."""
