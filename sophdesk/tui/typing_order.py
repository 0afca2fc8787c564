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
    """Decorate a screen's ``action_*`` that reads what was typed."""

    @functools.wraps(action)
    def run_after_typed_keys(screen: S) -> None:
        focused = screen.focused
        if focused is None:
            action(screen)
            return
        focused.call_later(action, screen)

    return run_after_typed_keys
