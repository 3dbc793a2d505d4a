"""Settings from the environment, read and validated in one place.

Every problem becomes one ConfigError line naming the variable; secrets are never echoed.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

from her2bot import keyfile

# The environment variables the bot reads; deploy/ manifests are checked against this list.
ENV_VARS = (
    "TELEGRAM_BOT_TOKEN",
    "HER2BOT_API_BASE_URL",
    "HER2BOT_STORE",
    "HER2BOT_MODE",
    "HER2BOT_WEBHOOK_URL",
    "HER2BOT_WEBHOOK_LISTEN",
    "HER2BOT_WEBHOOK_SECRET",
    "HER2BOT_LOG_LEVEL",
    "HER2BOT_EMERGENCY_NUMBER",
    "HER2BOT_POISON_CONTROL_NUMBER",
    "HER2BOT_SECRET_KEY",
    "HER2BOT_RETENTION_DAYS",
    "HER2BOT_CONTENT_DIR",
)

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_EMERGENCY_NUMBER = "your local emergency number"
DEFAULT_POISON_CONTROL_NUMBER = "your local poison control centre"
_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram allows for secret_token
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A setting is missing or wrong; str() is one line fit for a terminal."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    api_base_url: str
    store_url: str
    mode: str
    webhook_url: str | None
    webhook_listen: tuple[str, int]
    webhook_secret: str | None
    log_level: str
    emergency_number: str
    poison_control_number: str
    secret_key: bytes
    retention_days: int
    content_dir: Path | None

    def __repr__(self) -> str:  # never print secrets, even by accident in a traceback
        return f"Settings(mode={self.mode!r}, store={self.store_url.split(':', 1)[0]!r})"

    @property
    def webhook_path(self) -> str:
        return urlsplit(self.webhook_url).path or "/" if self.webhook_url else "/"


def default_data_dir() -> Path:
    return Path(user_data_dir("her2bot", appauthor=False))


def load_settings(
    environ: Mapping[str, str] | None = None, *, require_token: bool = True
) -> Settings:
    env = os.environ if environ is None else environ

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    token = get("TELEGRAM_BOT_TOKEN")
    if token is None and require_token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token "
            "(or run `her2bot chat` to try the bot offline)"
        )
    if token is not None and not _TOKEN.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters)")

    api_base_url = get("HER2BOT_API_BASE_URL") or DEFAULT_API_BASE_URL
    if urlsplit(api_base_url).scheme not in ("http", "https"):
        raise ConfigError("HER2BOT_API_BASE_URL must start with http:// or https://")

    store_url = get("HER2BOT_STORE") or f"sqlite:///{default_data_dir() / 'her2bot.db'}"
    if not store_url.startswith(("sqlite:///", "memory://", "redis://", "rediss://")):
        raise ConfigError(
            "HER2BOT_STORE must be sqlite:///path/to/file.db, redis://host:port/db or memory://"
        )

    mode = (get("HER2BOT_MODE") or "polling").lower()
    if mode not in ("polling", "webhook"):
        raise ConfigError("HER2BOT_MODE must be polling or webhook")

    webhook_url = get("HER2BOT_WEBHOOK_URL")
    webhook_secret = get("HER2BOT_WEBHOOK_SECRET")
    listen = _parse_listen(get("HER2BOT_WEBHOOK_LISTEN") or "127.0.0.1:8080")
    if mode == "webhook":
        if webhook_url is None or not (
            urlsplit(webhook_url).scheme == "https" or _is_loopback_http(webhook_url)
        ):
            raise ConfigError("HER2BOT_WEBHOOK_URL must be an https:// URL in webhook mode")
        if webhook_secret is None:
            raise ConfigError("HER2BOT_WEBHOOK_SECRET is required in webhook mode")
    if webhook_secret is not None and not _SECRET_TOKEN.match(webhook_secret):
        raise ConfigError("HER2BOT_WEBHOOK_SECRET may use only A-Z, a-z, 0-9, _ and - (1-256)")

    log_level = (get("HER2BOT_LOG_LEVEL") or "INFO").upper()
    if log_level not in _LOG_LEVELS:
        raise ConfigError(f"HER2BOT_LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}")

    retention = get("HER2BOT_RETENTION_DAYS") or "180"
    if not retention.isdigit() or not 1 <= int(retention) <= 3650:
        raise ConfigError("HER2BOT_RETENTION_DAYS must be a whole number of days from 1 to 3650")

    secret = get("HER2BOT_SECRET_KEY")
    if secret is None and store_url.startswith(("redis://", "rediss://")):
        # Several instances must agree on the key, so it cannot be made up locally.
        raise ConfigError("HER2BOT_SECRET_KEY is required with a Redis store")
    if secret is not None and len(secret) < 16:
        raise ConfigError("HER2BOT_SECRET_KEY must be at least 16 characters")
    secret_key = secret.encode() if secret else _local_secret_key(store_url)

    content_dir = get("HER2BOT_CONTENT_DIR")
    return Settings(
        token=token,
        api_base_url=api_base_url,
        store_url=store_url,
        mode=mode,
        webhook_url=webhook_url,
        webhook_listen=listen,
        webhook_secret=webhook_secret,
        log_level=log_level,
        emergency_number=get("HER2BOT_EMERGENCY_NUMBER") or DEFAULT_EMERGENCY_NUMBER,
        poison_control_number=(
            get("HER2BOT_POISON_CONTROL_NUMBER") or DEFAULT_POISON_CONTROL_NUMBER
        ),
        secret_key=secret_key,
        retention_days=int(retention),
        content_dir=Path(content_dir) if content_dir else None,
    )


def _parse_listen(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError("HER2BOT_WEBHOOK_LISTEN must be host:port, for example 0.0.0.0:8080")
    return host.strip("[]"), int(port)


def _is_loopback_http(url: str) -> bool:
    # Plain http is allowed only to loopback, for tests and a local reverse proxy.
    parts = urlsplit(url)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


def _local_secret_key(store_url: str) -> bytes:
    """A random key kept beside the SQLite file, so chat keys stay stable across restarts."""
    if not store_url.startswith("sqlite:///"):
        return secrets.token_bytes(32)  # memory store: lives as long as the process
    key_file = Path(store_url.removeprefix("sqlite:///")).expanduser().parent / "secret.key"
    try:
        return keyfile.load_or_create(key_file)
    except (OSError, keyfile.KeyFileError) as exc:
        raise ConfigError(f"the local secret key cannot be used: {exc}") from exc
