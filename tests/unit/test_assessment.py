"""Severity assessment: the rules, the categories, the rationale, and parsing answers."""

from __future__ import annotations

import dataclasses
import itertools
import json
from typing import Any

import pytest

from sophdesk.domain.assessment import (
    DEFAULT_RULES,
    DIMENSIONS,
    Assessment,
    Automation,
    Category,
    DataCorrectness,
    Impact,
    Level,
    PrivacyExposure,
    RevenueRisk,
    Rule,
    Visibility,
    assess,
    categorize,
    dimension,
    parse_assessment,
)
from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.severity import Severity

_SCALES: list[list[Any]] = [list(d.levels) for d in DIMENSIONS]
HARMLESS = {d.key: d.values[0] for d in DIMENSIONS}
ALL_ASSESSMENTS = [Assessment(*levels) for levels in itertools.product(*_SCALES)]


def _raised(a: Assessment, key: str) -> Assessment | None:
    """``a`` with one dimension raised by one level; None when it is at the top."""
    current: Level = getattr(a, key)
    scale = list(type(current))
    if current.level + 1 >= len(scale):
        return None
    changes: dict[str, Any] = {key: scale[current.level + 1]}
    return dataclasses.replace(a, **changes)


def _reference_severity(a: Assessment) -> Severity:
    """The issue's rules, word for word, written independently of the rule table."""
    some_or_all = a.visibility in (Visibility.SOME, Visibility.ALL)
    degraded_or_blocked = a.impact in (Impact.DEGRADED, Impact.BLOCKED)
    if (
        a.privacy == PrivacyExposure.CONFIRMED
        or a.revenue == RevenueRisk.CHECKOUT
        or (a.data == DataCorrectness.WRONG and some_or_all)
        or (a.impact == Impact.BLOCKED and a.visibility == Visibility.ALL)
        or (a.automation == Automation.UNSTOPPABLE and degraded_or_blocked)
    ):
        return Severity.SEV1
    if (
        a.impact == Impact.BLOCKED
        or a.privacy == PrivacyExposure.SUSPECTED
        or a.revenue == RevenueRisk.AT_RISK
        or a.data == DataCorrectness.WRONG
        or (a.data == DataCorrectness.AT_RISK and some_or_all)
        or (a.impact == Impact.DEGRADED and a.visibility == Visibility.ALL)
        or a.automation == Automation.UNSTOPPABLE
    ):
        return Severity.SEV2
    if (
        a.impact == Impact.DEGRADED
        or a.data == DataCorrectness.AT_RISK
        or a.visibility == Visibility.ALL
        or a.automation == Automation.PAUSABLE
    ):
        return Severity.SEV3
    return Severity.SEV4


def _reference_category(a: Assessment) -> Category:
    """The category of the issue's conditions that set the severity: the most
    serious of those that hold at the decided severity (privacy, revenue, data,
    operational, customer-visible), cosmetic or customer-visible when none does."""
    some_or_all = a.visibility in (Visibility.SOME, Visibility.ALL)
    degraded_or_blocked = a.impact in (Impact.DEGRADED, Impact.BLOCKED)
    by_severity = {
        Severity.SEV1: [
            (a.privacy == PrivacyExposure.CONFIRMED, Category.PRIVACY),
            (a.revenue == RevenueRisk.CHECKOUT, Category.REVENUE),
            (a.data == DataCorrectness.WRONG and some_or_all, Category.DATA),
            (a.impact == Impact.BLOCKED and a.visibility == Visibility.ALL, Category.OPERATIONAL),
            (
                a.automation == Automation.UNSTOPPABLE and degraded_or_blocked,
                Category.OPERATIONAL,
            ),
        ],
        Severity.SEV2: [
            (a.impact == Impact.BLOCKED, Category.OPERATIONAL),
            (a.privacy == PrivacyExposure.SUSPECTED, Category.PRIVACY),
            (a.revenue == RevenueRisk.AT_RISK, Category.REVENUE),
            (a.data == DataCorrectness.WRONG, Category.DATA),
            (a.data == DataCorrectness.AT_RISK and some_or_all, Category.DATA),
            (a.impact == Impact.DEGRADED and a.visibility == Visibility.ALL, Category.OPERATIONAL),
            (a.automation == Automation.UNSTOPPABLE, Category.OPERATIONAL),
        ],
        Severity.SEV3: [
            (a.impact == Impact.DEGRADED, Category.OPERATIONAL),
            (a.data == DataCorrectness.AT_RISK, Category.DATA),
            (a.visibility == Visibility.ALL, Category.CUSTOMER_VISIBLE),
            (a.automation == Automation.PAUSABLE, Category.OPERATIONAL),
        ],
    }
    order = list(Category)
    holding = [c for held, c in by_severity.get(_reference_severity(a), []) if held]
    if holding:
        return min(holding, key=order.index)
    return Category.CUSTOMER_VISIBLE if a.visibility != Visibility.INTERNAL else Category.COSMETIC


