"""Keys typed just before a priority key are handled first.

A screen's priority binding (Ctrl+S save, Ctrl+Y copy, ...) is checked by the
app as soon as its key arrives, while the keys before it may still wait in the
focused field's message queue. Typed fast, or sent in one burst over SSH, "fix
typo" then Ctrl+S would save the text without the fix. :func:`after_typing`
makes such an action run from the focused widget's queue, after those keys.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

S = TypeVar("S", bound=Screen[Any])


def after_typing(action: Callable[[S], None]) -> Callable[[S], None]:
    """Decorate a screen's ``action_*`` that reads what was typed.

    The action waits for every field of the screen, the focused one last: in a
    burst "text<Tab>more<Ctrl+S>" the first field may still hold "text" in its
    queue when the focus has moved on (on a busy machine it did, and the save lost
    it)."""

    @functools.wraps(action)
    def run_after_typed_keys(screen: S) -> None:
        focused = screen.focused
        fields = [widget for widget in screen.focus_chain if widget is not focused]
        if focused is not None:
            fields.append(focused)
        _after_each(fields, functools.partial(action, screen))

    return run_after_typed_keys


def _after_each(nodes: list[Any], callback: Callable[[], None]) -> None:
    if not nodes:
        callback()
        return
    head, *rest = nodes
    if not head.call_later(_after_each, rest, callback):
        _after_each(rest, callback)  # a widget closing meanwhile has nothing queued


def after_keys(action: Callable[[S], None]) -> Callable[[S], None]:
    """Like :func:`after_typing`, and also after keys handled by a binding.

    A key bound to an action (an arrow in a TextArea, a screen's letter key)
    travels from the focused widget up to the app before its binding runs; this
    waits for it at each step of that way, so "down, down, e, Ctrl+S" sent in one
    burst saves what ``e`` marked where the arrows had moved.
    """

    @functools.wraps(action)
    def run_after_keys(screen: S) -> None:
        focused = screen.focused
        if focused is None:
            action(screen)
            return
        _after_each(list(focused.ancestors_with_self), functools.partial(action, screen))

    return run_after_keys
