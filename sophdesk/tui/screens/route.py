"""Route an incident (`g` on the incident): tick what you observed, see where the
next response goes and who to contact there, then record it."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, SelectionList, Static
from textual.widgets.selection_list import Selection

from sophdesk.domain.matrix import Matrix
from sophdesk.domain.routing import Signal, route, route_owner
from sophdesk.domain.severity import Severity
from sophdesk.tui.safe import literal


class RouteScreen(ModalScreen[list[Signal] | None]):
    """Dismisses with the ticked signals to record, or None."""

    DEFAULT_CSS = """
    RouteScreen { align: center middle; }
    RouteScreen > Vertical {
        width: 100%; max-width: 100; height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    RouteScreen #route-title { text-style: bold; }
    RouteScreen SelectionList { height: 1fr; border: none; }
    RouteScreen #route-preview { height: auto; max-height: 7; border-top: solid $panel; }
    """
    BINDINGS = [
        Binding("ctrl+s", "record", "Record route", priority=True, id="route_record"),
        Binding("escape", "cancel", "Cancel", id="route_cancel"),
    ]

    def __init__(
        self, incident_id: int, severity: Severity | None, matrix: Matrix, now: datetime
    ) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.severity = severity
        self.matrix = matrix
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content(f"Route #{self.incident_id}: tick what you saw (Space), Ctrl+S records"),
                id="route-title",
            )
            yield SelectionList[Signal](
                *[Selection(_label(signal, ticked=False), signal, False) for signal in Signal],
                id="signals",
            )
            yield Static(id="route-preview")
            yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#signals", SelectionList).focus()
        self._preview()

    def ticked(self) -> list[Signal]:
        return list(self.query_one("#signals", SelectionList).selected)

    @on(SelectionList.SelectedChanged)
    def _preview(self) -> None:
        signals = self.query_one("#signals", SelectionList)
        ticked = set(self.ticked())
        for index, signal in enumerate(Signal):
            # A text mark as well as the toggle's colour (NO_COLOR, 16 colours).
            signals.replace_option_prompt_at_index(index, _label(signal, signal in ticked))
        decision = route(self.ticked())
        holder = route_owner(self.matrix, decision, self.severity, self.now)
        owner = (
            Content.assemble(literal(holder.name or "", one_line=True), " (", holder.via.value, ")")
            if not holder.nobody
            else Content("NOBODY: escalate to the support lead")
        )
        self.query_one("#route-preview", Static).update(
            Content.assemble(
                f"Next response goes to: {decision.route.value}\n",
                "Contact: ",
                owner,
                "\n",
                literal(" ".join(decision.reasons)),
            )
        )

    def action_record(self) -> None:
        self.dismiss(self.ticked())

    def action_cancel(self) -> None:
        self.dismiss(None)


def _label(signal: Signal, ticked: bool) -> Content:
    mark = "[x]" if ticked else "[ ]"
    return Content(f"{mark} {signal.route.value:<11}{signal.description}")
