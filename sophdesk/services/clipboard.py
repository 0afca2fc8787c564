"""Copy text to the operator's clipboard, with a way that cannot fail.

Over SSH the clipboard that matters is the operator's own, on their laptop: only
the terminal can reach it, with the OSC 52 escape sequence
(``ESC ] 52 ; c ; <base64> BEL``). OSC 52 gives no acknowledgement, so the
report says what was sent where and what the terminal needs:

* tmux: ``set -g set-clipboard on`` in ``~/.tmux.conf`` (tmux then takes the
  sequence into its paste buffer and passes it on to the outer terminal). The
  alternative, wrapping the sequence in tmux's DCS passthrough
  (``ESC P tmux; ESC <seq> ESC \\``), needs ``set -g allow-passthrough on`` and is
  not what we send by default: :func:`osc52` can build it.
* GNU screen, some terminals (GNOME Terminal/VTE) and some web consoles ignore
  OSC 52; xterm needs ``allowWindowOps``; many terminals cap the size (about
  75 KB of base64 in hterm, 1 MB in kitty).

pyperclip is used as well only on a local session with a display (no
``SSH_CONNECTION``, and ``DISPLAY`` or ``WAYLAND_DISPLAY`` set): anywhere else it
would fill the clipboard of the server, or fail. Its failures are caught.

Always, the text is also written to a file only the operator can read (0600):
``$XDG_RUNTIME_DIR/sophdesk/clipboard.txt`` when the user has a runtime
directory (Linux with systemd: a tmpfs cleared at logout), else
``<data dir>/clipboard.txt`` (platformdirs' user data directory,
``~/.local/share/sophdesk`` on Linux, or ``SOPHDESK_DATA_DIR``). Each copy
replaces it whole (a temporary file renamed over it); a symbolic link planted
there is refused, never written through.

Every payload passes through the one door out (``services.outbound.release``).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sophdesk import paths
from sophdesk.services import outbound, private_file
from sophdesk.services.at_rest import Remembered

#: What a terminal's own OSC 52 sender does; returns whether it sent anything.
Sender = Callable[[str], bool]

FILE_NAME = "clipboard.txt"
#: hterm (Chrome OS, some web consoles) refuses larger OSC 52 payloads.
OSC52_SAFE_BYTES = 74_994
TMUX_HINT = "in tmux, OSC 52 needs `set -g set-clipboard on` in ~/.tmux.conf"
TERMINAL_HINT = (
    "OSC 52 gives no acknowledgement: if nothing was pasted, your terminal may ignore it"
    " (GNU screen, GNOME Terminal) or need it enabled (xterm: allowWindowOps);"
    " copy from the file instead"
)


def osc52(text: str, *, passthrough: bool = False) -> str:
    """The OSC 52 sequence that sets the clipboard (``c``) to ``text``.

    With ``passthrough`` it is wrapped for tmux's DCS passthrough (tmux with
    ``allow-passthrough on``); by default the plain sequence is sent, which tmux
    handles itself with ``set-clipboard on``.
    """
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if passthrough:
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def local_display(env: Mapping[str, str]) -> tuple[bool, str]:
    """Whether pyperclip should be used here, and why (or why not)."""
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return False, "skipped: an SSH session (the system clipboard here is the server's)"
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return True, "a local session with a display"
    return False, "skipped: no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"


def fallback_dir(env: Mapping[str, str]) -> Path:
    """The user's runtime directory when there is one, else sophdesk's data directory."""
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / paths.APP_NAME
    return paths.data_dir()


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` readable by the owner only (0600), in a 0700 folder,
    atomically and never through a symbolic link."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return private_file.write_private(path, text.encode("utf-8"))


@dataclass
class CopyReport:
    """What was sent where, for the UI to tell the operator."""

    text: str
    osc52: str = "not sent"
    pyperclip: str = "not tried"
    file: str | None = None
    file_error: str | None = None
    hints: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The text is somewhere the operator can take it from."""
        return self.osc52.startswith("sent") or self.pyperclip == "copied" or bool(self.file)

    def lines(self) -> list[str]:
        out = [f"OSC 52: {self.osc52}", f"system clipboard (pyperclip): {self.pyperclip}"]
        if self.file:
            out.append(f"file (0600): {self.file}")
        if self.file_error:
            out.append(f"file: not written: {self.file_error}")
        return out + self.hints

    def as_dict(self) -> dict[str, Any]:
        return {
            "osc52": self.osc52,
            "pyperclip": self.pyperclip,
            "file": self.file,
            "file_error": self.file_error,
            "hints": list(self.hints),
            "chars": len(self.text),
        }


def _pyperclip(text: str) -> str:
    import pyperclip

    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException as exc:
        return f"failed: {exc}"
    return "copied"


def copy(
    text: str,
    send: Sender | None,
    *,
    env: Mapping[str, str] | None = None,
    to_file: Path | None = None,
    system: Callable[[str], str] = _pyperclip,
    allow: Collection[str] = (),
    memory: Remembered | None = None,
) -> CopyReport:
    """Copy ``text`` (released first) by OSC 52 through ``send``, by pyperclip on a
    local session with a display, and always to the 0600 fallback file.

    ``send`` is the face's OSC 52 sender (the desk: Textual's
    ``copy_to_clipboard``; the CLI: :func:`tty_sender`); None when there is no
    terminal to send it to. ``allow``: values the operator restored as false
    positives; ``memory``: what the incident the text is about remembers (see
    :func:`sophdesk.services.outbound.inspect`).
    """
    env = os.environ if env is None else env
    released = outbound.release(text, allow, memory)
    report = CopyReport(released)
    if send is None:
        report.osc52 = "not sent: no terminal to send it to"
    else:
        try:
            sent = send(osc52(released))
        except OSError as exc:
            report.osc52 = f"not sent: {exc.strerror or exc}"
        else:
            report.osc52 = "sent to the terminal" if sent else "not sent: no terminal"
        if sent_ok(report) and env.get("TMUX"):
            report.hints.append(TMUX_HINT)
        if sent_ok(report):
            report.hints.append(TERMINAL_HINT)
        size = len(osc52(released))
        if sent_ok(report) and size > OSC52_SAFE_BYTES:
            report.hints.append(
                f"the sequence is {size} bytes; some terminals refuse over {OSC52_SAFE_BYTES}"
            )
    use, why = local_display(env)
    report.pyperclip = system(released) if use else why
    try:
        path = write_private((to_file or fallback_dir(env) / FILE_NAME), released)
        report.file = str(path)
    except OSError as exc:
        report.file_error = str(exc.strerror or exc)
    return report


def sent_ok(report: CopyReport) -> bool:
    return report.osc52.startswith("sent")


def tty_sender(device: str = "/dev/tty") -> Sender | None:
    """An OSC 52 sender writing to the controlling terminal; None when there is none
    (cron, CI, a pipeline without a terminal)."""
    try:
        fd = os.open(device, os.O_WRONLY | os.O_NOCTTY)
    except OSError:
        return None
    os.close(fd)

    def send(sequence: str) -> bool:
        fd = os.open(device, os.O_WRONLY | os.O_NOCTTY)
        with os.fdopen(fd, "wb", buffering=0) as tty:
            tty.write(sequence.encode("ascii"))
        return True

    return send
