"""Building a redaction preview, and the one thread that builds them.

A preview is the redaction of the text in the original pane, with every finding
placed in both panes. :class:`PreviewThread` builds them off the UI thread: one
long-lived thread per preview screen, fed the latest request only (a request
made while another is built replaces any still waiting), so a keystroke costs
the UI thread a hand-over, not a new worker, and a 10 MB text never piles up
runs. Each result or error goes back to the screen as a message.
"""

from __future__ import annotations

import contextlib
import threading
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.message import Message
from textual.message_pump import MessagePump

from sophdesk.domain.redaction import CATEGORIES, KnownSecret, Redaction, redact
from sophdesk.tui.widgets.redaction_views import Location, Mark, Marks


@dataclass(frozen=True)
class Preview:
    """One finished run: the text it saw and where everything is in both views."""

    source: str
    redaction: Redaction
    original_spans: tuple[tuple[Location, Location], ...]
    redacted_spans: tuple[tuple[Location, Location], ...]
    original_marks: Marks
    redacted_marks: Marks
    redacted_lines: list[str]
    redacted_width: int
    #: The findings counted by category, for the status line.
    counts: str
    seconds: float


def line_starts(text: str, newline: str) -> list[int]:
    """Offsets where each line of ``text`` starts (lines split on ``newline``)."""
    starts = [0]
    step = len(newline) or 1
    find = text.find
    at = find(newline)
    while at != -1:
        starts.append(at + step)
        at = find(newline, at + step)
    return starts


def locate(starts: Sequence[int], offset: int) -> Location:
    row = bisect_right(starts, offset) - 1
    return row, offset - starts[row]


def _place(
    marks: dict[int, list[Mark]], starts: Sequence[int], start: int, end: int, category: str
) -> tuple[Location, Location]:
    """Mark ``start``-``end`` line by line in ``marks``; return where it starts and ends."""
    first = bisect_right(starts, start) - 1
    column = start - starts[first]
    if first + 1 >= len(starts) or end < starts[first + 1]:  # on one line: most findings
        end_column = end - starts[first]
        marks.setdefault(first, []).append((column, end_column, category))
        return (first, column), (first, end_column)
    last, end_column = locate(starts, end)
    for row in range(first, last + 1):
        begin = column if row == first else 0
        finish: int | None = end_column if row == last else None
        marks.setdefault(row, []).append((begin, finish, category))
    return (first, column), (last, end_column)


def _frozen(marks: dict[int, list[Mark]]) -> Marks:
    return {row: tuple(spans) for row, spans in marks.items()}


def build_preview(
    source: str,
    newline: str,
    known: Sequence[KnownSecret],
    allow: Sequence[str],
    extra: Sequence[tuple[int, int]],
) -> Preview:
    """Redact ``source`` and place every finding in both views (any thread)."""
    began = time.perf_counter()
    redaction = redact(source, known=known, allow=allow, extra=extra)
    original_starts = line_starts(source, newline)
    redacted_starts = line_starts(redaction.text, newline)
    original_spans = []
    redacted_spans = []
    original_marks: dict[int, list[Mark]] = {}
    redacted_marks: dict[int, list[Mark]] = {}
    shift = 0
    for finding in redaction.findings:
        start = finding.start + shift
        end = start + len(finding.placeholder)
        shift += len(finding.placeholder) - (finding.end - finding.start)
        category = finding.category
        original_spans.append(
            _place(original_marks, original_starts, finding.start, finding.end, category)
        )
        redacted_spans.append(_place(redacted_marks, redacted_starts, start, end, category))
    lines = redaction.text.split(newline) if newline else [redaction.text]
    width = max((cell_len(line) for line in lines), default=0)
    return Preview(
        source,
        redaction,
        tuple(original_spans),
        tuple(redacted_spans),
        _frozen(original_marks),
        _frozen(redacted_marks),
        lines,
        width,
        counts_line(redaction),
        time.perf_counter() - began,
    )


def counts_line(redaction: Redaction) -> str:
    if not redaction.findings:
        return "nothing to redact"
    counts = Counter(f.category for f in redaction.findings)
    parts = [f"{name} {counts[name]}" for name in CATEGORIES if counts[name]]
    return " \u00b7 ".join(parts)


@dataclass(frozen=True)
class PreviewRequest:
    """What to redact. ``number`` counts requests (the latest wins); ``generation``
    is the edit count of the original when ``source`` was taken from it."""

    number: int
    generation: int
    source: str
    newline: str
    allow: tuple[str, ...]
    extra: tuple[tuple[int, int], ...]


class PreviewReady(Message):
    """A preview was built for ``request``."""

    def __init__(
        self,
        request: PreviewRequest,
        preview: Preview,
        known: tuple[KnownSecret, ...],
        unavailable: str | None,
    ) -> None:
        super().__init__()
        self.request = request
        self.preview = preview
        self.known = known
        self.unavailable = unavailable


class PreviewFailed(Message):
    """Building the preview for ``request`` raised ``error``."""

    def __init__(self, request: PreviewRequest, error: Exception) -> None:
        super().__init__()
        self.request = request
        self.error = error


def _load_known() -> tuple[tuple[KnownSecret, ...], str | None]:
    from sophdesk.services.secrets import load_known

    loaded = load_known(may_prompt=False)
    return tuple(loaded.secrets), loaded.unavailable


class PreviewThread:
    """One daemon thread that builds the latest requested preview for ``target``.

    :meth:`submit` and :meth:`stop` never block (the UI thread calls them). The
    known secrets are loaded once, in the thread, before the first run. Results
    and errors are posted to ``target`` (thread-safe; dropped once it is closed).
    """

    def __init__(
        self,
        target: MessagePump,
        load_known: Callable[[], tuple[tuple[KnownSecret, ...], str | None]] = _load_known,
    ) -> None:
        self._target = target
        self._load_known = load_known
        self._known: tuple[tuple[KnownSecret, ...], str | None] | None = None
        self._wake = threading.Condition()
        self._waiting: PreviewRequest | None = None
        self._stopped = False
        self._thread: threading.Thread | None = None

    def submit(self, request: PreviewRequest) -> None:
        """Build ``request`` next, in place of any request still waiting."""
        with self._wake:
            if self._stopped:
                return
            self._waiting = request
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="sophdesk-redaction-preview", daemon=True
                )
                self._thread.start()
            self._wake.notify()

    def stop(self) -> None:
        """Build nothing more (a run under way finishes; its result is dropped)."""
        with self._wake:
            self._stopped = True
            self._waiting = None
            self._wake.notify()

    def _next(self) -> PreviewRequest | None:
        with self._wake:
            while self._waiting is None and not self._stopped:
                self._wake.wait()
            request, self._waiting = self._waiting, None
            return None if self._stopped else request

    def _run(self) -> None:
        while (request := self._next()) is not None:
            try:
                if self._known is None:
                    self._known = self._load_known()
                known, unavailable = self._known
                preview = build_preview(
                    request.source, request.newline, known, request.allow, request.extra
                )
            except Exception as error:  # reported on the screen; the thread goes on
                message: Message = PreviewFailed(request, error)
            else:
                message = PreviewReady(request, preview, known, unavailable)
            # A screen closed meanwhile (or an app gone) has nobody to tell.
            with contextlib.suppress(Exception):
                if not self._stopped:
                    self._target.post_message(message)
