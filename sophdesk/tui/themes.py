"""Colour themes from TOML data files: the package's ``themes/`` and the user's own.

A theme sets Textual's base colours plus the desk's variables (severity and SLA
colours); any variable a theme leaves out falls back to :data:`VARIABLE_DEFAULTS`,
so Textual's built-in themes work too.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs
from textual.theme import BUILTIN_THEMES, Theme

from sophdesk.paths import APP_NAME

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


def theme_folders() -> list[Path]:
    """Shipped themes first, then the user's (``<config dir>/themes``), which win."""
    folders: list[Path] = []
    shipped = resources.files("sophdesk").joinpath("themes")
    if shipped.is_dir():
        folders.append(Path(str(shipped)))
    else:  # a source checkout: the repository's top-level themes/ folder
        folders.append(Path(__file__).resolve().parents[2] / "themes")
    folders.append(platformdirs.user_config_path(APP_NAME) / "themes")
    return [f for f in folders if f.is_dir()]


def load_theme_file(path: Path) -> Theme:
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
    variables.update({str(k): str(v) for k, v in extra.items()})
    colours: dict[str, Any] = {k: str(data[k]) for k in _COLOUR_KEYS if k in data}
    try:
        return Theme(name=name, dark=bool(data.get("dark", True)), variables=variables, **colours)
    except Exception as exc:  # Textual validates colours on use; report the file
        raise ThemeError(f"theme file {path}: {exc}") from None


def load_themes() -> dict[str, Theme]:
    themes: dict[str, Theme] = {}
    for folder in theme_folders():
        for path in sorted(folder.glob("*.toml")):
            theme = load_theme_file(path)
            themes[theme.name] = theme
    return themes


def theme_names() -> list[str]:
    return sorted(load_themes()) + sorted(BUILTIN_THEMES)
