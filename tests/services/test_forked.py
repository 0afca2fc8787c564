"""One value computed in a forked child: it comes back, a failure says None, and
nothing is left open or unreaped."""

from __future__ import annotations

import os
import signal

import pytest

from sophdesk.services.forked import fork_call

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_the_childs_value_comes_back() -> None:
    parent = os.getpid()
    child = fork_call(lambda: ("from", os.getpid() != parent, list(range(5))))
    assert child.result() == ("from", True, [0, 1, 2, 3, 4])


def test_a_child_that_fails_gives_none() -> None:
    def boom() -> object:
        raise RuntimeError("no keyring")

    assert fork_call(boom).result() is None


def test_a_child_reaped_by_the_system_still_gives_its_value() -> None:
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert fork_call(lambda: "ok").result() == "ok"
    finally:
        signal.signal(signal.SIGCHLD, previous)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_no_fork_leaves_nothing_open(monkeypatch: pytest.MonkeyPatch) -> None:
    before = open_fds()

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(OSError, match="temporarily unavailable"):
        fork_call(lambda: 1)
    assert open_fds() == before


def test_an_abandoned_child_is_stopped_and_reaped() -> None:
    import time

    child = fork_call(lambda: time.sleep(60))
    child.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)