def test_there_are_729_combinations() -> None:
    assert len(ALL_ASSESSMENTS) == 3**6 == 729
    assert len(set(ALL_ASSESSMENTS)) == 729


def test_raising_one_dimension_never_lowers_the_severity() -> None:
    checked = 0
    for a in ALL_ASSESSMENTS:
        before = assess(a).severity
        for d in DIMENSIONS:
            higher = _raised(a, d.key)
            if higher is None:
                continue
            after = assess(higher).severity
            assert after.rank <= before.rank, f"{a} -> raise {d.key} -> {after} < {before}"
            checked += 1
    # Each of the six dimensions can be raised from two of its three levels.
    assert checked == 729 * 6 * 2 // 3


def test_every_combination_matches_the_issue_rules() -> None:
    for a in ALL_ASSESSMENTS:
        decision = assess(a)
        assert decision.severity is _reference_severity(a), a
        assert decision.category is _reference_category(a), a


def test_every_combination_gets_a_rationale_and_a_category() -> None:
    for a in ALL_ASSESSMENTS:
        decision = assess(a)
        assert decision.rationale, a
        assert all(s.strip() and s.endswith(".") for s in decision.rationale), a
        assert isinstance(decision.category, Category)
        raised = [lvl for lvl in a.levels() if not lvl.is_lowest]
        # A line per fired rule (or the "no rule" line), one per raised dimension,
        # and the category line.
        rule_lines = max(len(decision.rules_fired), 1)
        extra = 0 if raised else 1
        assert len(decision.rationale) == rule_lines + len(raised) + extra + 1
        assert decision.rationale[-1].startswith(f"Category {decision.category.value}")


def test_fired_rules_all_carry_the_decided_severity() -> None:
    by_name = {r.name: r for r in DEFAULT_RULES}
    for a in ALL_ASSESSMENTS:
        decision = assess(a)
        for name in decision.rules_fired:
            assert by_name[name].severity is decision.severity
            assert by_name[name].applies(a)
        if decision.severity is Severity.SEV4:
            assert decision.rules_fired == ()
        else:
            assert decision.rules_fired


def test_rule_names_are_unique_and_ordered_most_severe_first() -> None:
    names = [r.name for r in DEFAULT_RULES]
    assert len(set(names)) == len(names)
    ranks = [r.severity.rank for r in DEFAULT_RULES]
    assert ranks == sorted(ranks)
    assert len(DEFAULT_RULES) == 5 + 7 + 4


