"""A broken theme file (bad TOML, a bad colour, a missing field) is skipped with
one warning naming the file and why; the other themes still load."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import EXIT_OK, Sandbox

GOOD = 'name = "harbour"\nprimary = "#336699"\n[variables]\nsev-1 = "#AA0000"\n'
BROKEN = {
    "bad-toml.toml": ('name = "oops\nprimary = "#123456"\n', "bad-toml.toml"),
    "bad-colour.toml": ('name = "plum"\nprimary = "not-a-colour"\n', "'primary'"),
    "bad-variable.toml": (
        'name = "fig"\nprimary = "#112233"\n[variables]\nsev-1 = "#12"\n',
        "'sev-1'",
    ),
    "no-primary.toml": ('name = "pear"\n', "'primary'"),
}


def user_themes(home: Path) -> Path:
    folder = home / ".config" / "sophdesk" / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_themes_lists_the_good_ones_and_warns_once_about_a_broken_one(
    sandbox: Sandbox, broken: str
) -> None:
    home = sandbox.root / "home"
    folder = user_themes(home)
    (folder / "harbour.toml").write_text(GOOD, encoding="utf-8")
    text, reason = BROKEN[broken]
    (folder / broken).write_text(text, encoding="utf-8")
    env = sandbox.env(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    done = sandbox.run(["themes"], env=env)
    assert done.returncode == EXIT_OK, done.stderr
    names = done.stdout.decode().split()
    assert {"harbour", "sophdesk", "daylight", "ansi-dark"} <= set(names)
    assert not {"plum", "fig", "pear"} & set(names)
    warnings = done.stderr.decode().splitlines()
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"sophdesk: skipped the theme file {folder / broken}")
    assert reason in warnings[0]
    assert "Traceback" not in done.stderr.decode()
    assert os.path.exists(folder / broken)  # never touched


def test_themes_json_names_the_good_themes_and_each_skipped_file(sandbox: Sandbox) -> None:
    home = sandbox.root / "home"
    folder = user_themes(home)
    (folder / "harbour.toml").write_text(GOOD, encoding="utf-8")
    (folder / "no-primary.toml").write_text(BROKEN["no-primary.toml"][0], encoding="utf-8")
    env = sandbox.env(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    done = sandbox.run(["themes", "--json"], env=env)
    assert done.returncode == EXIT_OK, done.stderr
    data = json.loads(done.stdout)
    assert {"harbour", "sophdesk", "daylight"} <= set(data["themes"])
    assert "pear" not in data["themes"]
    assert len(data["skipped"]) == 1
    assert str(folder / "no-primary.toml") in data["skipped"][0]
    assert done.stderr == b""  # the warning is in the JSON, not beside it
