"""Route an incident (`g` on the incident): tick what you observed, see where the
next response goes and who to contact there, then record it.

Ctrl+O opens a row to override the computed route with another one and a
written reason; an override without a reason is refused here, before anything
is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.matrix import Holder, Matrix
from sophdesk.domain.routing import (
    Route,
    Signal,
    override_route,
    route,
    route_owner,
)
from sophdesk.domain.severity import Severity
from sophdesk.domain.triage import MAX_REASON_CHARS
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskDialog
from sophdesk.tui.typing_order import after_typing


@dataclass(frozen=True)
class RouteChoice:
    """What the operator chose: the ticked signals and, maybe, an override."""

    signals: tuple[Signal, ...]
    override: Route | None = None
    reason: str | None = None


class RouteScreen(DeskDialog[RouteChoice | None]):
    """Dismisses with a :class:`RouteChoice` to record, or None."""

    DEFAULT_CSS = """
    RouteScreen { align: center middle; }
    RouteScreen > Vertical {
        width: 100%; max-width: 100; height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    RouteScreen #route-title { text-style: bold; }
    RouteScreen SelectionList { height: 1fr; border: none; }
    RouteScreen #route-override { height: 1; display: none; }
    RouteScreen #route-override.-open { display: block; }
    RouteScreen #route-override Label { width: auto; padding: 0 1 0 0; }
    RouteScreen #override-route { width: 18; margin: 0 1 0 0; }
    RouteScreen #override-reason { width: 1fr; }
    RouteScreen Input.-textual-compact { background: $boost; }
    RouteScreen Input.-textual-compact:focus { background: $primary 30%; }
    RouteScreen #route-problem { color: $error; height: auto; display: none; }
    RouteScreen #route-preview { height: auto; max-height: 7; border-top: solid $panel; }
    """
    BINDINGS = [
        Binding("ctrl+s", "record", "Record route", priority=True, id="route_record"),
        Binding("ctrl+o", "override", "Override", priority=True, id="route_override"),
        Binding("escape", "cancel", "Cancel", id="route_cancel"),
    ]

    def __init__(
        self,
        incident_id: int,
        severity: Severity | None,
        matrix: Matrix,
        now: datetime,
        after_triage: bool = False,
        zone: tzinfo = UTC,
    ) -> None:
        super().__init__()
        self.incident_id: int = incident_id
        self.severity = severity
        self.matrix = matrix
        self.now = now
        #: The desk's zone: times in the owner's reason are read in it.
        self.zone = zone
        self.after_triage = after_triage
        #: The computed route the override choices leave out.
        self._choices_for: Route | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.after_triage:
                title = f"Triage recorded. Route #{self.incident_id}: tick what you saw"
                title += ", Ctrl+S records, Esc skips"
            else:
                title = f"Route #{self.incident_id}: tick what you saw (Space), Ctrl+S records"
            yield Static(Content(title), id="route-title")
            yield SelectionList[Signal](
                *[Selection(_label(signal, ticked=False), signal, False) for signal in Signal],
                id="signals",
            )
            with Horizontal(id="route-override"):
                yield Label(Content("Override to"))
                yield Select[Route]([], prompt="no override", compact=True, id="override-route")
                yield Label(Content("Reason"))
                yield Input(
                    placeholder="why the route is different (required)",
                    compact=True,
                    max_length=MAX_REASON_CHARS,
                    id="override-reason",
                )
            yield Static(id="route-problem")
            yield Static(id="route-preview")
            yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#signals", SelectionList).focus()
        self._preview()

    # -- what is chosen ----------------------------------------------------------

    def ticked(self) -> list[Signal]:
        return list(self.query_one("#signals", SelectionList).selected)

    @property
    def override_open(self) -> bool:
        return self.query_one("#route-override").has_class("-open")

    def override(self) -> Route | None:
        """The route chosen to override with, while the override row is open."""
        if not self.override_open:
            return None
        value = self.query_one("#override-route", Select).value
        return value if isinstance(value, Route) else None

    def reason(self) -> str:
        return self.query_one("#override-reason", Input).value.strip()

    # -- preview -----------------------------------------------------------------

    @on(SelectionList.SelectedChanged)
    @on(Select.Changed)
    @on(Input.Changed)
    def _preview(self) -> None:
        signals = self.query_one("#signals", SelectionList)
        ticked = set(self.ticked())
        for index, signal in enumerate(Signal):
            # A text mark as well as the toggle's colour (NO_COLOR, 16 colours).
            signals.replace_option_prompt_at_index(index, _label(signal, signal in ticked))
        decision = route(self.ticked())
        self._offer_choices(decision.route)
        chosen = self.override()
        shown = decision
        if chosen is not None:
            shown = replace(decision, route=chosen, overridden_from=decision.route)
        holder = route_owner(self.matrix, shown, self.severity, self.now, self.zone)
        parts: list[str | Content] = [f"Next response goes to: {shown.route.value}"]
        if chosen is not None:
            parts.append(f"  OVERRIDDEN from {decision.route.value} to {chosen.value}")
        parts.extend(["\nContact: ", _owner(holder), "\n"])
        if chosen is not None:
            reason = self.reason()
            parts.extend(
                ["Reason: ", literal(reason, one_line=True) if reason else "(required)", "\n"]
            )
        parts.append(literal(" ".join(decision.reasons)))
        self.query_one("#route-preview", Static).update(Content.assemble(*parts))

    def _offer_choices(self, computed: Route) -> None:
        """Offer every route but the computed one; keep the choice if it still applies."""
        if computed is self._choices_for:
            return
        self._choices_for = computed
        select = self.query_one("#override-route", Select)
        kept = select.value
        select.set_options((r.value, r) for r in Route if r is not computed)
        if isinstance(kept, Route) and kept is not computed:
            select.value = kept
        elif kept is computed and self.override_open:
            self._problem(
                f"The signals now point to {computed.value}, the route you chose:"
                " no override needed (your reason is kept in the field)."
            )

    def _problem(self, text: str) -> None:
        problem = self.query_one("#route-problem", Static)
        problem.update(literal(f"! {text}") if text else Content(""))
        problem.display = bool(text)

    # -- actions -----------------------------------------------------------------

    @after_typing
    def action_override(self) -> None:
        """Open the override row, or close it (then the computed route is recorded)."""
        row = self.query_one("#route-override")
        row.toggle_class("-open")
        self._problem("")
        if row.has_class("-open"):
            self.query_one("#override-route", Select).focus()
        else:
            self.query_one("#signals", SelectionList).focus()
        self._preview()

    @after_typing
    def action_record(self) -> None:
        signals = tuple(self.ticked())
        if not self.override_open:
            self.dismiss(RouteChoice(signals))
            return
        chosen = self.override()
        reason = self.reason()
        if chosen is None:
            if reason:
                self._problem(
                    "A reason is written but no route is chosen: choose the route to"
                    " override with, or Ctrl+O to record the computed route. Nothing recorded."
                )
                self.query_one("#override-route", Select).focus()
                return
            self.dismiss(RouteChoice(signals))
            return
        try:
            override_route(route(signals), chosen, reason)
        except InvalidInput as exc:
            self._problem(f"{exc.message}. Nothing recorded.")
            self.query_one("#override-reason", Input).focus()
            return
        self.dismiss(RouteChoice(signals, chosen, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _owner(holder: Holder) -> Content:
    if holder.nobody:
        return Content("NOBODY to page: escalate to the support lead")
    contact = holder.contact or "no contact given"
    return Content.assemble(
        literal(holder.name or holder.person or "", one_line=True),
        ", ",
        literal(contact, one_line=True),
        f" ({holder.via.value})",
    )


def _label(signal: Signal, ticked: bool) -> Content:
    mark = "[x]" if ticked else "[ ]"
    return Content(f"{mark} {signal.route.value:<11}{signal.description}")
