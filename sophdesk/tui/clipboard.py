"""The desk's clipboard: OSC 52 through Textual, and the service's other ways.

``services.clipboard.copy`` does the work (the one door, pyperclip on a local
desktop, the 0600 file) and hands its OSC 52 sequence to a sender. The desk's
sender gives the payload to ``App.copy_to_clipboard``, which writes the same
sequence through Textual's driver (never straight to the terminal behind
Textual's back), so the text reaching the terminal is exactly the released text.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Collection

from textual.app import App

from sophdesk.services.clipboard import CopyReport, Sender, copy

_OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")


def app_sender(app: App[object]) -> Sender:
    """A sender for ``services.clipboard.copy`` that goes through ``app`` (from a
    worker thread: the write itself happens on the app's thread)."""

    def send(sequence: str) -> bool:
        match = _OSC52.fullmatch(sequence)
        if match is None:
            return False
        try:
            text = base64.b64decode(match.group(1), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        if not app.is_running:
            return False
        app.call_from_thread(app.copy_to_clipboard, text)
        return True

    return send


def copy_text(app: App[object], text: str, allow: Collection[str] = ()) -> CopyReport:
    """Copy ``text`` (released on the way, ``allow`` kept) by every way there is; call
    from a worker."""
    return copy(text, app_sender(app), allow=allow)
