"""``sophdesk where`` names every folder sophdesk uses, and a bad setting from an
environment variable is reported by the variable's name (there is no file line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import EXIT_OK, EXIT_UNUSABLE, Sandbox


def _where(sandbox: Sandbox, **env: str) -> dict[str, str]:
    done = sandbox.run(["where"], env=sandbox.env(**env))
    assert done.returncode == EXIT_OK, done.stderr
    shown = {}
    for line in done.stdout.decode().splitlines():
        label, _, path = line.partition(" : ")
        shown[label.strip()] = path
    return shown


def test_where_lists_the_config_data_cache_themes_and_templates_folders(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    config = tmp_path / "conf" / "desk.toml"
    shown = _where(
        sandbox,
        SOPHDESK_CONFIG_FILE=str(config),
        SOPHDESK_DATA_DIR=str(tmp_path / "data"),
        SOPHDESK_CACHE_DIR=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg"),
    )
    assert shown == {
        "config file": str(config),
        "database": str(tmp_path / "data" / "sophdesk.db"),
        "config folder": str(tmp_path / "conf"),
        "data folder": str(tmp_path / "data"),
        "cache folder": str(tmp_path / "cache"),
        "themes folder": str(tmp_path / "xdg" / "sophdesk" / "themes"),
        "templates folder": str(tmp_path / "conf" / "templates"),
    }
    assert not (tmp_path / "data").exists()  # where creates nothing


def test_where_json_gives_the_same_locations_by_key(sandbox: Sandbox, tmp_path: Path) -> None:
    env = sandbox.env(
        SOPHDESK_CONFIG_FILE=str(tmp_path / "conf" / "desk.toml"),
        SOPHDESK_DATA_DIR=str(tmp_path / "data"),
        SOPHDESK_CACHE_DIR=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg"),
    )
    done = sandbox.run(["where", "--json"], env=env)
    assert done.returncode == EXIT_OK, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == [
        "config_file", "database", "config_dir", "data_dir", "cache_dir", "themes_dir",
        "templates_dir",
    ]  # fmt: skip
    assert data["database"] == str(tmp_path / "data" / "sophdesk.db")
    assert data["themes_dir"] == str(tmp_path / "xdg" / "sophdesk" / "themes")
    shown = _where(sandbox, **{k: v for k, v in env.items() if k.startswith(("SOPHDESK_", "XDG"))})
    assert sorted(shown.values()) == sorted(data.values())


def test_the_themes_folder_where_names_is_the_one_themes_reads(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    folder = Path(_where(sandbox, **env)["themes folder"])
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('name = "harbour-night"\nprimary = "#3366ff"\n')
    done = sandbox.run(["themes"], env=sandbox.env(**env))
    assert "harbour-night" in done.stdout.decode().split()


@pytest.mark.parametrize("with_file", [False, True], ids=["no-file", "file-sets-utc"])
def test_a_bad_time_zone_from_the_environment_names_the_variable(
    sandbox: Sandbox, with_file: bool
) -> None:
    if with_file:
        sandbox.write_config('# desk\ntimezone = "UTC"\n')
    done = sandbox.run(["list"], env=sandbox.env(SOPHDESK_TIMEZONE="Mars/Olympus_Mons"))
    assert done.returncode == EXIT_UNUSABLE
    message = done.stderr.decode().strip()
    assert message == (
        "sophdesk: environment variable SOPHDESK_TIMEZONE: timezone 'Mars/Olympus_Mons'"
        " is not a known zone: an IANA time zone name such as 'Europe/Madrid' (default 'UTC')"
    )
