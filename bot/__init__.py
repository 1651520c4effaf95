"""Aftercare companion: a Telegram bot that looks after patients between dry-needling sessions."""

__version__ = "0.1.0"
