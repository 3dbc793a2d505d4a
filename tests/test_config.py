from __future__ import annotations

from pathlib import Path

import pytest

from her2bot.config import ENV_VARS, ConfigError, load_settings

TOKEN = "123456:TEST-token-for-loopback-only-aaaaaaaaa"


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_STORE": f"sqlite:///{tmp_path}/bot.db", **extra}


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings(env(tmp_path))
    assert settings.mode == "polling"
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.retention_days == 180
    assert settings.emergency_number == "your local emergency number"
    assert settings.log_level == "INFO"
    assert settings.webhook_listen == ("127.0.0.1", 8080)


def test_default_store_is_a_sqlite_file_in_the_user_data_dir() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "HER2BOT_STORE": ""}, require_token=True)
    assert settings.store_url.startswith("sqlite:///")
    assert settings.store_url.endswith("her2bot.db")


def test_token_is_required_to_run_but_not_to_chat() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        load_settings({"HER2BOT_STORE": "memory://"})
    assert load_settings({"HER2BOT_STORE": "memory://"}, require_token=False).token is None


@pytest.mark.parametrize(("name", "value", "message"), [
    ("TELEGRAM_BOT_TOKEN", "not-a-token", "does not look like a bot token"),
    ("HER2BOT_MODE", "carrier-pigeon", "polling or webhook"),
    ("HER2BOT_STORE", "postgres://x", "HER2BOT_STORE must be"),
    ("HER2BOT_API_BASE_URL", "ftp://x", "must start with http"),
    ("HER2BOT_WEBHOOK_LISTEN", "8080", "host:port"),
    ("HER2BOT_WEBHOOK_LISTEN", "0.0.0.0:99999", "host:port"),
    ("HER2BOT_LOG_LEVEL", "LOUD", "HER2BOT_LOG_LEVEL"),
    ("HER2BOT_RETENTION_DAYS", "-3", "HER2BOT_RETENTION_DAYS"),
    ("HER2BOT_SECRET_KEY", "short", "at least 16"),
    ("HER2BOT_WEBHOOK_SECRET", "spaces are bad", "HER2BOT_WEBHOOK_SECRET"),
])
def test_invalid_settings_give_one_clear_line(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings(env(tmp_path, **{name: value}))
    assert "\n" not in str(caught.value)
    assert name in str(caught.value)


def test_webhook_mode_needs_https_url_and_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="HER2BOT_WEBHOOK_URL"):
        load_settings(env(tmp_path, HER2BOT_MODE="webhook", HER2BOT_WEBHOOK_SECRET="s3cret"))
    with pytest.raises(ConfigError, match="HER2BOT_WEBHOOK_URL"):
        load_settings(env(tmp_path, HER2BOT_MODE="webhook", HER2BOT_WEBHOOK_SECRET="s",
                          HER2BOT_WEBHOOK_URL="http://bot.example.org/hook"))
    with pytest.raises(ConfigError, match="HER2BOT_WEBHOOK_SECRET is required"):
        load_settings(env(tmp_path, HER2BOT_MODE="webhook",
                          HER2BOT_WEBHOOK_URL="https://bot.example.org/hook"))
    settings = load_settings(env(
        tmp_path, HER2BOT_MODE="webhook", HER2BOT_WEBHOOK_URL="https://bot.example.org/tg/hook",
        HER2BOT_WEBHOOK_SECRET="s3cret", HER2BOT_WEBHOOK_LISTEN="0.0.0.0:8443",
    ))
    assert settings.webhook_path == "/tg/hook"
    assert settings.webhook_listen == ("0.0.0.0", 8443)


def test_redis_store_needs_a_shared_secret_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="HER2BOT_SECRET_KEY is required"):
        load_settings(env(tmp_path, HER2BOT_STORE="redis://127.0.0.1:6379/0"))


def test_local_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    first = load_settings(env(tmp_path)).secret_key
    second = load_settings(env(tmp_path)).secret_key
    assert first == second and len(first) == 32
    key_file = tmp_path / "secret.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert load_settings(env(tmp_path, HER2BOT_SECRET_KEY="x" * 16)).secret_key == b"x" * 16


def test_repr_never_shows_secrets(tmp_path: Path) -> None:
    settings = load_settings(env(tmp_path, HER2BOT_SECRET_KEY="k" * 20))
    assert TOKEN not in repr(settings)
    assert "kkkk" not in repr(settings)


def test_every_variable_read_is_listed() -> None:
    source = Path(__file__).parents[1].joinpath("src/her2bot/config.py").read_text()
    import re

    read = set(re.findall(r'get\("([A-Z0-9_]+)"\)', source))
    assert read == set(ENV_VARS)


def test_key_file_is_private_whole_and_shared(tmp_path: Path) -> None:
    import stat
    from concurrent.futures import ThreadPoolExecutor

    from her2bot import keyfile

    path = tmp_path / "keys" / "secret.key"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: keyfile.load_or_create(path), range(16)))
    assert len(keys) == 1 and len(keys.pop()) == keyfile.KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["secret.key"]  # no temporary left
    path.write_bytes(b"")
    with pytest.raises(keyfile.KeyFileError, match="remove it"):
        keyfile.load_or_create(path)
