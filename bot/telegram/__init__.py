"""Talking to Telegram: the typed context, the bots, the send budget, replies and fallbacks."""
