"""Thin Telegram callbacks, one audience or flow per module; ``shared`` holds their helpers."""
