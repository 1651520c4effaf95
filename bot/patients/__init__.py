"""The patient as the rest of the bot sees them, and their store."""
