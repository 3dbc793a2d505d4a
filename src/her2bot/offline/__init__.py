"""The bot without Telegram: an in-memory Bot API and a terminal to talk to it."""