# One minimal assessment per rule: it fires that rule and no other of its severity.
RULE_CASES: list[tuple[str, Assessment, Severity]] = [
    ("privacy_confirmed", Assessment(privacy=PrivacyExposure.CONFIRMED), Severity.SEV1),
    ("checkout_failing", Assessment(revenue=RevenueRisk.CHECKOUT), Severity.SEV1),
    (
        "wrong_data_visible",
        Assessment(data=DataCorrectness.WRONG, visibility=Visibility.SOME),
        Severity.SEV1,
    ),
    (
        "blocked_for_all",
        Assessment(impact=Impact.BLOCKED, visibility=Visibility.ALL),
        Severity.SEV1,
    ),
    (
        "unstoppable_automation_in_production",
        Assessment(automation=Automation.UNSTOPPABLE, impact=Impact.DEGRADED),
        Severity.SEV1,
    ),
    ("production_blocked", Assessment(impact=Impact.BLOCKED), Severity.SEV2),
    ("privacy_suspected", Assessment(privacy=PrivacyExposure.SUSPECTED), Severity.SEV2),
    ("revenue_at_risk", Assessment(revenue=RevenueRisk.AT_RISK), Severity.SEV2),
    ("data_wrong", Assessment(data=DataCorrectness.WRONG), Severity.SEV2),
    (
        "data_at_risk_visible",
        Assessment(data=DataCorrectness.AT_RISK, visibility=Visibility.SOME),
        Severity.SEV2,
    ),
    (
        "degraded_for_all",
        Assessment(impact=Impact.DEGRADED, visibility=Visibility.ALL),
        Severity.SEV2,
    ),
    ("unstoppable_automation", Assessment(automation=Automation.UNSTOPPABLE), Severity.SEV2),
    ("production_degraded", Assessment(impact=Impact.DEGRADED), Severity.SEV3),
    ("data_at_risk", Assessment(data=DataCorrectness.AT_RISK), Severity.SEV3),
    ("visible_to_all", Assessment(visibility=Visibility.ALL), Severity.SEV3),
    ("pausable_automation", Assessment(automation=Automation.PAUSABLE), Severity.SEV3),
]


def test_every_rule_has_a_case() -> None:
    assert [name for name, _, _ in RULE_CASES] == [r.name for r in DEFAULT_RULES]


@pytest.mark.parametrize(
    ("name", "assessment", "severity"), RULE_CASES, ids=[c[0] for c in RULE_CASES]
)
def test_each_rule(name: str, assessment: Assessment, severity: Severity) -> None:
    decision = assess(assessment)
    assert decision.severity is severity
    assert decision.rules_fired == (name,)
    rule = next(r for r in DEFAULT_RULES if r.name == name)
    assert decision.rationale[0] == f"{severity.value}: {rule.sentence}"


@pytest.mark.parametrize(
    ("assessment", "severity"),
    [
        # The SEV1 combinations need both halves.
        (Assessment(data=DataCorrectness.WRONG), Severity.SEV2),
        (Assessment(data=DataCorrectness.WRONG, visibility=Visibility.ALL), Severity.SEV1),
        (Assessment(impact=Impact.BLOCKED, visibility=Visibility.SOME), Severity.SEV2),
        (Assessment(impact=Impact.DEGRADED, visibility=Visibility.ALL), Severity.SEV2),
        (Assessment(automation=Automation.UNSTOPPABLE, impact=Impact.BLOCKED), Severity.SEV1),
        (Assessment(automation=Automation.PAUSABLE, impact=Impact.BLOCKED), Severity.SEV2),
        (Assessment(data=DataCorrectness.AT_RISK, visibility=Visibility.ALL), Severity.SEV2),
        (Assessment(impact=Impact.DEGRADED, visibility=Visibility.SOME), Severity.SEV3),
        # Some customers seeing a harmless problem is still SEV4.
        (Assessment(visibility=Visibility.SOME), Severity.SEV4),
        (Assessment(), Severity.SEV4),
    ],
)
def test_rule_boundaries(assessment: Assessment, severity: Severity) -> None:
    assert assess(assessment).severity is severity


def test_all_reasons_of_the_decided_severity_are_listed() -> None:
    a = Assessment(
        privacy=PrivacyExposure.CONFIRMED,
        revenue=RevenueRisk.CHECKOUT,
        impact=Impact.BLOCKED,
        visibility=Visibility.ALL,
    )
    decision = assess(a)
    assert decision.severity is Severity.SEV1
    # SEV2 rules that also hold (production_blocked) are not SEV1 reasons.
    assert decision.rules_fired == ("privacy_confirmed", "checkout_failing", "blocked_for_all")


def test_rationale_states_rules_then_raised_dimensions() -> None:
    decision = assess(Assessment(privacy=PrivacyExposure.CONFIRMED, visibility=Visibility.SOME))
    assert decision.rationale == (
        "SEV1: A privacy exposure is confirmed.",
        "Customer visibility: some customers can see the problem.",
        "Privacy exposure: personal data was shown or sent to the wrong person.",
        "Category privacy, from the rule that set the severity: a privacy exposure is confirmed.",
    )


