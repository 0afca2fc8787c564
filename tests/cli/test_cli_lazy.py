"""Commands are imported when wanted: the list of which module holds which command
is complete, and a command runs without the others being loaded."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import sophdesk.cli
from sophdesk.cli.app import LAZY_COMMANDS, main


def test_every_command_is_listed_with_the_module_that_defines_it() -> None:
    for info in pkgutil.iter_modules(sophdesk.cli.__path__):
        importlib.import_module(f"sophdesk.cli.{info.name}")
    defined = {
        name: command.callback.__module__.rsplit(".", 1)[-1]
        for name, command in main.commands.items()
        if command.callback is not None
    }
    in_app = {name for name, module in defined.items() if module == "app"}
    assert {name: module for name, module in defined.items() if name not in in_app} == (
        LAZY_COMMANDS
    )


def test_redact_runs_without_loading_the_database_commands() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from sophdesk.cli import main\n"
        "result = CliRunner().invoke(\n"
        "    main, ['redact', '--no-known'], input='mail ana@example.com'\n"
        ")\n"
        "print(result.output.strip())\n"
        "print(sorted(m for m in sys.modules if m.startswith('sophdesk.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "mail [email-1]"
    assert out[1] == (
        "['sophdesk.cli.app', 'sophdesk.cli.base', 'sophdesk.cli.redaction',"
        " 'sophdesk.cli.text_args']"
    )


#: The database layer: importing it costs several times a bare ``sophdesk --version``.
#: ``sophdesk.store.errors`` (plain exception classes, no driver) may be imported:
#: every command catches its errors.
DATABASE_LAYER = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "psycopg")
MAY_LOAD = ("sophdesk.store", "sophdesk.store.errors")

ASSESS = [
    "assess", "--impact", "blocked", "--visibility", "some", "--revenue", "none",
    "--privacy", "none", "--data", "correct", "--automation", "none",
]  # fmt: skip


def _run_and_list_imports(
    args: list[str],
    tmp_path: Path,
    stdin: str = "",
    layer: tuple[str, ...] = DATABASE_LAYER,
    **extra_env: str,
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run ``sophdesk ARGS`` as a real process (as a script does); its result and
    the database-layer modules it imported (comma-separated, '' for none)."""
    code = (
        "import atexit, sys\n"
        "def report():\n"
        "    loaded = sorted(m for m in sys.modules if m.split('.')[0] in LAYER or"
        " (m.startswith('sophdesk.store') and m not in MAY_LOAD))\n"
        "    sys.stderr.write('LOADED=' + ','.join(loaded) + '\\n')\n"
        "atexit.register(report)\n"
        f"LAYER, MAY_LOAD = {layer!r}, {MAY_LOAD!r}\n"
        f"sys.argv = ['sophdesk', *{args!r}]\n"
        "from sophdesk.cli import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOPHDESK_")}
    env["SOPHDESK_CONFIG_FILE"] = str(tmp_path / "no-config.toml")
    env["SOPHDESK_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra_env)
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done, done.stderr.rsplit("LOADED=", 1)[1].strip()


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["--help"], "", "Usage: sophdesk"),
        (ASSESS, "", "severity  :"),
        ([*ASSESS[:1], "--json", *ASSESS[1:]], "", '"severity":'),
        (["sla", "--severity", "SEV2", "--from", "2026-11-27T14:05Z"], "", "resolution"),
        (["redact", "--no-known"], "mail ana@example.com", "mail [email-1]"),
        (["where"], "", "config"),
    ],
    ids=["help", "assess", "assess-json", "sla", "redact", "where"],
)
def test_commands_without_a_database_never_import_the_database_layer(
    args: list[str], stdin: str, expected: str, tmp_path: Path
) -> None:
    done, loaded = _run_and_list_imports(args, tmp_path, stdin)
    assert expected in done.stdout
    assert loaded == "", f"{' '.join(args)} imported the database layer: {loaded}"


def _third_party(loaded: str) -> list[str]:
    """The database layer's modules among ``loaded`` (the store's own light modules,
    plain ``sqlite3`` readers, may be there)."""
    return [m for m in loaded.split(",") if m and not m.startswith("sophdesk.")]


def test_reads_of_a_ready_database_skip_the_database_layer(tmp_path: Path) -> None:
    db = str(tmp_path / "desk.db")
    _run_and_list_imports(
        ["new", "--db", db, "--title", "Checkout 500", "--customer", "acme"], tmp_path
    )
    done, loaded = _run_and_list_imports(["list", "--db", db, "--json"], tmp_path)
    rows = json.loads(done.stdout)
    assert [row["title"] for row in rows] == ["Checkout 500"]
    assert _third_party(loaded) == []
    # owner and route (nothing recorded) read the matrix and a severity the same way.
    owner = ["owner", "--db", db, "--severity", "SEV1", "--duty", "contact_hosting"]
    done, loaded = _run_and_list_imports(owner, tmp_path)
    assert "SEV1 contact_hosting:" in done.stdout
    assert _third_party(loaded) == []
    route = ["route", str(rows[0]["id"]), "--db", db, "--signal", "php_fatal"]
    done, loaded = _run_and_list_imports(route, tmp_path)
    assert "route : hosting" in done.stdout
    assert _third_party(loaded) == []
    # A search needs the store's index: the full store opens, same answer.
    done, loaded = _run_and_list_imports(["list", "--db", db, "--search", "checkout"], tmp_path)
    assert "Checkout 500" in done.stdout
    assert "sqlalchemy" in loaded.split(",")


def test_themes_answers_from_its_cache_without_textual_until_a_theme_file_changes(
    tmp_path: Path,
) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "SOPHDESK_CACHE_DIR": str(tmp_path / "c")}

    def themes() -> tuple[subprocess.CompletedProcess[str], str]:
        return _run_and_list_imports(["themes"], tmp_path, layer=("textual",), **env)

    first, loaded = themes()
    assert "textual" in loaded.split(",")  # the files are checked with Textual's parser
    assert {"sophdesk", "daylight", "textual-dark"} <= set(first.stdout.split())
    again, loaded = themes()
    assert (again.stdout, loaded) == (first.stdout, "")
    folder = tmp_path / "xdg" / "sophdesk" / "themes"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('name = "harbour-night"\nprimary = "#3366ff"\n')
    (folder / "plum.toml").write_text('name = "plum"\nprimary = "not-a-colour"\n')
    for _ in range(2):  # checked again, then from the cache: the same answer
        done, _ = themes()
        assert "harbour-night" in done.stdout.split()
        assert "plum" not in done.stdout.split()
        assert "skipped the theme file" in done.stderr
        assert "plum.toml" in done.stderr
    assert _run_and_list_imports(["themes"], tmp_path, layer=("textual",), **env)[1] == ""
