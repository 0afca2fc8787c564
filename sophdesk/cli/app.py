"""The ``sophdesk`` group: bare ``sophdesk`` opens the desk; demo, themes, where."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

import click

from sophdesk.cli.base import (
    DEMO_INCIDENTS,
    Context,
    common_options,
    fail,
    guarded,
    merge,
    on_terminal,
    open_desk,
    open_handle,
    say,
    settings_or_fail,
)
from sophdesk.cli.text_args import CheckedGroup

if TYPE_CHECKING:
    from sophdesk.config import Settings

#: Each command or group and the module (``sophdesk.cli.<module>``) defining it: a
#: module is imported when its command runs or help lists it, so a script's
#: ``sophdesk redact`` does not load the database commands (tested to be complete).
LAZY_COMMANDS: dict[str, str] = {
    "ack": "escalation", "escalate": "escalation", "sweep": "escalation",
    "assess": "triage", "sla": "triage",
    "completion": "completion",
    "evidence": "evidence",
    "db": "db",
    "edit": "edit",
    "list": "incidents", "new": "incidents", "show": "incidents", "status": "incidents",
    "matrix": "matrix", "owner": "matrix", "route": "matrix",
    "redact": "redaction",
    "report": "updates", "update": "updates",
    "review": "review",
    "secrets": "secrets",
}  # fmt: skip

#: The commands whose texts pass through the redaction engine: they load its
#: compiled patterns from the cache folder (``services.pattern_cache``) instead of
#: compiling them in each process. The others never import the engine.
REDACTING = frozenset(
    {"ack", "escalate", "sweep", "assess", "evidence", "edit", "new", "show", "status",
     "redact", "report", "update", "review"}
)  # fmt: skip


class LazyGroup(CheckedGroup):
    """A group whose commands are imported when first wanted."""

    group_class: type[click.Group] | type[type] | None = CheckedGroup

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = LAZY_COMMANDS.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"sophdesk.cli.{module}")  # registers it on main
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@common_options
@click.option("--theme", metavar="NAME", help="Colour theme (see `sophdesk themes`).")
@click.option("--demo", is_flag=True, help="Open the desk on a fresh temporary demo database.")
@click.version_option(package_name="sophdesk")
@click.pass_context
def main(
    ctx: click.Context, db: str | None, actor: str | None, theme: str | None, demo: bool
) -> None:
    """sophdesk: the SophMate support desk. Without a command, opens the desk."""
    state = merge(ctx, db, actor)
    state.theme = theme
    if ctx.invoked_subcommand in REDACTING:
        from sophdesk.services.pattern_cache import use_cache_folder

        use_cache_folder()  # before the command imports the engine's rules
    if ctx.invoked_subcommand is not None:
        return
    settings = settings_or_fail()
    if demo:
        if db:
            fail("--demo opens a temporary database; leave out --db", 2)
        _open_demo(state, settings)
        return
    _run_tui(open_handle(state, settings), settings, state.theme)


def _open_demo(state: Context, settings: Settings) -> None:
    import shutil
    import tempfile
    from pathlib import Path

    from sophdesk.services.demo import fill_demo, fill_demo_matrix

    folder = Path(tempfile.mkdtemp(prefix="sophdesk-demo-"))
    try:
        state.db = str(folder / "demo.db")
        desk = open_desk(state, settings, quiet=True)
        fill_demo(desk, DEMO_INCIDENTS)
        fill_demo_matrix(desk)
        _run_tui(desk, settings, state.theme)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_tui(desk: Any, settings: Settings, theme: str | None) -> None:
    if not sys.stdout.isatty():
        desk.close()
        fail("the desk needs a terminal; use the commands (sophdesk --help) in scripts", 2)
    from sophdesk.tui.app import make_app
    from sophdesk.tui.themes import ThemeError

    try:
        app = make_app(desk, settings, theme=theme)
    except ThemeError as exc:
        desk.close()
        fail(exc.message, 2)
    try:
        app.run()
    finally:
        desk.close()
    if app.return_code:
        sys.exit(app.return_code)


@main.command()
@common_options
@click.option(
    "--incidents",
    "count",
    type=click.IntRange(min=1, max=2_000_000),
    default=DEMO_INCIDENTS,
    show_default=True,
    help="How many incidents to generate.",
)
@click.option("--json", "as_json", is_flag=True, help="Print how many were added as JSON.")
@click.pass_context
def demo(ctx: click.Context, db: str | None, actor: str | None, count: int, as_json: bool) -> None:
    """Fill a database with N realistic generated incidents.

    JSON keys: added (the incidents generated).
    """
    from sophdesk.services.demo import fill_demo, fill_demo_matrix

    state = merge(ctx, db, actor)
    desk = open_desk(state, settings_or_fail())
    try:
        if on_terminal():
            with click.progressbar(
                length=count, label="generating incidents", file=sys.stderr
            ) as bar:
                added = guarded(lambda: fill_demo(desk, count, bar.update))
        else:
            added = guarded(lambda: fill_demo(desk, count))
        guarded(lambda: fill_demo_matrix(desk))
    finally:
        desk.close()
    say(f"added {added} demo incidents")
    if as_json:
        from sophdesk.domain.text import safe_json

        click.echo(safe_json({"added": added}, indent=2))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the themes as JSON.")
def themes(as_json: bool) -> None:
    """List the colour themes (a broken theme file is skipped with a warning).

    JSON keys: themes (the names), skipped (each broken file's message).
    """
    from sophdesk.cli.theme_cache import theme_listing
    from sophdesk.domain.text import safe_json, visible

    names, skipped = theme_listing()
    if as_json:
        click.echo(safe_json({"themes": list(names), "skipped": list(skipped)}, indent=2))
        return
    for message in skipped:
        click.echo(f"sophdesk: {visible(message, one_line=True)}", err=True)
    for name in names:
        click.echo(name)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the locations as JSON.")
def where(as_json: bool) -> None:
    """Print where sophdesk's config file, default database and folders are
    (config, data, cache, themes, templates).

    JSON keys: config_file, database, config_dir, data_dir, cache_dir, themes_dir,
    templates_dir (absolute paths as strings; nothing is created).
    """
    from sophdesk import paths

    found = paths.locations()
    if as_json:
        from sophdesk.domain.text import safe_json

        click.echo(safe_json({key: str(path) for key, path in found.items()}, indent=2))
        return
    width = max(len(label) for label in paths.LOCATION_LABELS.values())
    for key, path in found.items():
        click.echo(f"{paths.LOCATION_LABELS[key]:<{width}} : {path}")