def test_rationale_of_a_cosmetic_issue() -> None:
    decision = assess(Assessment())
    assert decision.severity is Severity.SEV4
    assert decision.category is Category.COSMETIC
    assert decision.rules_fired == ()
    assert decision.rationale == (
        "SEV4: No rule for a higher severity applies.",
        "Every answer is at its lowest level: a cosmetic or internal issue.",
        "Category cosmetic: no rule applies and no answer is raised.",
    )


def test_sev4_with_a_raised_dimension_says_which() -> None:
    decision = assess(Assessment(visibility=Visibility.SOME))
    assert decision.rationale == (
        "SEV4: No rule for a higher severity applies.",
        "Customer visibility: some customers can see the problem.",
        "Category customer-visible: no rule applies; the most serious raised answer decides.",
    )
    assert decision.category is Category.CUSTOMER_VISIBLE


@pytest.mark.parametrize(
    ("assessment", "category"),
    [
        (Assessment(privacy=PrivacyExposure.SUSPECTED), Category.PRIVACY),
        (Assessment(revenue=RevenueRisk.AT_RISK), Category.REVENUE),
        (Assessment(revenue=RevenueRisk.AT_RISK, data=DataCorrectness.WRONG), Category.REVENUE),
        (Assessment(data=DataCorrectness.AT_RISK), Category.DATA),
        (Assessment(data=DataCorrectness.WRONG, impact=Impact.BLOCKED), Category.DATA),
        (Assessment(impact=Impact.DEGRADED), Category.OPERATIONAL),
        (Assessment(automation=Automation.PAUSABLE), Category.OPERATIONAL),
        (
            Assessment(automation=Automation.PAUSABLE, visibility=Visibility.ALL),
            Category.OPERATIONAL,
        ),
        (Assessment(visibility=Visibility.SOME), Category.CUSTOMER_VISIBLE),
        (Assessment(visibility=Visibility.ALL), Category.CUSTOMER_VISIBLE),
        (Assessment(), Category.COSMETIC),
    ],
)
def test_categories(assessment: Assessment, category: Category) -> None:
    assert categorize(assessment) is category
    assert assess(assessment).category is category


def test_category_values_are_exact() -> None:
    assert [c.value for c in Category] == [
        "privacy",
        "revenue",
        "data",
        "operational",
        "customer-visible",
        "cosmetic",
    ]


def test_dimensions_and_their_scales() -> None:
    fields = [f.name for f in dataclasses.fields(Assessment)]
    assert [d.key for d in DIMENSIONS] == [f for f in fields if f != "unknown"]
    assert {d.key: d.values for d in DIMENSIONS} == {
        "impact": ("none", "degraded", "blocked"),
        "visibility": ("internal", "some", "all"),
        "revenue": ("none", "at_risk", "checkout"),
        "privacy": ("none", "suspected", "confirmed"),
        "data": ("correct", "at_risk", "wrong"),
        "automation": ("none", "pausable", "unstoppable"),
    }
    assert dimension("data").levels is DataCorrectness


def test_unknown_dimension_lists_the_known_ones() -> None:
    with pytest.raises(InvalidInput) as caught:
        dimension("cost")
    assert "'cost'" in caught.value.message
    assert "automation" in caught.value.message


def test_levels_are_ordered_lowest_first() -> None:
    for d in DIMENSIONS:
        scale = list(d.levels)
        assert [lvl.level for lvl in scale] == [0, 1, 2]
        assert scale[0].is_lowest
        assert not scale[1].is_lowest
        assert sorted(reversed(scale)) == scale
        assert scale[0] < scale[1] < scale[2]
        assert scale[2] >= scale[2] > scale[0]
        assert scale[0] <= scale[0]
    # "all" sorts after "internal" by level, not alphabetically.
    assert Visibility.ALL > Visibility.INTERNAL


