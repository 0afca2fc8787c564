"""Every path sophdesk uses, in one place. Environment variables override them."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "sophdesk"
ENV_DATABASE_URL = "SOPHDESK_DATABASE_URL"
ENV_CONFIG_FILE = "SOPHDESK_CONFIG_FILE"
ENV_DATA_DIR = "SOPHDESK_DATA_DIR"
ENV_CACHE_DIR = "SOPHDESK_CACHE_DIR"


def data_dir() -> Path:
    """Where the default database lives (``SOPHDESK_DATA_DIR`` overrides)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    """What can be built again when lost (``SOPHDESK_CACHE_DIR`` overrides)."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_cache_path(APP_NAME)


def config_file() -> Path:
    override = os.environ.get(ENV_CONFIG_FILE)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def default_database_path() -> Path:
    return data_dir() / "sophdesk.db"


def themes_dir() -> Path:
    """The user's own colour themes (``*.toml``), beside the shipped ones."""
    return platformdirs.user_config_path(APP_NAME) / "themes"


def theme_folders() -> list[Path]:
    """Shipped themes first, then the user's (:func:`themes_dir`), which win; only
    the folders that exist."""
    from importlib import resources

    folders: list[Path] = []
    shipped = resources.files("sophdesk").joinpath("themes")
    if shipped.is_dir():
        folders.append(Path(str(shipped)))
    else:  # a source checkout: the repository's top-level themes/ folder
        folders.append(Path(__file__).resolve().parents[1] / "themes")
    folders.append(themes_dir())
    return [f for f in folders if f.is_dir()]


def templates_dir() -> Path:
    """A team's update templates (``updates/<audience>.md``): the config file's folder."""
    return config_file().parent / "templates"


#: What each entry of :func:`locations` is, for ``sophdesk where`` (the keys are
#: its JSON keys).
LOCATION_LABELS: dict[str, str] = {
    "config_file": "config file",
    "database": "database",
    "config_dir": "config folder",
    "data_dir": "data folder",
    "cache_dir": "cache folder",
    "themes_dir": "themes folder",
    "templates_dir": "templates folder",
}


def locations() -> dict[str, Path]:
    """Every file and folder sophdesk reads or writes, in the order ``where`` shows
    them (keys as in :data:`LOCATION_LABELS`). Nothing is created."""
    config = config_file()
    return {
        "config_file": config,
        "database": default_database_path(),
        "config_dir": config.parent,
        "data_dir": data_dir(),
        "cache_dir": cache_dir(),
        "themes_dir": themes_dir(),
        "templates_dir": templates_dir(),
    }


def looks_like_url(value: str) -> bool:
    return "://" in value


def database_url(db: str | None, configured: str | None = None) -> str:
    """``--db`` (a path or URL) wins, then ``SOPHDESK_DATABASE_URL``, then the config
    file, then the default file in the user's data directory (created 0700 if missing)."""
    if db:
        if looks_like_url(db):
            return db
        return f"sqlite:///{Path(db).expanduser().absolute()}"
    env = os.environ.get(ENV_DATABASE_URL)
    if env:
        return env if looks_like_url(env) else database_url(env)
    if configured:
        return configured if looks_like_url(configured) else database_url(configured)
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return f"sqlite:///{path}"
