"""Owner lookup (`o`): who holds each duty now, for a severity, and why.

The person the matrix names, or their backup when they are away, or the support
lead when nobody can; a duty nobody holds says so in words. Searchable by person
and role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from sophdesk.domain.matrix import Duty, Holder, Matrix, Via, duty_holders
from sophdesk.domain.severity import Severity
from sophdesk.domain.timefmt import local_stamp
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskScreen

if TYPE_CHECKING:
    pass

_VIA = {Via.PRIMARY: "", Via.BACKUP: " (backup)", Via.SUPPORT_LEAD: " (support lead)"}


def duty_label(duty: Duty) -> str:
    return duty.value.replace("_", " ")


class OwnerScreen(DeskScreen[None]):
    SUB_TITLE = "owners"
    AUTO_FOCUS = "#duties"

    DEFAULT_CSS = """
    OwnerScreen #severity { height: 1; padding: 0 1; background: $panel; }
    OwnerScreen #owner-search { height: 3; margin: 0 1; }
    OwnerScreen #duties { height: auto; max-height: 10; border: none; }
    OwnerScreen #holder { height: 1fr; padding: 0 1; border-top: solid $panel; }
    """

    BINDINGS = [
        Binding("1", "severity('SEV1')", "SEV1", show=False, id="owners_sev1"),
        Binding("2", "severity('SEV2')", "SEV2", show=False, id="owners_sev2"),
        Binding("3", "severity('SEV3')", "SEV3", show=False, id="owners_sev3"),
        Binding("4", "severity('SEV4')", "SEV4", show=False, id="owners_sev4"),
        Binding("s", "cycle(1)", "Next severity", id="owners_next"),
        Binding("S", "cycle(-1)", "Previous severity", show=False, id="owners_prev"),
        Binding("slash", "search", "Search", id="owners_search"),
        Binding("escape", "back", "Back", id="owners_back"),
    ]

    def __init__(self, severity: Severity | None = None, incident_id: int | None = None) -> None:
        super().__init__()
        self.severity = severity or Severity.SEV1
        self.incident_id = incident_id
        self.matrix: Matrix | None = None
        self.holders: dict[Duty, Holder] = {}
        self.shown: list[Duty] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="\u2261")
        yield Static(id="severity")
        search = Input(placeholder="Person or role (Esc: clear)", id="owner-search")
        search.display = False  # shown by /; never focused while hidden
        yield search
        yield OptionList(id="duties")
        yield Static(id="holder")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        duties = self.query_one("#duties", OptionList)
        duties.loading = True
        duties.focus()
        self.load()

    def load(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="owners", exit_on_error=False)
    def _load(self) -> None:
        from sophdesk.services.matrix import current_matrix

        matrix = current_matrix(self.desk_app.desk)
        self.app.call_from_thread(self._loaded, matrix)

    def _loaded(self, matrix: Matrix) -> None:
        self.matrix = matrix
        duties = self.query_one("#duties", OptionList)
        duties.loading = False
        self._show()
        if not self.query_one("#owner-search", Input).has_focus:
            duties.focus()

    # -- showing -------------------------------------------------------------------

    def _show(self) -> None:
        if self.matrix is None:
            return
        now = self.desk_app.clock()
        zone = self.desk_app.settings.timezone
        self.holders = duty_holders(self.matrix, self.severity, now, zone)
        choices = "  ".join(
            f"[{s.value}]" if s is self.severity else f" {s.value} " for s in Severity
        )
        where = f" for #{self.incident_id}" if self.incident_id is not None else ""
        stamp = local_stamp(now, self.desk_app.settings.timezone)
        self.query_one("#severity", Static).update(
            Content(f"{choices}   now {stamp}{where}   (1-4 or s)")
        )
        wanted = self.query_one("#owner-search", Input).value.strip().lower()
        self.shown = [duty for duty in Duty if self._matches(duty, wanted)]
        duties = self.query_one("#duties", OptionList)
        highlighted = duties.highlighted
        duties.clear_options()
        for duty in self.shown:
            duties.add_option(Option(self._line(duty)))
        if not self.shown:
            duties.add_option(Option(Content("No duty matches the search."), disabled=True))
        elif highlighted is not None and highlighted < len(self.shown):
            duties.highlighted = highlighted
        else:
            duties.highlighted = 0
        self._show_holder()

    def _matches(self, duty: Duty, wanted: str) -> bool:
        if not wanted:
            return True
        holder = self.holders[duty]
        texts = [duty.value, holder.role.value, holder.person or "", holder.name or ""]
        if self.matrix is not None:
            person = self.matrix.filled_by(holder.role)
            if person is not None:
                texts += [person.key, person.name]
        return any(wanted in text.lower() for text in texts)

    def _line(self, duty: Duty) -> Content:
        holder = self.holders[duty]
        if holder.nobody:
            who = Content.assemble(("NOBODY: escalate", "bold"))
        else:
            who = Content.assemble(
                literal(holder.name or holder.person or "", one_line=True), _VIA[holder.via]
            )
        return Content.assemble(f"{duty_label(duty):<24}", who)

    def _show_holder(self) -> None:
        panel = self.query_one("#holder", Static)
        index = self.query_one("#duties", OptionList).highlighted
        if index is None or not self.shown or index >= len(self.shown):
            panel.update(Content(""))
            return
        duty = self.shown[index]
        holder = self.holders[duty]
        assert self.matrix is not None
        named = self.matrix.filled_by(holder.role)
        person = self.matrix.people.get(holder.person) if holder.person else None
        backup = None
        if person is not None and person.backup:
            backup = self.matrix.people.get(person.backup)
        lines: list[Content | str] = [
            f"{duty_label(duty)} at {self.severity.value}\n",
            f"Role      {holder.role.value}",
            "" if named else " (nobody fills this role)",
            "\n",
        ]
        if holder.nobody:
            lines.append("Held by   NOBODY: escalate to the support lead\n")
        else:
            lines += [
                "Held by   ",
                literal(holder.name or "", one_line=True),
                f" ({holder.person}){_VIA[holder.via]}\n",
                "Contact   ",
                literal(holder.contact or "-", one_line=True),
                "\n",
                "Backup    ",
                literal(backup.shown() if backup else "-", one_line=True),
                "\n",
            ]
        lines += ["Why       ", literal(holder.reason)]
        panel.update(Content.assemble(*lines))

    @on(OptionList.OptionHighlighted, "#duties")
    def _highlighted(self) -> None:
        self._show_holder()

    # -- actions -------------------------------------------------------------------

    def action_severity(self, value: str) -> None:
        self.severity = Severity(value)
        self._show()

    def action_cycle(self, step: int) -> None:
        order = list(Severity)
        self.severity = order[(order.index(self.severity) + step) % len(order)]
        self._show()

    def action_search(self) -> None:
        search = self.query_one("#owner-search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#owner-search")
    def _search_changed(self) -> None:
        self._show()

    @on(Input.Submitted, "#owner-search")
    def _search_done(self) -> None:
        self.query_one("#duties", OptionList).focus()

    def action_back(self) -> None:
        search = self.query_one("#owner-search", Input)
        if search.display:
            search.value = ""
            search.display = False
            self.query_one("#duties", OptionList).focus()
            return
        self.app.pop_screen()
