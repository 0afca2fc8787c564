"""Copying: OSC 52, pyperclip only on a local display, and a 0600 file always."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pyperclip
import pytest

from sophdesk.services import clipboard
from sophdesk.services.clipboard import copy, local_display, osc52, tty_sender

KEY = "sk-proj-Q2xhdWRlSXNOb3RBUmVhbEtleUJ1dExvb2tzTGlrZU9uZQ"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_osc52_is_base64_between_esc_and_bel() -> None:
    sequence = osc52("héllo\nworld")
    assert sequence.startswith("\x1b]52;c;")
    assert sequence.endswith("\x07")
    assert base64.b64decode(sequence[7:-1]).decode() == "héllo\nworld"
    wrapped = osc52("x", passthrough=True)
    assert wrapped == "\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\"


@pytest.mark.parametrize(
    ("env", "use"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.2 5000 10.0.0.1 22"}, False),
        ({}, False),
    ],
)
def test_pyperclip_only_on_a_local_session_with_a_display(env: dict[str, str], use: bool) -> None:
    assert local_display(env)[0] is use


def test_the_payload_is_redacted_and_goes_everywhere(tmp_path: Path) -> None:
    sent: list[str] = []
    system: list[str] = []
    report = copy(
        f"key {KEY}",
        lambda seq: sent.append(seq) or True,
        env={"DISPLAY": ":0", "TMUX": "/tmp/tmux-0/default,1,0"},
        to_file=tmp_path / "clip.txt",
        system=lambda text: system.append(text) or "copied",
    )
    assert report.text == "key [openai-key-1]"
    assert base64.b64decode(sent[0][7:-1]).decode() == "key [openai-key-1]"
    assert system == ["key [openai-key-1]"]
    assert (tmp_path / "clip.txt").read_text() == "key [openai-key-1]"
    assert report.osc52 == "sent to the terminal"
    assert any("set -g set-clipboard on" in hint for hint in report.hints)
    assert report.ok


def test_pyperclip_failing_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", broken)
    report = copy("hello", None, env={"DISPLAY": ":0"}, to_file=tmp_path / "c.txt")
    assert report.pyperclip == "failed: could not find a copy/paste mechanism"
    assert report.file == str(tmp_path / "c.txt")
    assert report.ok  # the file is always there


def test_no_terminal_is_said_and_the_file_still_written(tmp_path: Path) -> None:
    report = copy("hello", None, env={"SSH_CONNECTION": "a b c d"}, to_file=tmp_path / "c.txt")
    assert report.osc52 == "not sent: no terminal to send it to"
    assert report.pyperclip.startswith("skipped: an SSH session")
    assert report.lines()[-1] == f"file (0600): {tmp_path / 'c.txt'}"


def test_a_terminal_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    def gone(_seq: str) -> bool:
        raise OSError(5, "Input/output error")

    report = copy("hello", gone, env={}, to_file=tmp_path / "c.txt")
    assert report.osc52 == "not sent: Input/output error"


def test_no_controlling_terminal_means_no_sender(tmp_path: Path) -> None:
    assert tty_sender(str(tmp_path / "no-such-tty")) is None
    fake = tmp_path / "tty"
    fake.write_bytes(b"")
    send = tty_sender(str(fake))
    assert send is not None
    assert send(osc52("hi"))
    assert fake.read_bytes() == osc52("hi").encode()


def test_the_fallback_file_is_0600_in_the_runtime_dir(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir()
    report = copy("hello", None, env={"XDG_RUNTIME_DIR": str(runtime)})
    path = runtime / "sophdesk" / "clipboard.txt"
    assert report.file == str(path)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_an_existing_file_with_a_wide_mode_is_made_0600(tmp_path: Path) -> None:
    path = tmp_path / "clip.txt"
    path.write_text("old")
    os.chmod(path, 0o644)
    copy("new", None, env={}, to_file=path)
    assert mode(path) == 0o600
    assert path.read_text() == "new"


def test_without_a_runtime_dir_the_data_dir_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    report = copy("hello", None, env={})
    data = Path(os.environ["SOPHDESK_DATA_DIR"])
    assert report.file == str(data / clipboard.FILE_NAME)
    assert mode(data / clipboard.FILE_NAME) == 0o600


def test_a_file_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    report = copy("hello", None, env={}, to_file=blocker / "sub" / "clip.txt")
    assert report.file is None
    assert report.file_error
    assert not report.ok


def test_a_symlink_at_the_fallback_file_is_refused_and_its_target_untouched(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not yours\n")
    outside.chmod(0o644)
    runtime = tmp_path / "run"
    (runtime / "sophdesk").mkdir(parents=True)
    (runtime / "sophdesk" / "clipboard.txt").symlink_to(outside)
    report = copy("hello", None, env={"XDG_RUNTIME_DIR": str(runtime)})
    assert report.file is None
    assert report.file_error is not None
    assert "symbolic link" in report.file_error
    assert outside.read_bytes() == b"not yours\n"
    assert mode(outside) == 0o644