def test_levels_of_different_dimensions_do_not_compare() -> None:
    with pytest.raises(TypeError):
        _ = Impact.BLOCKED < Visibility.ALL


def test_every_level_has_an_explanation_with_an_example_and_a_finding() -> None:
    texts = []
    for d in DIMENSIONS:
        for lvl in d.levels:
            assert " — e.g. " in lvl.explanation, lvl
            assert lvl.finding
            assert lvl.finding == lvl.finding.strip()
            texts.append(lvl.explanation)
    assert len(set(texts)) == 18
    assert Impact.BLOCKED.explanation == (
        "A production workflow cannot be completed"
        " — e.g. the SophMate chatbot returns an error to every visitor"
    )


def test_levels_with_the_same_word_keep_their_own_texts() -> None:
    # StrEnum members of different dimensions compare equal as text ("none").
    assert Impact.NONE.explanation != RevenueRisk.NONE.explanation
    assert DataCorrectness.AT_RISK.finding != RevenueRisk.AT_RISK.finding


GOOD = {
    "impact": "blocked",
    "visibility": "all",
    "revenue": "at_risk",
    "privacy": "none",
    "data": "correct",
    "automation": "pausable",
}


def test_parse_assessment() -> None:
    a = parse_assessment(GOOD)
    assert a == Assessment(
        impact=Impact.BLOCKED,
        visibility=Visibility.ALL,
        revenue=RevenueRisk.AT_RISK,
        automation=Automation.PAUSABLE,
    )
    assert a.as_dict() == GOOD


def test_parse_assessment_round_trips_through_json() -> None:
    for a in ALL_ASSESSMENTS[::17]:
        assert parse_assessment(json.loads(json.dumps(a.as_dict()))) == a


def test_parse_assessment_is_lenient_on_case_spaces_and_hyphens() -> None:
    data = dict(GOOD, impact=" Blocked ", revenue="AT-RISK")
    assert parse_assessment(data) == parse_assessment(GOOD)


def test_unknown_value_names_the_key_and_the_allowed_values() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_assessment(dict(GOOD, impact="down"))
    message = caught.value.message
    assert "impact cannot be 'down'" in message
    assert "none, degraded, blocked" in message


