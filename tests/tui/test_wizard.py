"""The severity wizard, driven from the keyboard as an operator would."""

from __future__ import annotations

from pilot_testing import desk_app, notifications, screen_text, settle, type_text, wait_for
from textual.widgets import Label, OptionList
from wizard_testing import ANSWERS, EVIDENCE, answer, open_wizard, type_evidence

from sophdesk.domain.incident import EventKind
from sophdesk.domain.severity import Severity
from sophdesk.services import triage
from sophdesk.services.desk import Desk
from sophdesk.tui.screens.wizard import TriageWizard


async def test_evidence_comes_first_and_unknown_needs_a_reason(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await type_text(pilot, EVIDENCE[0])
        await pilot.press("tab")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.state.step == "evidence"
        assert "Affected user: give a value or mark it unknown" in screen_text(pilot)
        # Marked unknown but no reason: still refused.
        await pilot.press("f2", "ctrl+n")
        await settle(pilot)
        assert wizard.state.step == "evidence"
        await type_text(pilot, "not said")
        await pilot.press("tab")
        await type_evidence(pilot, EVIDENCE[2:])
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.state.step == "questions"
        item = wizard.evidence().item("affected_user")
        assert item.value is None
        assert item.unknown_reason == "not said"
    assert triage.evidence(desk, incident.id).items == {}  # nothing recorded yet


async def test_a_bad_timestamp_is_refused_with_the_reason(desk: Desk) -> None:
    desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await type_evidence(pilot, ["14:05 yesterday", *EVIDENCE[1:]])
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.state.step == "evidence"
        assert "is not a time" in screen_text(pilot)


async def test_full_wizard_records_severity_rationale_evidence_and_clock(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await answer(pilot, ANSWERS)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.state.step == "summary"
        text = screen_text(pilot)
        assert "Severity SEV1 · category revenue" in text
        assert "first response within 15 min" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, TriageWizard)
    detail = desk.detail(incident.id)
    assert detail.incident.severity is Severity.SEV1
    assert detail.incident.category == "revenue"
    assert detail.incident.sla_clock == "first_response"
    assessed = [e for e in detail.events if e.kind is EventKind.ASSESSED]
    assert [e.after for e in assessed] == ["SEV1"]
    stored = triage.evidence(desk, incident.id)
    assert stored.item("error_report").value == "SM-E1042"
    assert triage.load_draft(desk, triage.draft_key(incident.id)) is None


async def test_override_needs_a_written_reason_and_is_recorded(desk: Desk) -> None:
    incident = desk.new_incident("Typo in admin notice", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await answer(pilot, [0, 0, 0, 0, 0, 0])  # SEV4, cosmetic
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+o", "down", "down", "down", "enter")  # Override to SEV3
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs a written reason" in screen_text(pilot)
        await type_text(pilot, "agency client on a retainer")
        await pilot.press("ctrl+s")
        await settle(pilot)
    history = triage.history(desk, incident.id)
    assert len(history) == 1
    record = history[0]
    assert record.decision.severity is Severity.SEV4
    assert record.severity is Severity.SEV3
    assert record.override_reason == "agency client on a retainer"
    assert desk.incident(incident.id).severity is Severity.SEV3


async def test_escape_keeps_a_draft_that_is_offered_next_time(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE[:3])
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, TriageWizard)
        assert desk.incident(incident.id).severity is None  # nothing recorded
    draft = triage.load_draft(desk, triage.draft_key(incident.id))
    assert draft is not None
    assert draft[0]["values"]["affected_screen"] == "Checkout"
    # A new desk (as after a crash or restart) offers the draft.
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "triage draft of #1" in screen_text(pilot)
        await pilot.press("enter")  # Resume the draft
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TriageWizard))
        await settle(pilot)
        wizard = pilot.app.screen
        assert isinstance(wizard, TriageWizard)
        assert wizard.evidence().item("affected_user").value == "admin"
        assert "Checkout" in screen_text(pilot)


async def test_reassessing_keeps_the_history(desk: Desk) -> None:
    incident = desk.new_incident("Checkout 500", "acme.shop")
    for levels in ([0, 0, 0, 0, 0, 0], [2, 2, 2, 0, 0, 0]):
        async with desk_app(desk).run_test(size=(80, 24)) as pilot:
            await open_wizard(pilot)
            if not triage.history(desk, incident.id):
                await type_evidence(pilot, EVIDENCE)
            await pilot.press("ctrl+n")
            await settle(pilot)
            for key, level in zip(
                ["impact", "visibility", "revenue", "privacy", "data", "automation"],
                levels,
                strict=True,
            ):
                option = pilot.app.screen.query_one(f"#q-{key}", OptionList)
                option.focus()
                option.highlighted = level
                await pilot.press("enter")
            await pilot.press("ctrl+n", "ctrl+s")
            await settle(pilot)
    severities = [r.severity for r in triage.history(desk, incident.id)]
    assert severities == [Severity.SEV4, Severity.SEV1]


