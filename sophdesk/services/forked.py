"""One value computed in a forked child and sent back, pickled, through a pipe.

Both the keyring reader (``sophdesk redact`` reads it while it starts) and the
workers of a big redaction use this: the child inherits everything imported
and read so far, so nothing is sent to it, and only its answer comes back (our
own child: pickle is safe here, and nothing is written to a file). Forking is
only for a process without threads; the callers check.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable, Iterable


class Forked:
    """A child computing one value (:func:`fork_call`)."""

    __slots__ = ("_read_end", "pid")

    def __init__(self, pid: int, read_end: int) -> None:
        self.pid = pid
        self._read_end = read_end

    def result(self) -> object | None:
        """The child's value (waiting for it), or None when it failed."""
        with os.fdopen(self._read_end, "rb") as source:
            payload = source.read()
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # SIGCHLD ignored: reaped already; the payload tells
            status = 0
        if status != 0:
            return None
        try:
            value: object = pickle.loads(payload)  # from our own child, through a pipe
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return None
        return value

    def abandon(self) -> None:
        """Stop the child and reap it, its answer unread."""
        with contextlib.suppress(OSError):
            os.close(self._read_end)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def fork_call(work: Callable[[], object], *, close_in_child: Iterable[int] = ()) -> Forked:
    """Run ``work`` in a forked child; its value comes back through :meth:`Forked.result`.
    ``close_in_child``: descriptors the child must not hold (so that the other end
    of those pipes sees their end). Raises OSError, with nothing left open, when
    no pipe or no child can be had."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # pragma: no cover - the child: compute, hand it over, leave
        code = 0
        try:
            os.close(read_end)
            for fd in close_in_child:
                os.close(fd)
            payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    return Forked(pid, read_end)
