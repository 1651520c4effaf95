"""Operating the bot in production: the runner (polling or webhook), health, and the operator's
backup/restore/healthcheck commands."""
