"""The update composer (``u`` on an incident): an update for one audience, editable,
with what it lacks, when the next update is due, and what the redactor finds in it.

The text comes from ``services.updates.compose`` (the audience's template, through
the one door out). The operator may adjust the wording; every edit is run through
the redactor again, and anything it finds is an *unresolved finding*. Copy
(Ctrl+Y) and Record (Ctrl+S) are refused, with the reason on screen, while a
required field is missing or a finding is unresolved: Ctrl+F fills the fields,
Ctrl+R opens the redaction preview on the text (restoring a false positive needs
a reason there) and takes its result back. What is copied or recorded is the text
as it passed the door (``services.outbound.release``). For hosting, the provider
and CodeCanyon, Ctrl+T shows the support report; the before-contact review is
asked for first when it is not done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Header, Static, Tab, Tabs, TextArea

from sophdesk.domain.communication import IncidentEdit
from sophdesk.domain.incident import Incident
from sophdesk.domain.redaction import Finding
from sophdesk.domain.review import ReviewOutcome, Stage
from sophdesk.domain.updates import Audience, Missing, zoned
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskScreen
from sophdesk.tui.typing_order import after_typing
from sophdesk.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from sophdesk.services.clipboard import CopyReport
    from sophdesk.services.updates import ComposedUpdate

#: Quiet time after a keystroke before the text is checked again (seconds).
CHECK_DELAY = 0.15
#: The communication fields the composer's form fills (Ctrl+F).
FORM_FIELDS = ("impact", "workaround", "owner", "follow_up")
#: What a template writes for a missing field: never sent.
MISSING_MARK = "(missing: "


def how_here(missing: Missing) -> str:
    """How to fill a missing field from the desk (the service says it for the CLI)."""
    if missing.key in FORM_FIELDS:
        return "Ctrl+F to fill in here"
    if missing.key == "next_update":
        return "t on the incident: assess the severity (the cadence comes from it)"
    return "t on the incident (triage): capture it, or mark it unknown with a reason"


class UpdateArea(TextArea, inherit_bindings=False):
    """The update's text. Ctrl+Y copies the update here (the screen's key), so
    redo moves to Ctrl+Shift+Z; every other TextArea key is as usual."""

    BINDINGS = [
        *(b for b in TextArea.BINDINGS if isinstance(b, Binding) and b.action != "redo"),
        Binding("ctrl+shift+z,super+y", "redo", "Redo", show=False),
    ]


def finding_line(finding: Finding) -> str:
    return f"{finding.category} {finding.placeholder} (line {finding.line}:{finding.column})"


class ComposeScreen(DeskScreen[None]):
    SUB_TITLE = "update"
    AUTO_FOCUS = "#text"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    DEFAULT_CSS = """
    ComposeScreen #audiences { height: 2; }
    ComposeScreen #panes { layout: vertical; height: 1fr; }
    ComposeScreen.-wide #panes { layout: horizontal; }
    ComposeScreen #text { height: 1fr; border: round $panel-lighten-2; }
    ComposeScreen #text:focus { border: round $primary; }
    ComposeScreen #state { height: auto; max-height: 8; padding: 0 1; background: $panel; }
    ComposeScreen.-wide #state { height: 1fr; max-height: 100%; width: 44; }
    ComposeScreen #state > Static { height: auto; }
    ComposeScreen #verdict.-refused { color: $text-error; text-style: bold; }
    ComposeScreen #verdict.-ready { color: $text-success; text-style: bold; }
    ComposeScreen #missing { color: $text-warning; }
    ComposeScreen #findings.-unresolved { color: $text-error; }
    ComposeScreen #removed { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", id="compose_close"),
        Binding("ctrl+n", "next_audience", "Audience", priority=True, id="compose_audience"),
        Binding("ctrl+f", "fields", "Fields", priority=True, id="compose_fields"),
        Binding("ctrl+r", "redact", "Redact", priority=True, id="compose_redact"),
        Binding("ctrl+y", "copy", "Copy", priority=True, id="compose_copy"),
        Binding("ctrl+s", "record", "Record", priority=True, id="compose_record"),
        Binding("ctrl+t", "report", "Report", priority=True, id="compose_report"),
        Binding("ctrl+l", "recompose", "Reset", priority=True, id="compose_reset"),
        # q and ? type into the text here: the footer shows F1 for help (Ctrl+Q
        # quits, as everywhere; the help says so).
        Binding("q", "app.quit", "Quit", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("f1", "app.help", "Help", id="compose_help"),
    ]

    def __init__(self, incident_id: int, audience: Audience = Audience.CUSTOMER) -> None:
        super().__init__()
        self.incident_id: int = incident_id
        self.audience = audience
        self.composed: ComposedUpdate | None = None
        #: The text as last composed (an edit makes the area differ from it).
        self.composed_text = ""
        #: What the redactor finds in the area's text (None: not checked yet).
        self.findings: tuple[Finding, ...] | None = None
        self._checked_text: str | None = None
        #: Values the operator restored as false positives in the redaction preview.
        self.allow: list[str] = []
        self.before_contact_done = False
        self._review_asked = False
        self._check_timer: Timer | None = None
        self._busy = False
        #: The last copy (tests and the copy view read it).
        self.copy_report: CopyReport | None = None
        #: Per audience left with edited text: (its composition then, the edited text).
        self._kept: dict[Audience, tuple[str, str]] = {}
        #: Texts that left the desk (copied or recorded): nothing of them is unsaved.
        self._sent: set[str] = set()

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="\u2261")
        yield Tabs(
            *[Tab(Content(a.value), id=f"audience-{a.value}") for a in Audience],
            active=f"audience-{self.audience.value}",
            id="audiences",
        )
        with Container(id="panes"):
            area = UpdateArea("", id="text", soft_wrap=True)
            area.border_title = "Composing\u2026"
            yield area
            with VerticalScroll(id="state"):
                yield Static(id="verdict")
                yield Static(id="missing")
                yield Static(id="findings")
                yield Static(id="next")
                yield Static(id="removed")
        yield KeyFooter()

    @property
    def area(self) -> TextArea:
        return self.query_one("#text", TextArea)

    def on_mount(self) -> None:
        # Edited texts left when this incident's composer was closed come back.
        self._kept = self.desk_app.update_drafts.pop(self.incident_id, {})
        self.area.loading = True
        self.load()

    # -- composing ----------------------------------------------------------------------

    def load(self) -> None:
        """Compose again (the app calls this when the database changed). Text the
        operator edited is kept; Ctrl+L replaces it with the fresh composition."""
        self._make_update(self.incident_id, self.audience, replace=False)

    @after_typing
    def action_recompose(self) -> None:
        self._make_update(self.incident_id, self.audience, replace=True)

    @work(thread=True, exclusive=True, group="compose-load", exit_on_error=False)
    def _make_update(self, incident_id: int, audience: Audience, replace: bool) -> None:
        from sophdesk.domain.review import review_done
        from sophdesk.services.updates import compose

        desk = self.desk_app.desk
        composed = compose(desk, incident_id, audience)
        done = review_done(desk.detail(incident_id).events, Stage.BEFORE_CONTACT)
        self.app.call_from_thread(self._show, composed, done, replace)

    def _show(self, composed: ComposedUpdate, before_contact_done: bool, replace: bool) -> None:
        """Show a fresh composition. The operator's wording is never thrown away: an
        edited text gets the new composition merged in (or is kept as it is when
        both changed the same words), and Ctrl+L's reset is one Ctrl+Z away."""
        from sophdesk.domain.text_merge import keep_edits

        if not self.is_attached or composed.audience is not self.audience:
            return  # the operator chose another audience meanwhile
        area = self.area
        area.loading = False
        if self.focused is None:
            area.focus()  # AUTO_FOCUS misses it while it is loading
        edited = self.composed is not None and area.text != self.composed_text
        same_audience = self.composed is not None and self.composed.audience is composed.audience
        base = self.composed_text
        self.composed = composed
        self.before_contact_done = before_contact_done
        fresh = composed.text
        self.composed_text = fresh
        recheck = False
        if replace or not same_audience:
            recheck = bool(self.allow)
            self.allow = []
            kept = None if replace else self._kept.pop(composed.audience, None)
            self._kept.pop(composed.audience, None)
            text = fresh
            if kept is not None:
                merged = keep_edits(kept[0], kept[1], fresh)
                text = kept[1] if merged is None else merged
                self.notify(
                    f"Your edited update to {composed.audience.label} is back"
                    + (
                        "." if merged is not None else ", as you left it; Ctrl+L composes it again."
                    ),
                    markup=False,
                )
            self._put(text)
        elif edited and fresh != base:
            merged = keep_edits(base, area.text, fresh)
            if merged is None:
                self.notify(
                    "The incident changed: your edited text is kept as it is (the change"
                    " touches words you edited); Ctrl+L composes it again.",
                    markup=False,
                )
            else:
                self._put(merged)
                self.notify(
                    "The update is composed again with the new details; your wording is kept.",
                    markup=False,
                )
        elif not edited:
            self._put(fresh)
        area.border_title = f"Update to {composed.audience.label} (editable)"
        if recheck or self._checked_text != area.text:
            self._check_soon(0)  # an unchanged text keeps its check: no flicker on reloads
        self._update_state()

    def _put(self, text: str) -> None:
        """Show ``text`` in the area as one undoable edit (Ctrl+Z brings the old back)."""
        area = self.area
        if area.text == text:
            return
        if not area.text:
            area.load_text(text)
            return
        area.replace(text, area.document.start, area.document.end, maintain_selection_offset=False)

    @on(Tabs.TabActivated, "#audiences")
    def _audience_chosen(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        audience = Audience(event.tab.id.removeprefix("audience-"))
        if audience is self.audience:
            return
        if self.composed is not None and self.area.text != self.composed_text:
            self._kept[self.audience] = (self.composed_text, self.area.text)
        self.audience = audience
        self.area.border_title = f"Composing the update to {audience.label}\u2026"
        self._make_update(self.incident_id, audience, replace=False)

    @after_typing
    def action_next_audience(self) -> None:
        members = list(Audience)
        following = members[(members.index(self.audience) + 1) % len(members)]
        self.query_one("#audiences", Tabs).active = f"audience-{following.value}"

    # -- the redactor on the operator's text ------------------------------------------------

    @on(TextArea.Changed, "#text")
    def _text_changed(self) -> None:
        if self.findings is not None and self.area.text == self._checked_text:
            return  # e.g. the text loaded back as it was: its check still holds
        self._check_soon(CHECK_DELAY)

    def _check_soon(self, delay: float) -> None:
        self.findings = None
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        if delay > 0:
            self._check_timer = self.set_timer(delay, self._start_check)
        else:
            self._start_check()
        self._update_state()

    def _start_check(self) -> None:
        self._check_timer = None
        self._check(self.area.text, tuple(self.allow))

    @work(thread=True, exclusive=True, group="compose-check", exit_on_error=False)
    def _check(self, text: str, allow: tuple[str, ...]) -> None:
        found = unresolved(text, allow)
        self.app.call_from_thread(self._checked, text, found)

    def _checked(self, text: str, found: tuple[Finding, ...]) -> None:
        if not self.is_attached or text != self.area.text:
            return  # typed on meanwhile: the next check is on its way
        self.findings = found
        self._checked_text = text
        self._update_state()

    # -- what the operator sees beside the text ----------------------------------------

    def refusal(self) -> str | None:
        """Why Copy and Record are refused now, or None when they may go."""
        composed = self.composed
        if composed is None:
            return "the update is still being composed"
        if composed.missing:
            count = len(composed.missing)
            return f"{count} required field{'s are' if count != 1 else ' is'} missing"
        if self.findings is None:
            return "the redactor is still checking your text"
        if self.findings:
            count = len(self.findings)
            return (
                f"{count} unresolved finding{'s' if count != 1 else ''} in your text"
                " (Ctrl+R resolves them)"
            )
        if MISSING_MARK in self.area.text:
            return "the text still says '(missing: ...)': Ctrl+L composes it again"
        if not self.area.text.strip():
            return "the text is empty"
        return None

    def _update_state(self) -> None:
        composed = self.composed
        if composed is None:
            return
        refused = self.refusal()
        verdict = self.query_one("#verdict", Static)
        verdict.set_class(refused is not None, "-refused")
        verdict.set_class(refused is None, "-ready")
        if refused is None:
            verdict.update(Content("Ready: Ctrl+Y copies, Ctrl+S records it as sent."))
        else:
            verdict.update(Content(f"Copy and Record refused: {refused}."))
        missing = self.query_one("#missing", Static)
        missing.display = bool(composed.missing)
        if composed.missing:
            ways: dict[str, list[str]] = {}
            for gap in composed.missing:
                ways.setdefault(how_here(gap), []).append(gap.label)
            parts = ["Missing:"]
            parts += [f"\n- {', '.join(labels)}: {how}" for how, labels in ways.items()]
            missing.update(Content("".join(parts)))
        findings = self.query_one("#findings", Static)
        findings.set_class(bool(self.findings), "-unresolved")
        if self.findings is None:
            findings.update(Content("Redaction: checking your text\u2026"))
        elif self.findings:
            lines = [f"Redaction: {len(self.findings)} unresolved (Ctrl+R resolves):"]
            lines += [f"- {finding_line(f)}" for f in self.findings[:6]]
            if len(self.findings) > 6:
                lines.append(f"- and {len(self.findings) - 6} more")
            findings.update(Content("\n".join(lines)))
        else:
            findings.update(Content("Redaction: no unresolved findings in your text."))
        self.query_one("#next", Static).update(Content(self._next_line(composed)))
        removed = self.query_one("#removed", Static)
        external = composed.audience.external
        notes: list[str] = []
        if composed.removed:
            notes.append(
                "On the way out the redactor also removed "
                + ", ".join(composed.removed)
                + ": read the text before sending."
            )
        if external:
            state = "done" if self.before_contact_done else "not done (asked before it goes)"
            notes.append(f"Before-contact review: {state}. Ctrl+T: the support report.")
        removed.display = bool(notes)
        removed.update(literal("\n".join(notes)))

    def _next_line(self, composed: ComposedUpdate) -> str:
        from zoneinfo import ZoneInfo

        if composed.next_update is None:
            return "Next update: none planned (the incident is closed or not assessed)."
        due = zoned(composed.next_update, ZoneInfo(composed.zone_key))
        if composed.audience is Audience.CUSTOMER:
            return f"Next update due: {due}."
        return f"Next customer update due: {due}."

    def _refuse(self, verb: str) -> bool:
        """Say why ``verb`` is refused (True), or nothing when it may go."""
        reason = self.refusal()
        if reason is None:
            return False
        done = {"Copy": "copied", "Record": "recorded"}.get(verb, "done")
        self.notify(
            f"{verb} refused: {reason}. Nothing was {done}.",
            title="Not done",
            severity="warning",
            markup=False,
        )
        return True

    def _after_review(self, then: Callable[[], None]) -> None:
        """For an external audience, ask for the before-contact review once (Esc skips)."""
        composed = self.composed
        if (
            composed is None
            or not composed.audience.external
            or self.before_contact_done
            or self._review_asked
        ):
            then()
            return
        from sophdesk.tui.screens.review import ReviewScreen

        self._review_asked = True

        def reviewed(outcome: ReviewOutcome | None) -> None:
            if outcome is not None:
                self.before_contact_done = outcome.complete
                self._update_state()
            then()

        why = f"before contacting {composed.audience.label}"
        self.app.push_screen(ReviewScreen(self.incident_id, Stage.BEFORE_CONTACT, why), reviewed)

    # -- copy, record, report ----------------------------------------------------------------

    @after_typing
    def action_copy(self) -> None:
        if self._refuse("Copy"):
            return
        self._after_review(self._start_copy)

    def _start_copy(self) -> None:
        if self._refuse("Copy") or self._busy:
            return
        self._busy = True
        self._copy(self.area.text, tuple(self.allow))

    @work(thread=True, exclusive=True, group="compose-out", exit_on_error=False)
    def _copy(self, text: str, allow: tuple[str, ...]) -> None:
        from sophdesk.services import outbound
        from sophdesk.tui.clipboard import copy_text

        try:
            found = unresolved(text, allow)
            if found:
                self.app.call_from_thread(self._checked, text, found)
                self.app.call_from_thread(self._refuse, "Copy")
                return
            memory = outbound.memory(self.desk_app.desk, self.incident_id)
            door = outbound.inspect(text, allow, memory)
            report = copy_text(self.app, door.text, allow)
        finally:
            self._busy = False
        self.app.call_from_thread(self._copied, report, door.removed(), text)

    def _copied(self, report: CopyReport, replaced: list[str], text: str = "") -> None:
        self._sent.add(text)
        from sophdesk.tui.screens.sent import SentScreen, copy_lines

        self.copy_report = report
        lines = copy_lines(report)
        if replaced:
            lines.append("- the redactor also removed on the way out: " + ", ".join(replaced))
        audience = self.audience.label
        title = f"#{self.incident_id}: the update to {audience}, as it left the desk"
        self.app.push_screen(SentScreen(title, lines, report.text, copied=True))

    @after_typing
    def action_record(self) -> None:
        if self._refuse("Record"):
            return
        self._after_review(self._start_record)

    def _start_record(self) -> None:
        if self._refuse("Record") or self._busy or self.composed is None:
            return
        self._busy = True
        self._record(self.composed, self.area.text, tuple(self.allow))

    @work(thread=True, exclusive=True, group="compose-out", exit_on_error=False)
    def _record(self, composed: ComposedUpdate, text: str, allow: tuple[str, ...]) -> None:
        from sophdesk.services.updates import record_update

        try:
            found = unresolved(text, allow)
            if found:
                self.app.call_from_thread(self._checked, text, found)
                self.app.call_from_thread(self._refuse, "Record")
                return
            incident = record_update(self.desk_app.desk, composed, text, allow)
        finally:
            self._busy = False
        self.app.call_from_thread(self._recorded, composed, incident, text)

    def _recorded(self, composed: ComposedUpdate, incident: Incident, text: str = "") -> None:
        self._sent.add(text)
        text = f"#{incident.id}: recorded the {composed.audience.value} update as sent"
        if composed.audience is Audience.CUSTOMER and incident.next_update_due is not None:
            from zoneinfo import ZoneInfo

            due = zoned(incident.next_update_due, ZoneInfo(composed.zone_key))
            text += f"; next customer update due by {due}"
        self.notify(text + ".", markup=False)
        self.desk_app.data_changed.publish(incident.id)

    @after_typing
    def action_report(self) -> None:
        if not self.audience.external:
            names = ", ".join(a.value for a in Audience if a.external)
            self.notify(
                f"The support report is for {names}: choose one of those (Ctrl+N).",
                markup=False,
            )
            return
        self._after_review(self._start_report)

    def _start_report(self) -> None:
        self._report(self.incident_id, self.audience)

    @work(thread=True, exclusive=True, group="compose-report", exit_on_error=False)
    def _report(self, incident_id: int, audience: Audience) -> None:
        from sophdesk.services.report import report_text

        released = report_text(self.desk_app.desk, incident_id, audience)
        self.app.call_from_thread(self._show_report, audience, released.text, released.removed())

    def _show_report(self, audience: Audience, text: str, removed: list[str]) -> None:
        from sophdesk.tui.screens.sent import SentScreen

        lines = ["Markdown, redacted on the way out. Ctrl+Y copies it (OSC 52 and a 0600 file)."]
        if removed:
            lines.append("The redactor also removed: " + ", ".join(removed) + ": read it first.")
        if not self.before_contact_done:
            lines.append("The before-contact review is not done (w on the incident).")
        title = f"#{self.incident_id}: support report for {audience.label}"
        self.app.push_screen(SentScreen(title, lines, text))

    # -- filling the fields, resolving findings ------------------------------------------------

    @after_typing
    def action_fields(self) -> None:
        self._load_fields(self.incident_id)

    @work(thread=True, exclusive=True, group="compose-fields", exit_on_error=False)
    def _load_fields(self, incident_id: int) -> None:
        incident = self.desk_app.desk.incident(incident_id)
        self.app.call_from_thread(self._open_fields, incident)

    def _open_fields(self, incident: Incident, kept: IncidentEdit | None = None) -> None:
        """The fields form on ``incident`` as read now; ``kept``: the operator's values
        from a save another desk got in before, filled in again."""
        from sophdesk.tui.screens.fields import FieldsScreen

        missing = self.composed.missing if self.composed is not None else ()
        first = next((m.key for m in missing if m.key in FORM_FIELDS), None)

        def saved(edit: IncidentEdit | None) -> None:
            if edit is not None:
                self._save_fields(incident, edit)

        values = kept.changes() if kept is not None else None
        self.app.push_screen(FieldsScreen(incident, first, values=values), saved)

    @work(thread=True, group="write", exit_on_error=False)
    def _save_fields(self, base: Incident, edit: IncidentEdit) -> None:
        from sophdesk.services.communication import edit_incident
        from sophdesk.services.desk import StaleVersion

        desk = self.desk_app.desk
        try:
            _incident, changed = edit_incident(desk, base.id, edit, expected_version=base.version)
        except StaleVersion as conflict:
            # Another desk saved first: nothing was written. The form opens again on
            # the incident as it is now, with the operator's values in it.
            fresh = desk.incident(base.id)
            self.app.call_from_thread(self._fields_conflict, fresh, edit, str(conflict))
            return
        self.app.call_from_thread(self._fields_saved, changed)

    def _fields_conflict(self, fresh: Incident, edit: IncidentEdit, message: str) -> None:
        self.notify(
            f"Not saved: {message}. The form is open again on version {fresh.version} with"
            " your values: Ctrl+S saves them on top, Esc drops them.",
            severity="warning",
            markup=False,
            timeout=20,
        )
        self._make_update(self.incident_id, self.audience, replace=False)
        self._open_fields(fresh, edit)

    def _fields_saved(self, changed: list[str]) -> None:
        from sophdesk.domain.communication import FIELD_LABELS

        if changed:
            names = ", ".join(FIELD_LABELS[name] for name in changed)
            self.notify(f"Saved {names}; the update is composed again.", markup=False)
        self._make_update(self.incident_id, self.audience, replace=False)
        self.desk_app.data_changed.publish(self.incident_id)

    @after_typing
    def action_redact(self) -> None:
        from sophdesk.domain.redaction import Redaction
        from sophdesk.tui.screens.redaction import RedactionScreen

        screen = RedactionScreen(self.area.text, self.incident_id)

        def used(result: Redaction | None) -> None:
            if result is None or not self.is_attached:
                return
            self.allow.extend(v for v in screen.allow if v not in self.allow)
            if self.area.text != result.text:
                self.area.load_text(result.text)
            self._check_soon(0)
            self.notify(
                f"Took the redacted text back ({len(result.findings)} removed).", markup=False
            )

        self.app.push_screen(screen, used)

    def _edited(self) -> dict[Audience, tuple[str, str]]:
        """Every edited text not copied or recorded: (its composition, the text)."""
        edited = dict(self._kept)
        if self.composed is not None and self.is_attached:
            text = self.area.text
            if text != self.composed_text and text not in self._sent:
                edited[self.audience] = (self.composed_text, text)
        return edited

    def unsaved(self) -> str | None:
        """What quitting would lose: an edited update neither copied nor recorded."""
        edited = self._edited()
        if not edited:
            return None
        names = ", ".join(a.label for a in edited)
        return f"your edited update to {names} on #{self.incident_id} (not copied or recorded)"

    def action_close(self) -> None:
        edited = self._edited()
        if edited:
            self.desk_app.update_drafts[self.incident_id] = edited
            self.notify(
                "Your edited update is kept until you quit: u brings it back.", markup=False
            )
        self.app.pop_screen()


def unresolved(text: str, allow: tuple[str, ...] = ()) -> tuple[Finding, ...]:
    """What the redactor finds in ``text`` (with the keyring's known secrets), but
    for the values the operator restored with a reason (any thread)."""
    from sophdesk.domain.redaction import redact
    from sophdesk.services.at_rest import known_secrets

    if not text:
        return ()
    return redact(text, known=known_secrets(), allow=allow).findings
