"""The one door through which untrusted text reaches the screen.

Textual parses markup in ``str`` given to Static, Label, OptionList, notify and
DataTable cells: a stray ``[/]`` raises at render time and ``[@click=app.quit]``
is a live action. Neither ``Content`` nor Rich ``Text`` strips ESC. So every
title, body, customer name and note goes through :func:`literal`.
"""

from __future__ import annotations

from textual.content import Content

from sophdesk.domain.text import visible


def literal(text: str, *, one_line: bool = False) -> Content:
    """``text`` as a literal: never markup, every control character visible."""
    return Content(visible(text, one_line=one_line))


def plain(text: str, *, one_line: bool = True) -> str:
    """``text`` made printable, for places that take a plain string with markup off."""
    return visible(text, one_line=one_line)
