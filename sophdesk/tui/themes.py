"""Colour themes from TOML data files: the package's ``themes/`` and the user's own.

A broken file (bad TOML, a colour Textual cannot parse, a missing field) is
skipped and reported (:class:`SkippedTheme`); the other themes still load.
A theme sets Textual's base colours plus the desk's variables (severity and SLA
colours); any variable a theme leaves out falls back to :data:`VARIABLE_DEFAULTS`,
so Textual's built-in themes work too.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

from sophdesk.paths import theme_folders

VARIABLE_DEFAULTS: dict[str, str] = {
    "sev-1": "ansi_bright_red",
    "sev-2": "ansi_yellow",
    "sev-3": "ansi_bright_yellow",
    "sev-4": "ansi_cyan",
    "sev-triage": "ansi_bright_magenta",
    "sla-breached": "ansi_bright_red",
    "sla-at-risk": "ansi_yellow",
    "cursor-background": "ansi_blue",
}

_COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


class ThemeError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _colour(path: Path, key: str, value: object) -> str:
    text = str(value)
    try:
        Color.parse(text)
    except ColorParseError:
        raise ThemeError(f"theme file {path}: {key!r} is not a colour: {text!r}") from None
    return text


def load_theme_file(path: Path) -> Theme:
    """The theme in ``path``; every colour is checked here, not when first drawn."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"theme file {path}: {exc}") from None
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ThemeError(f"theme file {path}: 'name' is required")
    if not isinstance(data.get("primary"), str):
        raise ThemeError(f"theme file {path}: 'primary' (a colour) is required")
    variables = dict(VARIABLE_DEFAULTS)
    extra = data.get("variables", {})
    if not isinstance(extra, dict):
        raise ThemeError(f"theme file {path}: [variables] must be a table")
    variables.update({str(k): _colour(path, str(k), v) for k, v in extra.items()})
    colours: dict[str, Any] = {k: _colour(path, k, data[k]) for k in _COLOUR_KEYS if k in data}
    try:
        return Theme(name=name, dark=bool(data.get("dark", True)), variables=variables, **colours)
    except Exception as exc:  # anything else Textual refuses: report the file
        raise ThemeError(f"theme file {path}: {exc}") from None


@dataclass(frozen=True)
class SkippedTheme:
    """A theme file that could not be used: its path, the theme it meant, why."""

    path: Path
    name: str
    reason: str

    @property
    def message(self) -> str:
        return f"skipped the theme file {self.path}: {self.reason}"


def _declared_name(path: Path) -> str:
    """The name a broken file meant to give its theme (its stem if unreadable)."""
    try:
        name = tomllib.loads(path.read_text(encoding="utf-8")).get("name")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return path.stem
    return name if isinstance(name, str) and name else path.stem


def load_themes_reporting() -> tuple[dict[str, Theme], list[SkippedTheme]]:
    """Every usable theme, and the files skipped (one broken file stops nothing)."""
    themes: dict[str, Theme] = {}
    skipped: list[SkippedTheme] = []
    for folder in theme_folders():
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeError as exc:
                reason = exc.message.removeprefix(f"theme file {path}: ")
                skipped.append(SkippedTheme(path, _declared_name(path), reason))
                continue
            themes[theme.name] = theme
    return themes, skipped


def load_themes() -> dict[str, Theme]:
    return load_themes_reporting()[0]


def theme_listing() -> tuple[list[str], list[SkippedTheme]]:
    """Every usable theme name (ours, then Textual's), and the files skipped."""
    themes, skipped = load_themes_reporting()
    return sorted(themes) + sorted(BUILTIN_THEMES), skipped


def theme_names() -> list[str]:
    return theme_listing()[0]
