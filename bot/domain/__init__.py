"""Pure logic: no Telegram, no SQLite, no clock of its own. ``now`` is always a parameter."""
