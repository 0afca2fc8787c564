"""``sophdesk completion SHELL``: the shell's completion script (click's own)."""

from __future__ import annotations

import click

from sophdesk.cli.app import main
from sophdesk.cli.text_args import Choice

SHELLS = ("bash", "zsh", "fish")
#: The variable click's completion scripts set when they ask sophdesk for words.
COMPLETE_VAR = "_SOPHDESK_COMPLETE"


@main.command(name="completion")
@click.argument("shell", metavar="SHELL", type=Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish).

    Commands, options and every enumerated value (statuses, severities, signals,
    duties, audiences, routes...) complete. Install it once:

    \b
    bash: sophdesk completion bash > ~/.local/share/bash-completion/completions/sophdesk
    zsh:  sophdesk completion zsh > ~/.zfunc/_sophdesk   (with fpath+=~/.zfunc before compinit)
    fish: sophdesk completion fish > ~/.config/fish/completions/sophdesk.fish
    """
    from click.shell_completion import get_completion_class

    found = get_completion_class(shell)
    if found is None:  # pragma: no cover - the three are click's own
        raise click.UsageError(f"no completion for {shell}")
    script = found(main, {}, "sophdesk", COMPLETE_VAR).source()
    click.echo(script)
