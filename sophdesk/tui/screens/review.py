"""The seed's reviews as checklists: when reported, before support contact, after
recovery.

The desk pre-ticks what it can work out (with the reason); the operator confirms
each item with Space and records with Ctrl+S. A review is recorded either way:
complete when every item is confirmed, incomplete otherwise (the open items and
their reasons go on the timeline).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from sophdesk.domain.incident import Event, EventKind
from sophdesk.domain.review import COMPLETE, Check, ReviewOutcome, Stage, last_resolved
from sophdesk.domain.timefmt import local_stamp
from sophdesk.tui.safe import literal, plain
from sophdesk.tui.screens.base import DeskDialog
from sophdesk.tui.typing_order import after_typing


def review_state(events: Sequence[Event], stage: Stage, zone: tzinfo) -> str:
    """``complete (2026-11-27 16:30 UTC, ana)``, ``not done``... for one stage.

    The after-recovery review counts only when made since the incident was last
    resolved (that is what ``reviewed`` needs)."""
    done = [e for e in events if e.kind is EventKind.REVIEW and e.field == stage.value]
    if not done:
        return "not done"
    last = done[-1]
    when = f"{local_stamp(last.at, zone)}, {plain(last.actor)}"
    if stage is Stage.AFTER_RECOVERY:
        resolved = last_resolved(events)
        if resolved is not None and last.id < resolved:
            return f"not done since the last move to resolved (an older one: {when})"
    if last.after == COMPLETE:
        return f"complete ({when})"
    return f"incomplete ({when}): run it again when the open items are done"


def _prompt(check: Check, confirmed: bool) -> Content:
    """``confirmed  Severity assessed (suggested)``: the item, ticked or not, and
    the desk's suggestion."""
    return Content.assemble(
        Content.styled("confirmed " if confirmed else "open      ", "bold"),
        check.item.label,
        Content.styled("  (suggested)" if check.ticked else "  (not suggested)", "italic"),
    )


class ReviewScreen(DeskDialog[ReviewOutcome | None]):
    """One review of one incident; dismisses with the recorded outcome, or None."""

    DEFAULT_CSS = """
    ReviewScreen { align: center middle; }
    ReviewScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ReviewScreen #items { height: auto; max-height: 14; border: none; padding: 0; }
    ReviewScreen #why { height: auto; min-height: 2; margin-top: 1; }
    ReviewScreen #note { margin-top: 1; }
    ReviewScreen .hint { color: $text-muted; }
    ReviewScreen #result { color: $text-warning; }
    """
    AUTO_FOCUS = "#items"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="review_cancel"),
        Binding("ctrl+s", "record", "Record review", priority=True, id="review_record"),
        Binding("ctrl+t", "confirm_all", "Tick all", priority=True, id="review_all"),
    ]

    def __init__(self, incident_id: int, stage: Stage, why: str = "") -> None:
        super().__init__()
        self.incident_id: int = incident_id
        self.stage = stage
        self.why = why
        self.checks: tuple[Check, ...] | None = None
        self._recording = False

    def compose(self) -> ComposeResult:
        with Vertical():
            title = f"#{self.incident_id}: review {self.stage.label}"
            if self.why:
                title += f" ({self.why})"
            yield Static(Content.styled(title, "bold"), id="title")
            yield Static(
                Content("Pre-ticked: what the desk worked out. A suggestion: you confirm."),
                classes="hint",
            )
            yield SelectionList[str](id="items")
            yield Static(Content(""), id="why")
            yield Input(placeholder="Note for the timeline (optional)", id="note")
            yield Static(Content(""), id="result")
            yield Static(
                Content(
                    "Space: tick/untick · Ctrl+T: tick all · Tab: note"
                    " · Ctrl+S: record · Esc: cancel (nothing recorded)"
                ),
                classes="hint",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#items").loading = True
        self._load()

    @work(thread=True, exclusive=True, group="review-load", exit_on_error=False)
    def _load(self) -> None:
        from sophdesk.services.review import checklist

        checks = checklist(self.desk_app.desk, self.incident_id, self.stage)
        self.app.call_from_thread(self._show, checks)

    def _show(self, checks: tuple[Check, ...]) -> None:
        self.checks = checks
        items = self.query_one("#items", SelectionList)
        items.loading = False
        items.clear_options()
        items.add_options(
            [
                Selection(_prompt(check, check.ticked), check.item.key, check.ticked)
                for check in checks
            ]
        )
        items.highlighted = 0
        self._count()

    def on_selection_list_selected_changed(self) -> None:
        # The state in words too, not only the button's colour (NO_COLOR, ansi themes).
        items = self.query_one("#items", SelectionList)
        for index, check in enumerate(self.checks or ()):
            items.replace_option_prompt_at_index(
                index, _prompt(check, check.item.key in items.selected)
            )
        self._count()

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted[str]
    ) -> None:
        """Why the desk suggests (or does not suggest) the highlighted item."""
        if self.checks is None:
            return
        check = self.checks[event.selection_index]
        head = "Why suggested: " if check.ticked else "Why not suggested: "
        self.query_one("#why", Static).update(
            Content.assemble(Content.styled(head, "bold"), literal(check.reason))
        )

    def _count(self) -> None:
        if self.checks is None:
            return
        ticked = len(self.query_one("#items", SelectionList).selected)
        total = len(self.checks)
        verdict = "complete" if ticked == total else "incomplete"
        self.query_one("#result", Static).update(
            Content(f"{ticked}/{total} confirmed: Ctrl+S records it as {verdict}.")
        )

    @after_typing
    def action_confirm_all(self) -> None:
        self.query_one("#items", SelectionList).select_all()

    @after_typing
    def action_record(self) -> None:
        if self.checks is None or self._recording:
            return
        self._recording = True
        confirmed = list(self.query_one("#items", SelectionList).selected)
        note = self.query_one("#note", Input).value
        self._record(confirmed, note, self.checks)

    @work(thread=True, group="review-record", exit_on_error=False)
    def _record(self, confirmed: list[str], note: str, checks: tuple[Check, ...]) -> None:
        from sophdesk.services.review import record_review

        try:
            outcome = record_review(
                self.desk_app.desk, self.incident_id, self.stage, confirmed, note, checks
            )
        finally:
            self._recording = False
        self.app.call_from_thread(self._recorded, outcome)

    def _recorded(self, outcome: ReviewOutcome) -> None:
        text = f"#{self.incident_id}: review {self.stage.label} recorded as {outcome.result}"
        if not outcome.complete:
            text += f" ({len(outcome.open_items)} open: run it again when they are done)"
        self.app.notify(text + ".", markup=False)
        self.desk_app.data_changed.publish(self.incident_id)
        self.dismiss(outcome)

    def action_cancel(self) -> None:
        self.dismiss(None)
