"""Command-line text must be UTF-8: the one check every text option passes.

Python decodes ``argv`` with ``surrogateescape``, so bytes that are not UTF-8
(``--title $'x\\xff'``) arrive as lone surrogates, which fail wherever the text
is later encoded (the database, the terminal, JSON). Every sophdesk command is
a :class:`CheckedCommand` (groups :class:`CheckedGroup`): once click has parsed
the arguments, any text parameter holding such a value is a usage error naming
the option. File names are not text (``FILE_NAME``): they may be any bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

#: A file name (``-`` for stdin/stdout): any bytes the filesystem allows; never
#: checked here for existence or access (the command says what is wrong).
FILE_NAME = click.Path(allow_dash=True, readable=False)

_SURROGATES = range(0xDC80, 0xDD00)


class Choice(click.Choice):  # type: ignore[type-arg]
    """One of a fixed set of names, as shells complete them: any case, ``-`` read as
    ``_`` (``at-risk`` is ``at_risk``); the value given to the command is the name
    as written here. A bad value is a usage error (exit 2) naming the allowed ones."""

    def __init__(self, choices: Iterable[str]) -> None:
        super().__init__(list(choices), case_sensitive=False)

    def normalize_choice(self, choice: object, ctx: click.Context | None) -> str:
        return super().normalize_choice(str(choice).strip(), ctx).replace("-", "_")

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        names = "|".join(str(c) for c in self.choices)
        if param.required and param.param_type_name == "argument":
            return f"{{{names}}}"
        return f"[{names}]"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        """The names as written here that start with what is typed (any case, - or _)."""
        from click.shell_completion import CompletionItem

        typed = self.normalize_choice(incomplete, ctx)
        return [
            CompletionItem(str(c))
            for c in self.choices
            if self.normalize_choice(c, ctx).startswith(typed)
        ]

    def get_invalid_choice_message(self, value: object, ctx: click.Context | None) -> str:
        return f"{value!r} is not one of: {', '.join(str(c) for c in self.choices)}."


def _bad_byte(value: str) -> int | None:
    for char in value:
        if ord(char) in _SURROGATES:
            return ord(char) - 0xDC00
    return None


def refuse_undecodable(ctx: click.Context, command: click.Command) -> None:
    """Fail (exit 2, one line) if a text parameter of ``command`` is not UTF-8."""
    for param in command.params:
        if not isinstance(param.type, click.types.StringParamType):
            continue
        value = ctx.params.get(param.name or "")
        for item in value if isinstance(value, tuple | list) else (value,):
            byte = _bad_byte(item) if isinstance(item, str) else None
            if byte is not None:
                from sophdesk.cli.base import fail

                name = (
                    param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
                )
                fail(
                    f"{name} is not valid UTF-8 text (byte 0x{byte:02x});"
                    " set your terminal or script to UTF-8 and try again",
                    2,
                )


class CheckedCommand(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        refuse_undecodable(ctx, self)
        return rest


class CheckedGroup(click.Group):
    command_class = CheckedCommand
    group_class: type[click.Group] | type[type] | None = type  # subgroups: CheckedGroups

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        refuse_undecodable(ctx, self)
        return rest


__all__ = ["FILE_NAME", "CheckedCommand", "CheckedGroup", "Choice", "refuse_undecodable"]
