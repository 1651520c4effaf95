"""SQLite storage through sqlite-utils: schema migrations and typed stores per area."""
