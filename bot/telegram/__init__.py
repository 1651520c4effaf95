"""Talking to Telegram: the typed context, the bots, the button codec, the send budget, replies
and fallbacks."""
