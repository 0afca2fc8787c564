"""Settings from the TOML config file, then ``SOPHDESK_*`` environment variables.

An invalid file is an error naming the file, the line and the key; an invalid
environment value names the variable. Neither is silently replaced by defaults.
"""

from __future__ import annotations

import getpass
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sophdesk import paths
from sophdesk.domain.sla import SlaPolicy, default_policy
from sophdesk.sla_config import sla_policy

DEFAULT_THEME = "sophdesk"


class ConfigError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Settings:
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    theme: str = DEFAULT_THEME
    operator: str | None = None
    database_url: str | None = None
    source: Path | None = None
    #: Business hours and SLA targets (the [sla] section), in ``timezone``.
    sla: SlaPolicy = field(default_factory=default_policy)


_KEYS = {
    "timezone": "an IANA time zone name such as 'Europe/Madrid' (default 'UTC')",
    "theme": "a theme name, see `sophdesk themes`",
    "operator": "the name recorded on your timeline events (default: your OS user)",
    "database_url": "a SQLAlchemy URL or a file path for the database",
    "sla": "a table: business hours, holidays and targets per severity",
}


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.config_file()
    values: dict[str, Any] = {}
    text = ""
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} cannot be read: {exc}") from None
        try:
            values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path}: invalid TOML: {exc}") from None
    from_env: dict[str, str] = {}
    for key in ("timezone", "theme", "operator", "database_url"):
        variable = f"SOPHDESK_{key.upper()}"
        env = os.environ.get(variable)
        if env:
            values[key] = env
            from_env[key] = variable

    def origin(key: str) -> str:
        """Where ``key``'s value came from: the variable, or the file and line."""
        if key in from_env:
            return f"environment variable {from_env[key]}"
        return f"config file {path}, line {_line_of(text, key)}"

    for key, value in values.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{origin(key)}: unknown key {key!r}; known keys: {known}")
        if key == "sla":
            continue
        if not isinstance(value, str):
            raise ConfigError(f"{origin(key)}: {key} must be text: {_KEYS[key]}")
    zone = ZoneInfo("UTC")
    if "timezone" in values:
        try:
            zone = ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"{origin('timezone')}: timezone"
                f" {values['timezone']!r} is not a known zone: {_KEYS['timezone']}"
            ) from None

    def problem(key: str, message: str) -> ConfigError:
        return ConfigError(
            f"config file {path}, line {_line_of_dotted(text, key)}: {key}: {message}"
        )

    policy = sla_policy(values.get("sla"), zone, problem)
    return Settings(
        sla=policy,
        timezone=zone,
        theme=values.get("theme", DEFAULT_THEME),
        operator=values.get("operator"),
        database_url=values.get("database_url"),
        source=path if path.exists() else None,
    )


def _line_of(text: str, key: str) -> str:
    pattern = re.compile(rf"^[ \t]*{re.escape(key)}\s*=", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        return "?"
    return str(text.count("\n", 0, match.start()) + 1)


def _line_of_dotted(text: str, dotted: str) -> str:
    """The line of ``a.b.key``: the ``key =`` line after the ``[a.b]`` header."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        header = re.compile(rf"^\s*\[\s*{re.escape('.'.join(parts[:cut]))}\s*\]", re.MULTILINE)
        found = header.search(text)
        if found is None:
            continue
        rest = text[found.end() :]
        following = re.search(r"^\s*\[", rest, re.MULTILINE)
        body = rest[: following.start()] if following else rest
        key = re.search(rf"^[ \t]*{re.escape(parts[cut])}\s*=", body, re.MULTILINE)
        where = found.end() + (key.start() if key else 0)
        start = found.start() if key is None else where
        return str(text.count("\n", 0, start) + 1)
    whole = re.search(rf"^[ \t]*\[\s*{re.escape(dotted)}\s*\]", text, re.MULTILINE)
    if whole is not None:
        return str(text.count("\n", 0, whole.start()) + 1)
    return _line_of(text, parts[-1])


def operator_name(explicit: str | None, settings: Settings) -> str:
    """Who is acting: ``--as``, then the config, then the OS user."""
    for candidate in (explicit, settings.operator):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
