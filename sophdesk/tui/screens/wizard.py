"""The severity wizard: evidence first, then six questions, then the severity and why.

Keyboard only and 80x24. Every change is kept as a draft (in the database, so a
crash loses nothing) until the assessment is recorded; Esc leaves without
recording and the draft is offered next time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from sophdesk.domain.assessment import (
    DIMENSIONS,
    UNKNOWN,
    Assessment,
    Dimension,
    assess,
    parse_assessment,
)
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.evidence import EVIDENCE_FIELDS, MAX_FIELD_CHARS, Evidence, EvidenceItem
from sophdesk.domain.matrix import Matrix, duty_holders
from sophdesk.domain.severity import Severity
from sophdesk.domain.sla import SlaPolicy, due_times
from sophdesk.domain.text import visible
from sophdesk.domain.timefmt import local_stamp
from sophdesk.domain.triage import check_override
from sophdesk.tui.safe import literal
from sophdesk.tui.screens.base import DeskDialog
from sophdesk.tui.typing_order import after_typing

STEPS = ("evidence", "questions", "summary")

#: The fourth answer to every question (stored as :data:`UNKNOWN`).
UNKNOWN_EXPLANATION = (
    "nobody knows yet — rated as the worst until known; escalates to the support lead"
)

STEP_TITLES = {
    "evidence": "Step 1 of 3 · Evidence first: preserve it before anyone retries",
    "questions": "Step 2 of 3 · Six questions about the impact",
    "summary": "Step 3 of 3 · Severity, why, and the clock it sets",
}


@dataclass(frozen=True)
class WizardOutcome:
    evidence: Evidence
    answers: Assessment
    override: Severity | None
    reason: str | None


@dataclass
class WizardState:
    """Everything typed so far; what a draft stores."""

    step: str = "evidence"
    values: dict[str, str] | None = None
    reasons: dict[str, str] | None = None
    unknown: list[str] | None = None
    answers: dict[str, str] | None = None
    override: str | None = None
    reason: str = ""

    def as_payload(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "values": self.values or {},
            "reasons": self.reasons or {},
            "unknown": self.unknown or [],
            "answers": self.answers or {},
            "override": self.override,
            "reason": self.reason,
        }

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> WizardState:
        def strings(value: Any) -> dict[str, str]:
            if not isinstance(value, dict):
                return {}
            return {str(k): v for k, v in value.items() if isinstance(v, str)}

        unknown = data.get("unknown")
        step = data.get("step")
        override = data.get("override")
        reason = data.get("reason")
        return cls(
            step=step if step in STEPS else "evidence",
            values=strings(data.get("values")),
            reasons=strings(data.get("reasons")),
            unknown=[str(k) for k in unknown] if isinstance(unknown, list) else [],
            answers=strings(data.get("answers")),
            override=override if isinstance(override, str) else None,
            reason=reason if isinstance(reason, str) else "",
        )


def state_from(evidence: Evidence, answers: Assessment | None) -> WizardState:
    """A fresh wizard prefilled with what is already recorded."""
    values = {k: item.value for k, item in evidence.items.items() if item.value}
    reasons = {k: item.unknown_reason for k, item in evidence.items.items() if item.unknown_reason}
    unknown = [k for k, item in evidence.items.items() if item.is_unknown]
    return WizardState(
        values={k: v for k, v in values.items() if v is not None},
        reasons={k: v for k, v in reasons.items() if v is not None},
        unknown=unknown,
        answers=answers.as_dict() if answers else {},
    )


class TriageWizard(DeskDialog[WizardOutcome | None]):
    """Dismisses with a :class:`WizardOutcome` to record, or None (draft kept)."""

    DEFAULT_CSS = """
    TriageWizard { align: center middle; }
    TriageWizard > Vertical {
        width: 100%; max-width: 110; height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    TriageWizard #heading { text-style: bold; }
    TriageWizard #step { color: $accent; text-style: bold; }
    TriageWizard ContentSwitcher { height: 1fr; }
    TriageWizard ContentSwitcher > VerticalScroll { height: 1fr; }
    TriageWizard .field-label { margin-top: 0; }
    TriageWizard #questions .field-label { margin-top: 1; }
    TriageWizard Input.-textual-compact { background: $boost; }
    TriageWizard Input.-textual-compact:focus { background: $primary 30%; }
    TriageWizard TextArea:focus { background: $primary 30%; }
    TriageWizard .hint { color: $text-muted; }
    TriageWizard .unknown { color: $warning; }
    TriageWizard Input { margin: 0; }
    TriageWizard TextArea { height: 3; border: none; background: $boost; }
    TriageWizard OptionList { height: auto; max-height: 12; border: none; padding: 0; }
    TriageWizard #problems { color: $error; height: auto; max-height: 4; }
    TriageWizard #result { height: auto; }
    TriageWizard #override { height: auto; max-height: 6; }
    """

    BINDINGS = [
        Binding("ctrl+n", "next", "Next step", priority=True, id="wizard_next"),
        Binding("ctrl+b", "back", "Back", priority=True, id="wizard_back"),
        Binding("f2", "toggle_unknown", "Unknown", priority=True, id="wizard_unknown"),
        Binding("ctrl+o", "override", "Override", priority=True, id="wizard_override"),
        Binding("ctrl+s", "confirm", "Confirm", priority=True, id="wizard_confirm"),
        Binding("escape", "leave", "Leave", id="wizard_leave"),
        # Every step is taller than 80x24 leaves it: these scroll the step from any
        # field (the lists and text areas would take the keys for themselves).
        Binding(
            "pagedown",
            "scroll_step(1)",
            "Scroll",
            key_display="PgUp/PgDn",
            priority=True,
            id="wizard_page_down",
        ),
        Binding("pageup", "scroll_step(-1)", show=False, priority=True, id="wizard_page_up"),
    ]

    def __init__(
        self,
        incident_id: int,
        title: str,
        reported_at: datetime,
        policy: SlaPolicy,
        state: WizardState,
        save_draft: Any,
        matrix: Matrix | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        self.incident_id: int = incident_id
        self.incident_title = title
        self.reported_at = reported_at
        self.policy = policy
        self.state = state
        self._save_draft = save_draft
        self._matrix = matrix
        self._now = now
        self._values: dict[str, str] = dict(state.values or {})
        self._reasons: dict[str, str] = dict(state.reasons or {})
        self._unknown: set[str] = set(state.unknown or [])
        self._answers: dict[str, str] = dict(state.answers or {})
        self._override: str | None = state.override
        self._reason: str = state.reason
        self._draft_timer: Timer | None = None
        self._filling = False

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.assemble(
                    f"Triage #{self.incident_id}  ", literal(self.incident_title, one_line=True)
                ),
                id="heading",
            )
            yield Static(id="step")
            with ContentSwitcher(initial=self.state.step):
                with VerticalScroll(id="evidence"):
                    yield Static(
                        Content(
                            "Write down what happened before retrying anything."
                            " F2 marks a field unknown: then give the reason."
                        ),
                        classes="hint",
                    )
                    for field in EVIDENCE_FIELDS:
                        yield Label(id=f"label-{field.key}", classes="field-label")
                        if field.multiline:
                            yield TextArea(
                                id=f"ev-{field.key}",
                                soft_wrap=True,
                                tab_behavior="focus",
                                placeholder=field.hint,
                            )
                        else:
                            yield Input(
                                id=f"ev-{field.key}",
                                compact=True,
                                max_length=MAX_FIELD_CHARS,
                            )
                with VerticalScroll(id="questions"):
                    yield Static(
                        Content("Enter chooses an answer. Every question needs one."),
                        classes="hint",
                    )
                    for dimension in DIMENSIONS:
                        yield Label(
                            Content(dimension.question),
                            id=f"question-{dimension.key}",
                            classes="field-label",
                        )
                        yield OptionList(id=f"q-{dimension.key}")
                with VerticalScroll(id="summary"):
                    yield Static(id="result")
                    yield Label(
                        Content("Override the severity (Ctrl+O) only with a written reason:"),
                        classes="field-label",
                    )
                    yield OptionList(id="override")
                    yield Input(
                        placeholder="Why the rules' severity is wrong here",
                        id="reason",
                        compact=True,
                        max_length=2000,
                    )
            yield Static(id="problems")
            yield Footer(compact=True)

    def on_mount(self) -> None:
        self._filling = True
        for field in EVIDENCE_FIELDS:
            self._show_field(field.key)
        for dimension in DIMENSIONS:
            self._fill_question(dimension.key)
        self.query_one("#reason", Input).value = self._reason
        self._filling = False
        self._go(self.state.step)

    # -- evidence --------------------------------------------------------------

    def _field_widget(self, key: str) -> Input | TextArea:
        return self.query_one(f"#ev-{key}")  # type: ignore[return-value]

    def _show_field(self, key: str) -> None:
        """Show the value, or the unknown-reason, of one evidence field."""
        widget = self._field_widget(key)
        unknown = key in self._unknown
        text = self._reasons.get(key, "") if unknown else self._values.get(key, "")
        field = next(f for f in EVIDENCE_FIELDS if f.key == key)
        label = self.query_one(f"#label-{key}", Label)
        if unknown:
            label.update(
                Content.assemble(
                    (f"{field.label}: UNKNOWN", "bold"), "  give the reason (F2 undoes)"
                )
            )
            label.add_class("unknown")
        else:
            label.update(Content.assemble((field.label, "bold")))
            label.remove_class("unknown")
        if isinstance(widget, Input):
            widget.value = text
            widget.placeholder = "why is it unknown?" if unknown else field.hint
        else:
            widget.load_text(text)

    def _evidence_key(self, widget_id: str | None) -> str | None:
        if widget_id and widget_id.startswith("ev-"):
            return widget_id[3:]
        return None

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if self._filling:
            return
        if event.input.id == "reason":
            self._reason = event.value
        else:
            key = self._evidence_key(event.input.id)
            if key is None:
                return
            self._store(key, event.value)
        self._changed()

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        if self._filling:
            return
        key = self._evidence_key(event.text_area.id)
        if key is not None:
            self._store(key, event.text_area.text)
            self._changed()

    def _store(self, key: str, text: str) -> None:
        if key in self._unknown:
            self._reasons[key] = text
        else:
            self._values[key] = text

    @after_typing
    def action_toggle_unknown(self) -> None:
        focused = self.focused
        key = self._evidence_key(focused.id if focused else None)
        if key is None:
            self._problems(["F2 marks the evidence field you are in as unknown."])
            return
        if key in self._unknown:
            self._unknown.discard(key)
        else:
            self._unknown.add(key)
        self._filling = True
        self._show_field(key)
        self._filling = False
        self._changed()

    def evidence(self) -> Evidence:
        items: dict[str, EvidenceItem] = {}
        for field in EVIDENCE_FIELDS:
            key = field.key
            if key in self._unknown:
                items[key] = EvidenceItem(None, self._reasons.get(key, "").strip() or None)
            else:
                value = self._values.get(key, "").strip()
                items[key] = EvidenceItem(value or None, None)
        return Evidence(items)

    # -- questions -------------------------------------------------------------

    def _fill_question(self, key: str) -> None:
        dimension = next(d for d in DIMENSIONS if d.key == key)
        options = self.query_one(f"#q-{key}", OptionList)
        highlighted = options.highlighted
        chosen = self._answers.get(key)
        options.clear_options()
        choices = _choices(dimension)
        for value, explanation in choices:
            mark = "(•)" if chosen == value else "( )"
            options.add_option(Option(Content(f"{mark} {value}: {explanation}")))
        values = [value for value, _ in choices]
        if highlighted is not None:
            options.highlighted = highlighted
        else:
            options.highlighted = values.index(chosen) if chosen in values else 0
        mark_text = f" -> {chosen}" if chosen else " (not answered)"
        self.query_one(f"#question-{key}", Label).update(
            Content(f"{dimension.question}{mark_text}")
        )

    @on(OptionList.OptionSelected)
    def _option_chosen(self, event: OptionList.OptionSelected) -> None:
        option_list = event.option_list
        if option_list.id == "override":
            choices = self._override_choices()
            self._override = choices[event.option_index]
            self._show_summary()
            self.query_one("#reason", Input).focus()
            self._changed()
            return
        if not option_list.id or not option_list.id.startswith("q-"):
            return
        key = option_list.id[2:]
        dimension = next(d for d in DIMENSIONS if d.key == key)
        self._answers[key] = _choices(dimension)[event.option_index][0]
        self._fill_question(key)
        self._changed()
        keys = [d.key for d in DIMENSIONS]
        position = keys.index(key)
        if position + 1 < len(keys):
            self.query_one(f"#q-{keys[position + 1]}", OptionList).focus()

    def answers(self) -> Assessment | None:
        if any(d.key not in self._answers for d in DIMENSIONS):
            return None
        return parse_assessment(self._answers)

    # -- summary ---------------------------------------------------------------

    def _override_choices(self) -> list[str | None]:
        """Keep the rules' answer, or one of the other severities."""
        answers = self.answers()
        decided = assess(answers).severity if answers else None
        return [None, *(s.value for s in Severity if s is not decided)]

    def _show_summary(self) -> None:
        answers = self.answers()
        result = self.query_one("#result", Static)
        if answers is None:
            result.update(Content("Answer every question first (Ctrl+B goes back)."))
            return
        decision = assess(answers)
        severity = Severity(self._override) if self._override else decision.severity
        target = self.policy.target(severity)
        due = due_times(self.policy, severity, self.reported_at)
        zone = self.policy.hours.zone
        clock = "business hours" if target.business else "24x7"
        day = self.policy.hours.day_length
        lines = [f"Severity {decision.severity.value} · category {decision.category.value}"]
        if self._override and severity is not decision.severity:
            lines[0] += f"   OVERRIDDEN to {severity.value} (needs a reason)"
        # The clock it sets comes first: at 80x24 it is in view without scrolling.
        lines.append(f"SLA for {severity.value} ({clock}), from the report time:")
        lines.append(
            f"  first response within {_span(target.first_response, target.business, day)},"
            f" due {local_stamp(due.first_response_due, zone)}"
        )
        lines.append(f"  then updates every {_span(target.update_cadence, target.business, day)}")
        lines.append(
            f"  resolution within {_span(target.resolution, target.business, day)},"
            f" due {local_stamp(due.resolution_due, zone)}"
        )
        if decision.unclear:
            lines.append(
                f"UNCLEAR: {', '.join(decision.unclear)} unknown; escalates to the support lead"
            )
        lines.append("")
        lines.append("Why:")
        lines.extend(f"  - {line}" for line in decision.rationale)
        lines.append("")
        lines.extend(self._owner_lines(severity))
        lines.append("")
        lines.append("Ctrl+S records this assessment.")
        result.update(Content("\n".join(lines)))
        override = self.query_one("#override", OptionList)
        highlighted = override.highlighted
        override.clear_options()
        for choice in self._override_choices():
            label = (
                f"Keep {decision.severity.value} (the rules' answer)"
                if choice is None
                else f"Override to {choice}"
            )
            mark = "(•)" if choice == self._override else "( )"
            override.add_option(Option(Content(f"{mark} {label}")))
        override.highlighted = highlighted or 0

    def _owner_lines(self, severity: Severity) -> list[str]:
        """Who holds each duty now at ``severity`` (the escalation matrix)."""
        if self._matrix is None or self._now is None:
            return ["Owners: the escalation matrix could not be read."]
        lines = [f"Owners now at {severity.value} (o on the queue shows why):"]
        for duty, holder in duty_holders(self._matrix, severity, self._now).items():
            label = duty.value.replace("_", " ")
            if holder.nobody:
                who = "NOBODY: escalate to the support lead"
            else:
                via = {"backup": " (backup)", "support_lead": " (support lead)"}.get(
                    holder.via.value, ""
                )
                who = f"{visible(holder.name or holder.person or '', one_line=True)}{via}"
            lines.append(f"  {label:<24}{who}")
        return lines

    @after_typing
    def action_override(self) -> None:
        if self.state.step != "summary":
            self._go("summary")
        override = self.query_one("#override", OptionList)
        override.focus()
        self.call_after_refresh(override.scroll_visible, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that do nothing on the current step (80 columns hold the rest)."""
        step = self.state.step
        idle = (
            (action == "next" and step == "summary")
            or (action == "back" and step == "evidence")
            or (action == "toggle_unknown" and step != "evidence")
        )
        return not idle

    # -- steps -----------------------------------------------------------------

    def _go(self, step: str) -> None:
        self.state.step = step
        self.refresh_bindings()
        self.query_one(ContentSwitcher).current = step
        self.query_one("#step", Static).update(Content(STEP_TITLES[step]))
        self._problems([])
        if step == "evidence":
            self._field_widget(EVIDENCE_FIELDS[0].key).focus()
        elif step == "questions":
            first = next((d.key for d in DIMENSIONS if d.key not in self._answers), "impact")
            self.query_one(f"#q-{first}", OptionList).focus()
        else:
            self._show_summary()
            # The result takes the focus: arrows, PgUp/PgDn, Home and End read it;
            # Tab (or Ctrl+O) goes on to the override.
            summary = self.query_one("#summary", VerticalScroll)
            summary.scroll_home(animate=False)
            summary.focus()
        self._changed()

    def action_scroll_step(self, direction: int) -> None:
        """Scroll the current step by a page (PgUp/PgDn, from any field)."""
        step = self.query_one(f"#{self.state.step}", VerticalScroll)
        if direction > 0:
            step.scroll_page_down(animate=False)
        else:
            step.scroll_page_up(animate=False)

    def _problems(self, problems: list[str]) -> None:
        text = "\n".join(f"! {p}" for p in problems[:4])
        if len(problems) > 4:
            text += f"\n! ...and {len(problems) - 4} more"
        self.query_one("#problems", Static).update(literal(text))

    @after_typing
    def action_next(self) -> None:
        step = self.state.step
        if step == "evidence":
            problems = self.evidence().problems()
            if problems:
                self._problems(problems)
                return
            self._go("questions")
        elif step == "questions":
            missing = [d.question for d in DIMENSIONS if d.key not in self._answers]
            if missing:
                self._problems([f"Not answered: {q}" for q in missing])
                return
            self._go("summary")

    @after_typing
    def action_back(self) -> None:
        index = STEPS.index(self.state.step)
        if index > 0:
            self._go(STEPS[index - 1])

    @after_typing
    def action_confirm(self) -> None:
        evidence = self.evidence()
        problems = evidence.problems()
        if problems:
            self._go("evidence")
            self._problems(problems)
            return
        answers = self.answers()
        if answers is None:
            self._go("questions")
            self.action_next()
            return
        if self.state.step != "summary":
            self._go("summary")
            return
        decision = assess(answers)
        override = Severity(self._override) if self._override else None
        try:
            reason = check_override(decision.severity, override, self._reason)
        except InvalidInput as exc:
            self._problems([exc.message])
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(WizardOutcome(evidence, answers, override if reason else None, reason))

    def action_leave(self) -> None:
        self._flush_draft()
        self.dismiss(None)

    # -- the draft -------------------------------------------------------------

    def current_state(self) -> WizardState:
        return WizardState(
            step=self.state.step,
            values=dict(self._values),
            reasons=dict(self._reasons),
            unknown=sorted(self._unknown),
            answers=dict(self._answers),
            override=self._override,
            reason=self._reason,
        )

    def _changed(self) -> None:
        if self._filling:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(0.4, self._flush_draft)

    def _flush_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self._save_draft(self.current_state().as_payload())


def _choices(dimension: Dimension) -> list[tuple[str, str]]:
    """A question's answers, lowest first, then "unknown": (value, explanation)."""
    levels = [(level.value, level.explanation) for level in dimension.levels]
    return [*levels, (UNKNOWN, UNKNOWN_EXPLANATION)]


def _span(value: timedelta, business: bool, day: timedelta) -> str:
    hours = value.total_seconds() / 3600
    unit = "business " if business else ""
    if hours < 1:
        return f"{int(value.total_seconds() // 60)} min"
    if business and value >= day and value % day == timedelta(0):
        days = value // day
        return f"{days} business day{'s' if days != 1 else ''}"
    if hours == int(hours):
        return f"{int(hours)} {unit}hour{'s' if hours != 1 else ''}"
    return f"{hours:.1f} {unit}hours"
