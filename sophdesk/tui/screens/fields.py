"""A small form for what updates say: impact, workaround, owner, follow-up work.

Dismisses with the :class:`IncidentEdit` of the fields that changed (the caller
saves it with ``services.communication.edit_incident``: each change an event,
free text stored redacted), or None.

After a conflict (another desk saved first) the form reopens on the incident as
it is now with ``values``: the operator's own values, filled in again so nothing
typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Label, Static

from sophdesk.domain.communication import (
    FIELD_LABELS,
    MAX_OWNER_CHARS,
    MAX_TEXT_CHARS,
    IncidentEdit,
)
from sophdesk.domain.errors import DomainError
from sophdesk.domain.incident import Incident
from sophdesk.tui.safe import plain
from sophdesk.tui.screens.base import DeskDialog
from sophdesk.tui.typing_order import after_typing
from sophdesk.tui.widgets.guarded_inputs import LineInput

#: The fields the form edits, in the order updates name them.
FIELDS = ("impact", "workaround", "owner", "follow_up")
PLACEHOLDERS = {
    "impact": "Who is affected and how (e.g. checkout replies fail for every shopper)",
    "workaround": "What customers can do meanwhile (or 'none yet')",
    "owner": "Who owns the next response (a name)",
    "follow_up": "Work to do after recovery (optional for updates)",
}


def shown(value: str | None) -> str:
    """A stored value as the one-line input shows it (already redacted at rest;
    lines joined, control characters made visible)."""
    return plain(" ".join((value or "").splitlines()))


class FieldsScreen(DeskDialog[IncidentEdit | None]):
    DEFAULT_CSS = """
    FieldsScreen { align: center middle; }
    FieldsScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FieldsScreen Label { margin-top: 1; }
    FieldsScreen .hint { color: $text-muted; }
    FieldsScreen #error { color: $text-error; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="fields_cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="fields_save"),
        # Enter moves on the moment it arrives (keys typed after it in a burst go to
        # the next field); on the last field it saves.
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(
        self,
        incident: Incident,
        focus: str | None = None,
        values: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.incident = incident
        #: The operator's values kept from a conflict, shown instead of the stored ones.
        self.values = {name: v for name, v in (values or {}).items() if name in FIELDS}
        first_kept = next((name for name in FIELDS if name in self.values), None)
        self.focus_field = focus if focus in FIELDS else first_kept

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.styled(f"#{self.incident.id}: what updates say", "bold"), id="title"
            )
            if self.values:
                yield Static(
                    Content(
                        f"Your values are filled in again, on version {self.incident.version}"
                        " (the other fields as they are now). Esc discards them."
                    ),
                    classes="hint",
                    id="kept",
                )
            for name in FIELDS:
                yield Label(Content(FIELD_LABELS[name].capitalize()))
                value = self.values.get(name, shown(getattr(self.incident, name)))
                limit = MAX_OWNER_CHARS if name == "owner" else MAX_TEXT_CHARS
                yield LineInput(
                    value,
                    placeholder=PLACEHOLDERS[name],
                    id=f"field-{name}",
                    limit=limit,
                    compact=True,
                )
            yield Static(Content(""), id="error")
            yield Static(
                Content(
                    "Tab: next field · Ctrl+S: save (each change goes on the timeline,"
                    " redacted) · Esc: cancel"
                ),
                classes="hint",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        first_empty = next(
            (n for n in FIELDS if not (getattr(self.incident, n) or "").strip()), FIELDS[0]
        )
        self.query_one(f"#field-{self.focus_field or first_empty}", Input).focus()

    def edit(self) -> IncidentEdit:
        """The fields that changed (raises InvalidInput for a value that cannot be kept)."""
        changed: dict[str, str] = {}
        for name in FIELDS:
            value = self.query_one(f"#field-{name}", Input).value.strip()
            if value != shown(getattr(self.incident, name)).strip():
                changed[name] = value
        return IncidentEdit(**changed)

    def action_next_field(self) -> None:
        inputs = list(self.query(Input))
        focused = self.focused
        index = inputs.index(focused) if isinstance(focused, Input) else -1
        if 0 <= index < len(inputs) - 1:
            self.set_focus(inputs[index + 1])  # at once: keys after Enter go there
        else:
            self.action_save()

    @after_typing
    def action_save(self) -> None:
        try:
            edit = self.edit()
        except DomainError as error:
            self.query_one("#error", Static).update(Content(error.message))
            return
        if edit.is_empty:
            self.notify("Nothing changed.", markup=False)
            self.dismiss(None)
            return
        self.dismiss(edit)

    def action_cancel(self) -> None:
        if self.values:
            self.notify(
                f"Your unsaved values for #{self.incident.id} were discarded.", markup=False
            )
        self.dismiss(None)