@pytest.mark.parametrize("value", [None, 3, ["blocked"], ""])
def test_non_text_or_empty_value_is_refused(value: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_assessment(dict(GOOD, data=value))
    assert "data cannot be" in caught.value.message
    assert "correct, at_risk, wrong" in caught.value.message


def test_missing_key_names_it_and_its_allowed_values() -> None:
    data = dict(GOOD)
    del data["privacy"]
    with pytest.raises(InvalidInput) as caught:
        parse_assessment(data)
    assert "privacy is missing" in caught.value.message
    assert "none, suspected, confirmed" in caught.value.message


def test_extra_key_names_it_and_lists_the_keys() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_assessment(dict(GOOD, severity="SEV1"))
    message = caught.value.message
    assert "unknown key 'severity'" in message
    assert "impact, visibility, revenue, privacy, data, automation" in message


def test_every_problem_is_reported_at_once() -> None:
    data = dict(GOOD, cost="high", impact="down")
    del data["automation"]
    with pytest.raises(InvalidInput) as caught:
        parse_assessment(data)
    message = caught.value.message
    assert "unknown key 'cost'" in message
    assert "impact cannot be 'down'" in message
    assert "automation is missing" in message


def test_a_long_bad_value_is_cut_short_in_the_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_assessment(dict(GOOD, impact="x" * 5000))
    assert len(caught.value.message) < 200


def test_parse_refuses_something_that_is_not_a_mapping() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_assessment(["impact", "blocked"])  # type: ignore[arg-type]
    assert "impact, visibility" in caught.value.message


def test_assessment_coerces_text_and_refuses_nonsense() -> None:
    assert Assessment(impact="blocked").impact is Impact.BLOCKED  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        Assessment(impact="on fire")  # type: ignore[arg-type]
    # A level of another dimension is read by its text, like any string.
    assert Assessment(impact=RevenueRisk.NONE).impact is Impact.NONE  # type: ignore[arg-type]


def test_assessment_is_frozen() -> None:
    a = Assessment()
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.impact = Impact.BLOCKED  # type: ignore[misc]


def test_a_swapped_rule_table_is_used() -> None:
    strict = (
        Rule("any_visibility", Severity.SEV2, lambda a: not a.visibility.is_lowest, "Seen."),
        *DEFAULT_RULES,
    )
    decision = assess(Assessment(visibility=Visibility.SOME), strict)
    assert decision.severity is Severity.SEV2
    assert decision.rules_fired == ("any_visibility",)
    assert decision.rationale[0] == "SEV2: Seen."
    assert assess(Assessment(impact=Impact.BLOCKED), ()).severity is Severity.SEV4


def test_an_unknown_answer_is_rated_as_its_worst_level_and_makes_the_severity_unclear() -> None:
    answers = {d.key: d.values[0] for d in DIMENSIONS}
    answers["privacy"] = "Unknown"
    assessment = parse_assessment(answers)
    decision = assess(assessment)
    assert assessment.privacy is PrivacyExposure.CONFIRMED
    assert decision.severity is Severity.SEV1
    assert decision.unclear == ("privacy",)
    # The rule line says the answer is unknown, not that an exposure is confirmed.
    assert decision.rationale[0] == (
        "SEV1: Privacy exposure unknown: rated as confirmed until someone finds out."
    )
    assert not any("is confirmed" in line for line in decision.rationale)
    assert decision.rationale[-1].endswith("escalate to the support lead.")
    # Kept as "unknown" when written back, so a reload is still unclear.
    assert assessment.as_dict()["privacy"] == "unknown"
    assert parse_assessment(assessment.as_dict()) == assessment


def test_known_answers_leave_the_severity_clear() -> None:
    decision = assess(parse_assessment({d.key: d.values[-1] for d in DIMENSIONS}))
    assert decision.unclear == ()
    assert not any("unknown" in line for line in decision.rationale)


def test_unknown_is_offered_in_the_error_message() -> None:
    answers = {d.key: d.values[0] for d in DIMENSIONS}
    answers["impact"] = "maybe"
    with pytest.raises(InvalidInput, match=r"allowed values: none, degraded, blocked, unknown"):
        parse_assessment(answers)


@pytest.mark.parametrize("dim", DIMENSIONS, ids=[d.key for d in DIMENSIONS])
def test_every_unknown_answer_is_described_as_unknown_not_as_a_fact(dim: Any) -> None:
    answers = {d.key: d.values[0] for d in DIMENSIONS}
    answers[dim.key] = "unknown"
    decision = assess(parse_assessment(answers))
    clause = f"{dim.title} unknown: rated as {dim.values[-1]} until someone finds out"
    assert any(clause.lower() in line.lower() for line in decision.rationale), decision.rationale
    sentences = {r.sentence for r in DEFAULT_RULES}
    assert not any(line.split(": ", 1)[-1] in sentences for line in decision.rationale)


def test_a_checkout_outage_with_privacy_only_suspected_is_a_revenue_incident() -> None:
    decision = assess(
        Assessment(
            revenue=RevenueRisk.CHECKOUT,
            privacy=PrivacyExposure.SUSPECTED,
            impact=Impact.BLOCKED,
            data=DataCorrectness.WRONG,
        )
    )
    assert decision.severity is Severity.SEV1
    assert decision.category is Category.REVENUE
    assert decision.rationale[-1] == (
        "Category revenue, from the rule that set the severity:"
        " the checkout or payment flow is failing."
    )


def test_an_unknown_answer_decides_the_category_only_when_nothing_known_does() -> None:
    known_checkout = assess(
        parse_assessment({**HARMLESS, "revenue": "checkout", "privacy": "unknown"})
    )
    assert known_checkout.severity is Severity.SEV1
    assert known_checkout.category is Category.REVENUE
    only_unknown = assess(parse_assessment({**HARMLESS, "privacy": "unknown"}))
    assert only_unknown.category is Category.PRIVACY
    assert only_unknown.rationale[-2] == (
        "Category privacy, from the rule that set the severity:"
        " privacy exposure unknown: rated as confirmed until someone finds out."
    )