async def test_a_new_incident_offers_the_wizard(desk: Desk) -> None:
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "Checkout 500")
        await pilot.press("tab")
        await type_text(pilot, "acme.shop")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Triage #1 now?" in screen_text(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TriageWizard))


async def test_summary_names_the_owners_from_the_matrix(desk: Desk) -> None:
    from desk_testing import team_matrix

    from sophdesk.services import matrix

    matrix.import_matrix(desk, team_matrix())
    desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(100, 60)) as pilot:
        await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await answer(pilot, ANSWERS)
        await pilot.press("ctrl+n")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Owners now at SEV1" in text
        assert "contact hosting         Ben Okafor (backup)" in text


def question(wizard: TriageWizard, key: str) -> str:
    """The question's label as shown: the question and the answer chosen."""
    return str(wizard.query_one(f"#question-{key}", Label).render())


async def test_an_unknown_answer_is_rated_worst_shown_and_recorded(desk: Desk) -> None:
    incident = desk.new_incident("Odd greeting in chat", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await answer(pilot, [1, 0, 0, 3])  # privacy: the fourth answer, unknown
        assert question(wizard, "privacy") == "Is personal data exposed? -> unknown"
        options = wizard.query_one("#q-privacy", OptionList)
        chosen = str(options.get_option_at_index(3).prompt)
        assert chosen.startswith("(•) unknown: nobody knows yet")
        assert "escalates to the support lead" in chosen
        await answer(pilot, [0, 0])
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.state.step == "summary"
        text = screen_text(pilot)
        assert "Severity SEV1 · category privacy" in text
        assert "UNCLEAR: privacy unknown" in text
        assert "Privacy exposure unknown: rated as confirmed" in text
        assert "A privacy exposure is confirmed" not in text
        await pilot.press("ctrl+s")
        await settle(pilot)
    history = triage.history(desk, incident.id)
    assert len(history) == 1
    assert history[0].answers.unclear == ("privacy",)
    assert history[0].answers.as_dict()["privacy"] == "unknown"
    assert history[0].decision.unclear == ("privacy",)
    assert desk.incident(incident.id).severity is Severity.SEV1


async def test_a_draft_keeps_unknown_answers(desk: Desk) -> None:
    incident = desk.new_incident("Odd greeting in chat", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await answer(pilot, [1, 3])  # visibility unknown
        await pilot.press("escape")
        await settle(pilot)
    draft = triage.load_draft(desk, triage.draft_key(incident.id))
    assert draft is not None
    assert draft[0]["answers"] == {"impact": "degraded", "visibility": "unknown"}
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")  # Resume the draft
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TriageWizard))
        await settle(pilot)
        wizard = pilot.app.screen
        assert isinstance(wizard, TriageWizard)
        assert question(wizard, "visibility") == "Who can see the problem? -> unknown"
        await answer(pilot, [0, 0, 0, 0])
        await pilot.press("ctrl+n", "ctrl+s")
        await settle(pilot)
    (record,) = triage.history(desk, incident.id)
    assert record.answers.unclear == ("visibility",)


async def test_routing_follows_the_recorded_assessment(desk: Desk) -> None:
    from desk_testing import team_matrix

    from sophdesk.services import matrix
    from sophdesk.tui.screens.route import RouteScreen

    matrix.import_matrix(desk, team_matrix())
    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await answer(pilot, ANSWERS)
        await pilot.press("ctrl+n", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RouteScreen))
        await settle(pilot)
        route_screen = pilot.app.screen
        assert isinstance(route_screen, RouteScreen)
        assert route_screen.severity is Severity.SEV1  # the severity just recorded
        assert "Triage recorded. Route #1" in screen_text(pilot)
        await pilot.press("down", "down", "down", "down", "space")  # php_fatal: hosting
        await settle(pilot)
        # Ana holds contact_hosting at SEV1 but is away: Ben, her backup.
        assert "Contact: Ben Okafor, +34 600 000 000 (backup)" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RouteScreen)
    routed = [e for e in desk.detail(incident.id).events if e.kind is EventKind.ROUTED]
    assert [e.after for e in routed] == ["hosting"]


async def test_escape_skips_routing_after_the_wizard(desk: Desk) -> None:
    from sophdesk.tui.screens.route import RouteScreen

    incident = desk.new_incident("Checkout 500", "acme.shop")
    async with desk_app(desk).run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot)
        await type_evidence(pilot, EVIDENCE)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await answer(pilot, ANSWERS)
        await pilot.press("ctrl+n", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RouteScreen))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RouteScreen | TriageWizard)
        messages = [m for m in notifications(pilot)]
        assert "#1 not routed; press g on it to route." in messages
    detail = desk.detail(incident.id)
    assert detail.incident.severity is Severity.SEV1
    assert not [e for e in detail.events if e.kind is EventKind.ROUTED]
