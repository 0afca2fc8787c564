"""The Textual app: wiring only. Screens do the work; services hold the logic."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from sophdesk.config import DEFAULT_THEME, Settings
from sophdesk.domain.errors import DomainError
from sophdesk.domain.incident import Incident, NewIncident
from sophdesk.domain.lifecycle import Status, allowed_moves
from sophdesk.domain.severity import Severity
from sophdesk.domain.timefmt import utcnow
from sophdesk.services.errors import StoreError
from sophdesk.services.handle import DeskHandle
from sophdesk.tui.commands import DeskCommands
from sophdesk.tui.screens.queue import QueueScreen
from sophdesk.tui.themes import VARIABLE_DEFAULTS, ThemeError, load_themes, theme_listing

if TYPE_CHECKING:
    from sophdesk.services.desk import Desk

#: How often the desk asks the database whether anyone changed it (seconds).
POLL_SECONDS = 1.0
#: How often the desk moves unanswered pages on (backup, then support lead).
SWEEP_SECONDS = 10.0
#: Quitting with unsaved work asks first: quit again within this many seconds.
QUIT_AGAIN_SECONDS = 10.0


class SophdeskApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sophdesk"
    SUB_TITLE = "queue"
    COMMANDS = App.COMMANDS | {DeskCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        # Tab moves the focus the moment it arrives, not once the field has handled
        # the keys before it: in a burst (a laggy SSH link) "text<Tab>more" puts
        # "more" in the next field, not at the end of this one.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def __init__(
        self,
        handle: DeskHandle,
        settings: Settings,
        theme: str | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__()
        self.handle = handle
        self.settings = settings
        self.clock = clock
        self._themes = load_themes()
        self._theme_name = theme or settings.theme
        #: Said once the screen is up (e.g. a broken theme file replaced by the default).
        self.startup_warnings: list[str] = []
        self._stop_watching = threading.Event()
        self._sweeping = True
        self._quit_asked = -QUIT_AGAIN_SECONDS
        #: Edited updates of closed composers, per incident and audience: (the text as
        #: composed then, the edited text). Kept until quit; ``u`` brings them back.
        self.update_drafts: dict[int, dict[Any, tuple[str, str]]] = {}

    @property
    def desk(self) -> Desk:
        """The open desk. It may still be opening at start: call only from workers."""
        return self.handle.desk

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        for theme in self._themes.values():
            self.register_theme(theme)
        self.theme = self._theme_name
        self.push_screen(QueueScreen())
        for warning in self.startup_warnings:
            self._notify_plain(warning, "warning")
        threading.Thread(target=self._watch_changes, name="sophdesk-watch", daemon=True).start()

    async def action_quit(self) -> None:
        """Quit; with unsaved work on any open screen (a screen's ``unsaved()`` says
        what), say what would be lost first and quit on a second press."""
        unsaved = [
            what
            for screen in self.screen_stack
            if callable(check := getattr(screen, "unsaved", None)) and (what := check())
        ]
        unsaved += [
            f"your edited update on #{incident_id} (u brings it back)"
            for incident_id in sorted(self.update_drafts)
        ]
        now = time.monotonic()
        if unsaved and now - self._quit_asked > QUIT_AGAIN_SECONDS:
            self._quit_asked = now
            self.notify(
                "Not quitting yet: " + "; ".join(unsaved) + " would be lost."
                " Quit again to drop it.",
                severity="warning",
                markup=False,
                timeout=QUIT_AGAIN_SECONDS,
            )
            return
        self.exit()

    def on_unmount(self) -> None:
        self._stop_watching.set()

    def _watch_changes(self) -> None:
        """Reload what is on screen when another process (or this one) wrote.

        One plain thread for the whole session (not a Textual worker: it never
        finishes). On SQLite it asks the database every second (a counter read
        that touches no table, so an idle desk costs next to nothing); on
        PostgreSQL it waits on LISTEN/NOTIFY and wakes as soon as a desk commits.
        """
        token: int | None = None
        next_sweep = 0.0
        try:
            while not self._stop_watching.wait(0 if token is not None else POLL_SECONDS):
                if not self.handle.is_open:
                    continue  # the first load opens the store; first paint goes first
                if self._sweeping and time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + SWEEP_SECONDS
                    self._sweep()
                current = (
                    self.desk.change_token()
                    if token is None
                    else self.desk.wait_for_change(POLL_SECONDS)
                )
                if self._stop_watching.is_set():
                    break
                if token is None:
                    # Anything written between the first load and now is shown too.
                    token = current
                    self.call_from_thread(self.reload_screens)
                elif current != token:
                    token = current
                    self.call_from_thread(self.reload_screens)
        except StoreError as error:
            if not self._stop_watching.is_set() and self.is_running:
                self.call_from_thread(self._watch_failed, error)
        except Exception as error:
            # After the app closed (or its desk was closed) there is nobody to tell.
            if not self._stop_watching.is_set() and self.is_running:
                self.call_from_thread(
                    self._watch_failed, StoreError(f"change watch failed: {error}")
                )

    def _sweep(self) -> None:
        """Move unanswered pages on (from the watcher thread); say what moved."""
        from sophdesk.services.escalation import sweep

        try:
            moved = sweep(self.desk)
        except StoreError as error:
            # A read-only or busy database: keep watching, stop sweeping, say it once.
            self._sweeping = False
            if not self._stop_watching.is_set() and self.is_running:
                message = f"Pages cannot move on by themselves: {error.message}"
                self.call_from_thread(self._notify_plain, message, "warning")
            return
        for incident_id, step in moved:
            if not self._stop_watching.is_set() and self.is_running:
                message = f"#{incident_id}: {step.reason}"
                self.call_from_thread(self._notify_plain, message, "warning")

    def _notify_plain(self, message: str, severity: str = "information") -> None:
        self.notify(message, markup=False, severity=severity, timeout=15)  # type: ignore[arg-type]

    def _watch_failed(self, error: StoreError) -> None:
        if not self.handle.is_open:
            self.exit(return_code=3, message=f"sophdesk: {error.message}")
            return
        self.notify(
            f"{error.message}. The queue no longer refreshes by itself; press r to reload.",
            title="Database",
            severity="error",
            markup=False,
            timeout=30,
        )

    def reload_screens(self, keep: int | None = None) -> None:
        """Every screen showing data loads it again (the queue keeps its selection)."""
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.load(keep=keep)
            else:
                load = getattr(screen, "load", None)
                if callable(load):
                    load()

    # -- navigation ------------------------------------------------------------

    def open_incident(self, incident_id: int) -> None:
        from sophdesk.tui.screens.detail import DetailScreen

        self.push_screen(DetailScreen(incident_id))

    def open_owners(self, severity: Severity | None, incident_id: int | None) -> None:
        from sophdesk.tui.screens.owners import OwnerScreen

        self.push_screen(OwnerScreen(severity, incident_id))

    def redaction_preview(self, incident_id: int | None) -> None:
        """Open the redaction preview, on the incident's description when one is given."""
        if incident_id is None:
            self._open_redaction("", None)
        else:
            self._load_for_redaction(incident_id)

    def action_redaction_preview(self) -> None:
        """From the palette: on the incident on screen, or on an empty paste area."""
        incident_id = getattr(self.screen, "incident_id", None)
        self.redaction_preview(incident_id if isinstance(incident_id, int) else None)

    @work(thread=True, group="redaction-load", exclusive=True, exit_on_error=False)
    def _load_for_redaction(self, incident_id: int) -> None:
        detail = self.desk.detail(incident_id)
        self.call_from_thread(self._open_redaction, detail.incident.body, incident_id)

    def _open_redaction(self, text: str, incident_id: int | None) -> None:
        from sophdesk.tui.screens.redaction import RedactionScreen

        def used(result: Any) -> None:
            if result is not None:
                count = len(result.findings)
                self.notify(f"Redacted text ready: {count} findings removed.", markup=False)

        self.push_screen(RedactionScreen(text, incident_id), used)

    def route(self, incident_id: int, after_triage: bool = False) -> None:
        """Tick signals (or override the route with a reason), see the route and
        owner, record it (an event) and page the owner."""
        self._prepare_route(incident_id, after_triage)

    @work(thread=True, group="route", exclusive=True, exit_on_error=False)
    def _prepare_route(self, incident_id: int, after_triage: bool = False) -> None:
        from sophdesk.services.matrix import current_matrix

        incident = self.desk.incident(incident_id)
        matrix = current_matrix(self.desk)
        self.call_from_thread(
            self._open_route, incident.id, incident.severity, matrix, after_triage
        )

    def _open_route(
        self, incident_id: int, severity: Severity | None, matrix: Any, after_triage: bool = False
    ) -> None:
        from sophdesk.tui.screens.route import RouteChoice, RouteScreen

        def chosen(choice: RouteChoice | None) -> None:
            if choice is not None:
                self._record_route(incident_id, choice)
            elif after_triage:
                self.notify(f"#{incident_id} not routed; press g on it to route.", markup=False)

        zone = self.settings.timezone
        screen = RouteScreen(incident_id, severity, matrix, self.clock(), after_triage, zone)
        self.push_screen(screen, chosen)

    @work(thread=True, group="write", exit_on_error=False)
    def _record_route(self, incident_id: int, choice: Any) -> None:
        from sophdesk.services.routing import record_route
        from sophdesk.tui.safe import plain

        decision, holder = record_route(
            self.desk, incident_id, list(choice.signals), choice.override, choice.reason
        )
        text = f"#{incident_id} routed to {decision.route.value}"
        if decision.overridden_from is not None:
            text += f" (overridden from {decision.overridden_from.value})"
        if holder.person is None:
            text += "; nobody to page: escalate (e)."
        else:
            name = plain(holder.name or holder.person)
            contact = plain(holder.contact or "no contact given")
            text += f"; contact {name} ({contact}): paged."
        self.call_from_thread(self._written, text, incident_id)

    def action_help(self) -> None:
        from sophdesk.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen.active_bindings))

    def action_new_incident(self) -> None:
        from sophdesk.tui.screens.new_incident import NewIncidentScreen

        def created(new: NewIncident | None) -> None:
            if new is not None:
                self._create(new)

        self.push_screen(NewIncidentScreen(), created)

    def triage(self, incident_id: int) -> None:
        """Open the severity wizard on an incident (offering its draft, if any)."""
        self._prepare_triage(incident_id)

    @work(thread=True, group="triage", exclusive=True, exit_on_error=False)
    def _prepare_triage(self, incident_id: int) -> None:
        from sophdesk.services import triage

        desk = self.desk
        incident = desk.incident(incident_id)
        evidence = triage.evidence(desk, incident_id)
        history = triage.history(desk, incident_id)
        draft = triage.load_draft(desk, triage.draft_key(incident_id))
        from sophdesk.services.matrix import current_matrix

        matrix = current_matrix(desk)
        self.call_from_thread(self._open_wizard, incident, evidence, history, draft, matrix)

    def _open_wizard(
        self, incident: Any, evidence: Any, history: Any, draft: Any, matrix: Any
    ) -> None:
        from sophdesk.services.triage import draft_key
        from sophdesk.tui.screens.pick import PickScreen
        from sophdesk.tui.screens.wizard import TriageWizard, WizardState, state_from

        key = draft_key(incident.id)
        fresh = state_from(evidence, history[-1].answers if history else None)

        def start(state: WizardState) -> None:
            wizard = TriageWizard(
                incident.id,
                incident.title,
                incident.created_at,
                self.settings.sla,
                state,
                lambda payload: self._save_draft(key, payload),
                matrix=matrix,
                now=self.clock(),
            )
            self.push_screen(wizard, lambda outcome: self._wizard_done(incident.id, outcome))

        if draft is None:
            start(fresh)
            return
        payload, saved_at, actor = draft

        def chosen(index: int | None) -> None:
            if index == 0:
                start(WizardState.from_payload(payload))
            elif index == 1:
                self._discard_draft(key)
                start(fresh)

        self.push_screen(
            PickScreen(
                f"A triage draft of #{incident.id} from {saved_at} by {actor} is waiting.",
                ["Resume the draft", "Start over (the draft is discarded)"],
            ),
            chosen,
        )

    def _wizard_done(self, incident_id: int, outcome: Any) -> None:
        if outcome is None:
            self.notify(
                f"Nothing recorded for #{incident_id}; your draft is kept (press t to resume).",
                markup=False,
            )
            return
        self._record_assessment(incident_id, outcome)

    @work(thread=True, group="draft", exit_on_error=False)
    def _save_draft(self, key: str, payload: dict[str, Any]) -> None:
        from sophdesk.services import triage

        triage.save_draft(self.desk, key, payload)

    @work(thread=True, group="draft", exit_on_error=False)
    def _discard_draft(self, key: str) -> None:
        from sophdesk.services import triage

        triage.discard_draft(self.desk, key)

    @work(thread=True, group="write", exit_on_error=False)
    def _record_assessment(self, incident_id: int, outcome: Any) -> None:
        from sophdesk.services import triage

        incident, record = triage.record_assessment(
            self.desk,
            incident_id,
            outcome.answers,
            outcome.evidence,
            outcome.override,
            outcome.reason,
        )
        text = f"#{incident.id} assessed {record.severity.value} ({record.decision.category.value})"
        if record.overridden:
            text += f", overriding the rules' {record.decision.severity.value}"
        if record.decision.unclear:
            unclear = ", ".join(record.decision.unclear)
            text += f"; unclear ({unclear} unknown): escalate to the support lead"
        self.call_from_thread(self._written, text + ".", incident.id)
        # Routing is the wizard's last step: tick the signals now (Esc skips).
        self.call_from_thread(self.route, incident.id, after_triage=True)

    # -- escalation ----------------------------------------------------------------

    @work(thread=True, group="write", exit_on_error=False)
    def acknowledge(self, incident_id: int) -> None:
        """Answer the incident's page (``a``)."""
        from sophdesk.services.escalation import acknowledge

        result = acknowledge(self.desk, incident_id)
        page = result.page
        if result.recorded:
            text = f"#{incident_id}: page to {page.person} acknowledged; the timeout stopped."
        else:
            text = f"#{incident_id}: already acknowledged by {page.acknowledged_by}."
        self.call_from_thread(self._written, text, incident_id)

    @work(thread=True, group="write", exit_on_error=False)
    def escalate(self, incident_id: int) -> None:
        """Page the support lead with the incident's flags (``e``)."""
        from sophdesk.services.escalation import escalate_to_lead

        step = escalate_to_lead(self.desk, incident_id)
        if step.person is None:
            text = f"#{incident_id}: nobody could be paged. {step.reason}"
            self.call_from_thread(self._notify_plain, text, "error")
            self.call_from_thread(self.reload_screens, incident_id)
            return
        text = f"#{incident_id}: paged the support lead {step.person}; waiting for an ack."
        self.call_from_thread(self._written, text, incident_id)

    def change_status(
        self,
        incident_id: int,
        current: Status,
        allowed: tuple[Status, ...],
        *,
        version: int | None = None,
        kept: tuple[Status, str | None] | None = None,
    ) -> None:
        """The status dialog from the queue; the move is based on ``version`` (the row
        as shown): if another desk changed the incident meanwhile nothing is written
        and the dialog opens again on the incident as it is, with the note kept."""
        from sophdesk.tui.screens.status_change import StatusChangeScreen, StatusChoice

        def chosen(choice: StatusChoice | None) -> None:
            if choice is not None:
                self._set_status(incident_id, choice[0], choice[1], version)

        screen = StatusChangeScreen(
            incident_id,
            current,
            allowed,
            note=kept[1] if kept else None,
            preferred=kept[0] if kept else None,
        )
        self.push_screen(screen, chosen)

    # -- writes (in workers: the screen never waits on the database) -----------

    @work(thread=True, group="write", exit_on_error=False)
    def _create(self, new: NewIncident) -> None:
        incident = self.desk.new_incident(new.title, new.customer, new.body, keep_raw=new.keep_raw)
        self.call_from_thread(self._written, f"Opened incident #{incident.id}.", incident.id)
        self.call_from_thread(self._offer_triage, incident.id)

    def _offer_triage(self, incident_id: int) -> None:
        from sophdesk.tui.screens.pick import PickScreen

        def chosen(index: int | None) -> None:
            if index == 0:
                self.triage(incident_id)

        self.push_screen(
            PickScreen(
                f"Triage #{incident_id} now? Evidence first, then six questions.",
                ["Triage now", "Later (it waits at the top of the queue)"],
            ),
            chosen,
        )

    def move(
        self, incident_id: int, status: Status, note: str | None, version: int | None
    ) -> Incident:
        """Change the status (call from a worker); based on ``version`` when given
        (``StaleVersion`` when another desk changed it). A refused ``reviewed`` says
        where the review is in the desk."""
        from sophdesk.domain.errors import IllegalTransition

        try:
            return self.desk.change_status(incident_id, status, note, expected_version=version)
        except IllegalTransition as error:
            if status is not Status.REVIEWED:
                raise
            hint = " In the desk: w on the incident runs the review."
            raise IllegalTransition(error.message + hint) from error

    def moved(self, incident: Incident) -> None:
        """After a status change: say so, reload, and on ``resolved`` ask for the
        seed's review after recovery at once."""
        self._written(f"#{incident.id} is now {incident.status.value}.", incident.id)
        if incident.status is Status.RESOLVED:
            self._ask_after_recovery(incident.id)

    @work(thread=True, group="write", exit_on_error=False)
    def _set_status(
        self, incident_id: int, status: Status, note: str | None, version: int | None = None
    ) -> None:
        from sophdesk.services.desk import StaleVersion

        try:
            incident = self.move(incident_id, status, note, version)
        except StaleVersion as conflict:
            now = self.desk.incident(incident_id)
            self.call_from_thread(self._status_stale, now, (status, note), str(conflict))
            return
        self.call_from_thread(self.moved, incident)

    def _status_stale(self, now: Incident, choice: tuple[Status, str | None], message: str) -> None:
        self.notify(
            f"Not moved: {message}. The dialog is open again on the incident as it is now,"
            " with your note: Enter moves it, Esc drops it.",
            severity="warning",
            markup=False,
            timeout=20,
        )
        self.reload_screens(now.id)
        self.change_status(
            now.id, now.status, allowed_moves(now.status), version=now.version, kept=choice
        )

    def _ask_after_recovery(self, incident_id: int) -> None:
        from sophdesk.domain.review import Stage
        from sophdesk.tui.screens.review import ReviewScreen

        why = "the incident is resolved"
        self.push_screen(ReviewScreen(incident_id, Stage.AFTER_RECOVERY, why))

    def _written(self, message: str, incident_id: int) -> None:
        self.notify(message, markup=False)
        self.reload_screens(keep=incident_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_changed(event)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported (screens forward theirs here:
        Worker.StateChanged does not bubble)."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, StoreError) and not self.handle.is_open:
            # The database could not be opened at all: nothing to show.
            self.exit(return_code=3, message=f"sophdesk: {error.message}")
            return
        if isinstance(error, DomainError | StoreError):
            self.notify(error.message, title="Not done", severity="error", markup=False)
        else:
            self.log.error(repr(error))
            self.notify(
                f"Unexpected error: {type(error).__name__}: {error}. Nothing was changed"
                " by the failed step; the desk keeps running.",
                title="Error",
                severity="error",
                markup=False,
                timeout=15,
            )


def make_app(
    desk: Desk | DeskHandle,
    settings: Settings,
    theme: str | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> SophdeskApp:
    """Build the app; an unknown theme is refused before the screen is taken over.

    A theme whose file is broken does not stop the desk: it starts with the
    default theme and says why in a warning.
    """
    name = theme or settings.theme
    names, skipped = theme_listing()
    warnings = []
    if name not in names:
        broken = next((s for s in skipped if name in (s.name, s.path.stem)), None)
        if broken is None:
            raise ThemeError(f"unknown theme {name!r}; themes: {', '.join(names)}")
        fallback = DEFAULT_THEME if DEFAULT_THEME in names else "textual-dark"
        warnings.append(f"Theme {name!r} cannot be used ({broken.message}); using {fallback}.")
        name = fallback
    handle = desk if isinstance(desk, DeskHandle) else DeskHandle.of(desk)
    app = SophdeskApp(handle, settings, theme=name, clock=clock)
    app.startup_warnings = warnings
    return app
