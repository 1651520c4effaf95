"""Tools for development and testing, kept out of the production image: the Bot API stand-in, the
demo, the reminder runner."""
