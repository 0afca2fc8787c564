"""sophdesk completion SHELL: click's completion scripts, and what they complete."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import BashComplete

from sophdesk.cli import main

from .conftest import EXIT_USAGE, Sandbox

MARKERS = {
    "bash": "complete -o nosort -F _sophdesk_completion sophdesk",
    "zsh": "#compdef sophdesk",
    "fish": "complete --no-files --command sophdesk",
}


@pytest.mark.parametrize("shell", sorted(MARKERS))
def test_each_shell_gets_its_script_naming_the_program(sandbox: Sandbox, shell: str) -> None:
    script = sandbox.ok("completion", shell).stdout
    assert MARKERS[shell] in script
    assert "_SOPHDESK_COMPLETE=" in script
    assert sandbox.ok("completion", shell.upper()).stdout == script


def test_an_unknown_shell_is_a_usage_error_naming_the_shells(sandbox: Sandbox) -> None:
    result = sandbox.invoke("completion", "tcsh")
    assert result.exit_code == EXIT_USAGE
    assert "'tcsh' is not one of: bash, zsh, fish." in result.stderr
    assert result.stdout == ""


def complete(*words: str) -> list[str]:
    """What the shell is offered after ``sophdesk WORDS`` (the last one incomplete)."""
    found = BashComplete(main, {}, "sophdesk", "_SOPHDESK_COMPLETE")
    return [c.value for c in found.get_completions(list(words[:-1]), words[-1])]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("comp",), ["completion"]),
        (("evi",), ["evidence"]),
        (("list", "--severity", ""), ["SEV1", "SEV2", "SEV3", "SEV4", "unassessed"]),
        (("list", "--status", "wait"), ["waiting_customer", "waiting_vendor"]),
        (("status", "1", "res"), ["resolved"]),
        (("assess", "--revenue", ""), ["none", "at_risk", "checkout", "unknown"]),
        (("route", "--signal", "php"), ["php_fatal"]),
        (("route", "--override", "code"), ["codecanyon"]),
        (("owner", "--duty", "contact_h"), ["contact_hosting"]),
        (("update", "1", "--audience", "h"), ["hosting"]),
        (("review", "1", "--stage", "after"), ["after_recovery"]),
        (("evidence", "1", "--unknown", "php"), ["php-version"]),
        (("list", "--format", ""), ["table", "plain", "json"]),
        (("completion", ""), ["bash", "zsh", "fish"]),
    ],
)
def test_enumerated_values_complete(words: tuple[str, ...], expected: list[str]) -> None:
    assert complete(*words) == expected


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_in_bash(sandbox: Sandbox, tmp_path: Path) -> None:
    script = tmp_path / "sophdesk.bash"
    script.write_text(sandbox.ok("completion", "bash").stdout, encoding="utf-8")
    program = Path(sys.executable).with_name("sophdesk")
    line = (
        f"source {script}; COMP_WORDS=(sophdesk list --severity SE); COMP_CWORD=3;"
        f" _sophdesk_completion {program}; echo ${{COMPREPLY[@]}}"
    )
    env = {**os.environ, "PATH": f"{program.parent}:{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        ["bash", "-c", line], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    assert done.stdout.split() == ["SEV1", "SEV2", "SEV3", "SEV4"]
