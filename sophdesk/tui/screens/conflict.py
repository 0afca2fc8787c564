"""Another desk changed the incident first: both versions, side by side, and a choice.

Opened when a change based on the version the operator was looking at is refused
(``StaleVersion``: nothing was written). For each field the change touched it
shows "yours" and "now" (side by side when there is room, stacked at 80
columns), which of them the other desk also changed, and the other desk's newest
events. Every value is shown literally (Content, never markup).

Dismisses with ``"merge"`` (apply yours on top of the version now), ``"retry"``
(reopen the form on the version now, with your values) or None (cancel); the
caller does the work and keeps your values on cancel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from sophdesk.domain.incident import Event, EventKind
from sophdesk.domain.timefmt import local_stamp
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskDialog

ConflictChoice = Literal["merge", "retry"]

#: A value longer than this is cut on this screen (the form keeps all of it).
SHOWN_CHARS = 300


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field the refused change touched."""

    label: str
    #: What the operator wanted.
    yours: str | None
    #: What is stored now (the other desk's value, or the one both started from).
    now: str | None
    #: What the operator's form showed when they started (the version displayed).
    started: str | None

    @property
    def same(self) -> bool:
        return (self.yours or "").strip() == (self.now or "").strip()

    @property
    def theirs_too(self) -> bool:
        """The other desk changed this field too (yours wins on merge)."""
        return (self.now or "").strip() != (self.started or "").strip()


def value_content(value: str | None) -> Content:
    """A value, literally; long values cut, an empty one said so."""
    text = (value or "").strip()
    if not text:
        return Content.styled("(empty)", "italic")
    if len(text) > SHOWN_CHARS:
        more = len(text) - SHOWN_CHARS
        return Content.assemble(
            literal(text[:SHOWN_CHARS]), Content.styled(f"... ({more} more characters)", "italic")
        )
    return literal(text)


def event_line(event: Event, zone: tzinfo) -> Content:
    """When, who and what kind of change (values are in the fields above)."""
    what = event.kind.value
    if event.kind is EventKind.STATUS:
        what += f" {event.before} -> {event.after}"
    elif event.field:
        what += f" {event.field}"
    return Content.assemble(
        f"{local_stamp(event.at, zone)}  ",
        literal(event.actor, one_line=True),
        "  ",
        literal(what, one_line=True),
    )


class ConflictScreen(DeskDialog[ConflictChoice | None]):
    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > Vertical {
        width: 110; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    ConflictScreen #conflict-title { text-style: bold; color: $text-warning; }
    ConflictScreen #conflict-body { height: auto; max-height: 60vh; }
    ConflictScreen .field-name { margin-top: 1; }
    ConflictScreen .pair { height: auto; }
    ConflictScreen .side { height: auto; }
    ConflictScreen .tag { width: 7; text-style: bold; }
    ConflictScreen .value { width: 1fr; height: auto; }
    ConflictScreen.-wide .pair { layout: horizontal; }
    ConflictScreen.-wide .side { width: 1fr; }
    ConflictScreen.-wide .side.yours { margin-right: 2; }
    ConflictScreen.-narrow .pair { layout: vertical; }
    ConflictScreen .section { text-style: bold; margin-top: 1; }
    ConflictScreen #conflict-keys { height: auto; margin-top: 1; }
    ConflictScreen .key-line { height: auto; }
    ConflictScreen .key { width: 4; text-style: bold; color: $accent; }
    ConflictScreen .does { width: 1fr; height: auto; }
    ConflictScreen #merge-blocked .does { color: $text-warning; }
    """
    #: Side by side from 100 columns; stacked below (80x24).
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS = [
        Binding("m", "merge", "Merge", id="conflict_merge"),
        Binding("r", "retry", "Retry", id="conflict_retry"),
        Binding("escape", "cancel", "Cancel", id="conflict_cancel"),
    ]

    def __init__(
        self,
        incident_id: int,
        *,
        what: str,
        expected: int | None,
        current: int | None,
        fields: Sequence[FieldConflict],
        since: Sequence[Event],
        zone: tzinfo,
        merge_does: str,
        retry_does: str,
        cancel_does: str,
        merge_blocked: str | None = None,
    ) -> None:
        """``merge_does``, ``retry_does``, ``cancel_does``: what each key does here, in
        a few words; ``merge_blocked``: why merging is not possible (m says it)."""
        super().__init__()
        self.incident_id: int = incident_id
        self.what = what
        self.expected = expected
        self.current = current
        self.fields = tuple(fields)
        self.since = tuple(since)
        self.zone = zone
        self.merge_does = merge_does
        self.merge_blocked = merge_blocked
        self.retry_does = retry_does
        self.cancel_does = cancel_does

    def compose(self) -> ComposeResult:
        based = f"version {self.expected}" if self.expected is not None else "an older version"
        now = f"version {self.current}" if self.current is not None else "a newer version"
        with Vertical():
            yield Static(
                Content(f"#{self.incident_id} was changed by another desk meanwhile"),
                id="conflict-title",
            )
            yield Static(
                Content(
                    f"Your {self.what} was based on {based}; it is now {now}. Nothing was written."
                ),
                id="conflict-summary",
            )
            with VerticalScroll(id="conflict-body"):
                for index, field in enumerate(self.fields):
                    yield Static(self._field_heading(field), classes="field-name")
                    with Horizontal(classes="pair", id=f"pair-{index}"):
                        with Horizontal(classes="side yours"):
                            yield Static(Content("yours:"), classes="tag")
                            yield Static(value_content(field.yours), classes="value")
                        with Horizontal(classes="side now"):
                            yield Static(Content("now:"), classes="tag")
                            yield Static(value_content(field.now), classes="value")
                yield Static(
                    Content(f"What the other desk did since {based} (newest last)"),
                    classes="section",
                )
                yield Static(self._events(), id="conflict-events")
            with Vertical(id="conflict-keys"):
                if self.merge_blocked is not None:
                    yield self._key(
                        "m", f"merge not possible: {self.merge_blocked}", id="merge-blocked"
                    )
                else:
                    yield self._key("m", f"merge: {self.merge_does}", id="merge-does")
                yield self._key("r", f"retry: {self.retry_does}", id="retry-does")
                yield self._key("Esc", f"cancel: {self.cancel_does}", id="cancel-does")
        yield Footer(compact=True)

    @staticmethod
    def _key(key: str, does: str, id: str) -> Horizontal:  # noqa: A002 (Textual's name)
        return Horizontal(
            Static(Content(key), classes="key"),
            Static(literal(does), classes="does"),
            classes="key-line",
            id=id,
        )

    def _field_heading(self, field: FieldConflict) -> Content:
        label = field.label[:1].upper() + field.label[1:]
        if field.same:
            note = "(the same now: nothing to merge)"
        elif field.theirs_too:
            note = "(the other desk changed it too: merge keeps yours)"
        else:
            note = "(unchanged by the other desk)"
        return Content.assemble(Content.styled(label, "bold"), "  ", Content.styled(note, "dim"))

    def _events(self) -> Content:
        if not self.since:
            return Content.styled("(no events recorded)", "italic")
        lines: list[Content | str] = []
        for event in self.since:
            lines.extend([event_line(event, self.zone), "\n"])
        return Content.assemble(*lines[:-1])

    def action_merge(self) -> None:
        if self.merge_blocked is not None:
            self.notify(
                f"Merge not possible: {self.merge_blocked}. r: retry; Esc: cancel.",
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        self.dismiss("merge")

    def action_retry(self) -> None:
        self.dismiss("retry")

    def action_cancel(self) -> None:
        self.dismiss(None)
