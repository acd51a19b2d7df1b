"""Settings from the environment (and an optional .env file), validated once at the edge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.dnscheck.config import CACHE_SECONDS, DnsConfig, ServerListError, parse_servers
from bot.errors import SetupError
from bot.intents.decision import Thresholds

DEFAULT_DATABASE_URL = "sqlite:///mailhelp.sqlite3"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
# URL schemes DATABASE_URL may use, with an optional +driver; Heroku spells PostgreSQL postgres://.
DATABASE_SCHEMES = ("sqlite", "postgresql", "postgres")
DATABASE_FORMS = "sqlite:///PATH, postgresql://USER:PASSWORD@HOST/DB (or postgres://...)"


class SettingsError(SetupError):
    """A setting is missing or malformed; the message names the environment variable."""


class Settings(BaseSettings):
    """Every knob of mailhelp. Field names are the environment variable names, upper-cased."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        frozen=True,
    )

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    # Seconds before a Web API call is given up on (its outcome then unknown).
    slack_api_timeout: int = Field(default=10, ge=1, le=60)
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_scopes: str | None = None
    slack_redirect_uri: str | None = None

    port: int = Field(default=3000, ge=1, le=65535)
    database_url: str = DEFAULT_DATABASE_URL
    retention_days: int = Field(default=90, ge=1, le=3650)

    mailhelp_direct_threshold: float = Field(default=0.45, ge=0.0, le=1.0)
    mailhelp_unprompted_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    mailhelp_escalation_channel: str | None = None
    mailhelp_escalation_group: str | None = None
    mailhelp_answer_unprompted: bool = True
    mailhelp_triage_emoji: str = "mailhelp"
    mailhelp_fallback_emoji: str = "envelope_with_arrow"
    mailhelp_intents_path: Path | None = None
    mailhelp_responses_dir: Path | None = None
    mailhelp_model_path: Path | None = None
    mailhelp_dns_servers: str | None = None
    mailhelp_dns_cache_seconds: int = Field(default=CACHE_SECONDS, ge=0, le=3600)
    mailhelp_dns_authority_port: int = Field(default=53, ge=1, le=65535)
    mailhelp_recipient_platform: bool = True
    # How long a web worker waits for the release phase to migrate the database before it
    # answers without storage; long enough for a migration, short of a platform's boot limit.
    mailhelp_schema_wait_seconds: float = Field(default=120.0, ge=0.0, le=3600.0)
    log_level: str = "INFO"

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        scheme, separator, _ = value.strip().partition("://")
        backend = scheme.lower().partition("+")[0]
        if not separator or backend not in DATABASE_SCHEMES:
            named = f"the {backend!r} scheme" if separator and backend else "this value"
            # The URL itself is never repeated: it may hold a password.
            raise ValueError(f"{named} is not supported; use one of {DATABASE_FORMS}")
        return value

    @field_validator("mailhelp_intents_path", "mailhelp_model_path")
    @classmethod
    def _intents_file_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no file at {value}")
        return value

    @field_validator("mailhelp_responses_dir")
    @classmethod
    def _responses_dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"no folder at {value}")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_is_http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("slack_redirect_uri")
    @classmethod
    def _redirect_is_http(cls, value: str | None) -> str | None:
        # Slack compares it with the app's Redirect URLs; it must be the full public URL.
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be the full https:// URL of /slack/oauth_redirect")
        return value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("mailhelp_triage_emoji", "mailhelp_fallback_emoji")
    @classmethod
    def _emoji_name(cls, value: str) -> str:
        return value.strip().strip(":")

    @field_validator("mailhelp_dns_servers")
    @classmethod
    def _dns_servers(cls, value: str | None) -> str | None:
        try:
            parse_servers(value)
        except ServerListError as exc:
            raise ValueError(f"{exc}; give IP addresses as host[:port],...") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> Settings:
        if self.mailhelp_unprompted_threshold < self.mailhelp_direct_threshold:
            raise ValueError(
                "MAILHELP_UNPROMPTED_THRESHOLD must be at least MAILHELP_DIRECT_THRESHOLD: "
                "speaking unprompted needs more certainty than answering a direct question"
            )
        return self

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(
            direct=self.mailhelp_direct_threshold,
            unprompted=self.mailhelp_unprompted_threshold,
        )

    @property
    def dns(self) -> DnsConfig:
        return DnsConfig(
            servers=parse_servers(self.mailhelp_dns_servers),
            cache_seconds=self.mailhelp_dns_cache_seconds,
            authority_port=self.mailhelp_dns_authority_port,
        )

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    def require(self, *names: str) -> None:
        """Refuse to go on when a setting a mode needs is absent, naming the variable."""
        missing = [name.upper() for name in names if not getattr(self, name)]
        if missing:
            raise SettingsError(
                f"missing setting {', '.join(missing)}: set it in the environment or in .env"
            )


def _describe(error: ErrorDetails) -> str:
    location = ".".join(str(part) for part in error.get("loc", ())) or "settings"
    return f"{location.upper()}: {error.get('msg', 'invalid value')}"


def load_settings(**overrides: Any) -> Settings:
    """Build the settings once, turning validation errors into one readable SettingsError."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise SettingsError(f"invalid settings: {problems}") from exc
