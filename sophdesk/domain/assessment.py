"""Severity assessment: six questions about an incident, and the rules that rate it.

An operator (or the wizard) answers six questions, one per dimension, each on an
ordered scale from harmless to worst. :func:`assess` turns the answers into a
severity, a category and a rationale of plain sentences. The severity rules are
data (:data:`DEFAULT_RULES`), so a later configuration can swap the table.

Every rule is an "at least" test, and the rules of a higher severity come first,
so raising any one answer can never lower the severity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.severity import Severity


class Level(StrEnum):
    """One answer on a dimension's scale. Members are declared lowest first.

    Levels of the same dimension compare by :attr:`level`, not alphabetically.
    """

    @property
    def level(self) -> int:
        """0 for the lowest (harmless) answer, then 1, 2."""
        return list(type(self)).index(self)

    @property
    def is_lowest(self) -> bool:
        return self.level == 0

    @property
    def explanation(self) -> str:
        """What this answer means, in plain words with an example, for the wizard."""
        return _EXPLANATIONS[type(self)][self]

    @property
    def finding(self) -> str:
        """This answer as a clause of the rationale (lower case, no full stop)."""
        return _FINDINGS[type(self)][self]

    def __lt__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return self.level < other.level
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return self.level <= other.level
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return self.level > other.level
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return self.level >= other.level
        return NotImplemented


class Impact(Level):
    """Production impact."""

    NONE = "none"
    DEGRADED = "degraded"
    BLOCKED = "blocked"


class Visibility(Level):
    """Customer visibility."""

    INTERNAL = "internal"
    SOME = "some"
    ALL = "all"


class RevenueRisk(Level):
    """Revenue risk."""

    NONE = "none"
    AT_RISK = "at_risk"
    CHECKOUT = "checkout"


class PrivacyExposure(Level):
    """Privacy exposure."""

    NONE = "none"
    SUSPECTED = "suspected"
    CONFIRMED = "confirmed"


class DataCorrectness(Level):
    """Data correctness."""

    CORRECT = "correct"
    AT_RISK = "at_risk"
    WRONG = "wrong"


class Automation(Level):
    """SophMate automation involved, and can it be paused?"""

    NONE = "none"
    PAUSABLE = "pausable"
    UNSTOPPABLE = "unstoppable"


_EXPLANATIONS: dict[type[Level], dict[Level, str]] = {
    Impact: {
        Impact.NONE: "Nothing in production is affected — e.g. a typo in an admin notice",
        Impact.DEGRADED: (
            "A production workflow still works, but slowly, partly or with intermittent errors"
            " — e.g. chatbot replies take 30 seconds or fail for one message in ten"
        ),
        Impact.BLOCKED: (
            "A production workflow cannot be completed"
            " — e.g. the SophMate chatbot returns an error to every visitor"
        ),
    },
    Visibility: {
        Visibility.INTERNAL: (
            "Only the site's admins or the support desk can see it"
            " — e.g. a misaligned icon on the SophMate settings screen"
        ),
        Visibility.SOME: (
            "Some of the site's customers can see it"
            " — e.g. the chatbot answers in the wrong language on the French version of the site"
        ),
        Visibility.ALL: (
            "Every visitor of the site can see it — e.g. an error box on every product page"
        ),
    },
    RevenueRisk: {
        RevenueRisk.NONE: "Sales are not affected — e.g. a slow SophMate settings page",
        RevenueRisk.AT_RISK: (
            "Sales may be lost, but customers can still buy"
            " — e.g. AI product recommendations are missing from product pages"
        ),
        RevenueRisk.CHECKOUT: (
            "The checkout or payment flow is failing"
            " — e.g. the upsell widget covers the checkout button"
        ),
    },
    PrivacyExposure: {
        PrivacyExposure.NONE: (
            "No personal data is exposed — e.g. the provider dropdown lists no models"
        ),
        PrivacyExposure.SUSPECTED: (
            "Personal data may have been shown or sent to the wrong person, not yet confirmed"
            " — e.g. a visitor reports seeing a stranger's first name in the chat greeting"
        ),
        PrivacyExposure.CONFIRMED: (
            "Personal data was shown or sent to the wrong person"
            " — e.g. a chat transcript shows another customer's order details"
        ),
    },
    DataCorrectness: {
        DataCorrectness.CORRECT: (
            "Stored content and data are correct"
            " — e.g. a display glitch that changes nothing that is saved"
        ),
        DataCorrectness.AT_RISK: (
            "Stored content or data may become wrong if nothing is done"
            " — e.g. a scheduled AI rewrite job is queued with the wrong prompt"
        ),
        DataCorrectness.WRONG: (
            "Stored content or data is already wrong"
            " — e.g. product descriptions were overwritten by an AI rewrite job"
        ),
    },
    Automation: {
        Automation.NONE: (
            "No SophMate automation is involved — e.g. a settings page fails to save"
        ),
        Automation.PAUSABLE: (
            "A SophMate automation is involved and can be paused"
            " — e.g. bulk content generation that the site owner can stop in the settings"
        ),
        Automation.UNSTOPPABLE: (
            "A SophMate automation is involved and cannot be paused"
            " — e.g. a WP-Cron job keeps rewriting posts after the feature is switched off"
        ),
    },
}

_FINDINGS: dict[type[Level], dict[Level, str]] = {
    Impact: {
        Impact.NONE: "production is not affected",
        Impact.DEGRADED: "a production workflow works but is degraded",
        Impact.BLOCKED: "a production workflow cannot be completed",
    },
    Visibility: {
        Visibility.INTERNAL: "only admins or the desk can see the problem",
        Visibility.SOME: "some customers can see the problem",
        Visibility.ALL: "every customer can see the problem",
    },
    RevenueRisk: {
        RevenueRisk.NONE: "sales are not affected",
        RevenueRisk.AT_RISK: "sales may be lost",
        RevenueRisk.CHECKOUT: "the checkout or payment flow is failing",
    },
    PrivacyExposure: {
        PrivacyExposure.NONE: "no personal data is exposed",
        PrivacyExposure.SUSPECTED: "personal data may have been exposed, not yet confirmed",
        PrivacyExposure.CONFIRMED: "personal data was shown or sent to the wrong person",
    },
    DataCorrectness: {
        DataCorrectness.CORRECT: "stored data is correct",
        DataCorrectness.AT_RISK: "stored data may become wrong if nothing is done",
        DataCorrectness.WRONG: "stored data is already wrong",
    },
    Automation: {
        Automation.NONE: "no SophMate automation is involved",
        Automation.PAUSABLE: "a SophMate automation is involved and can be paused",
        Automation.UNSTOPPABLE: "a SophMate automation is involved and cannot be paused",
    },
}


@dataclass(frozen=True, slots=True)
class Dimension:
    """One question of the assessment: its key, its wording and its scale."""

    key: str
    title: str
    question: str
    levels: type[Level]

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed answers, lowest first."""
        return tuple(level.value for level in self.levels)


#: The six dimensions, in the order the wizard asks them.
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("impact", "production impact", "Is a production workflow affected?", Impact),
    Dimension("visibility", "customer visibility", "Who can see the problem?", Visibility),
    Dimension("revenue", "revenue risk", "Are sales or payments at risk?", RevenueRisk),
    Dimension("privacy", "privacy exposure", "Is personal data exposed?", PrivacyExposure),
    Dimension("data", "data correctness", "Is stored content or data wrong?", DataCorrectness),
    Dimension(
        "automation",
        "SophMate automation",
        "Is a SophMate automation involved, and can it be paused?",
        Automation,
    ),
)

_BY_KEY: dict[str, Dimension] = {d.key: d for d in DIMENSIONS}


class Category(StrEnum):
    PRIVACY = "privacy"
    REVENUE = "revenue"
    DATA = "data"
    OPERATIONAL = "operational"
    CUSTOMER_VISIBLE = "customer-visible"
    COSMETIC = "cosmetic"


#: The answer an operator gives when nobody knows yet. It is rated as the worst
#: level of its dimension (the safe side) and makes the severity unclear, which
#: escalates the incident to the support lead.
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Assessment:
    """The six answers. Left out, an answer is its lowest (harmless) level.

    ``unknown`` names the dimensions answered "unknown": each holds its worst
    level, so the rules rate the incident on the safe side.
    """

    impact: Impact = Impact.NONE
    visibility: Visibility = Visibility.INTERNAL
    revenue: RevenueRisk = RevenueRisk.NONE
    privacy: PrivacyExposure = PrivacyExposure.NONE
    data: DataCorrectness = DataCorrectness.CORRECT
    automation: Automation = Automation.NONE
    unknown: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Text values (as read from JSON) become levels; anything else is refused.
        unknown = set(self.unknown)
        for dimension in DIMENSIONS:
            value: object = getattr(self, dimension.key)
            if isinstance(value, str) and value.strip().lower() == UNKNOWN:
                unknown.add(dimension.key)
            elif not isinstance(value, dimension.levels):
                object.__setattr__(self, dimension.key, _parse_level(dimension, value))
        for key in unknown:
            worst = list(dimension_levels(key))[-1]
            object.__setattr__(self, key, worst)
        object.__setattr__(self, "unknown", frozenset(unknown))

    @property
    def unclear(self) -> tuple[str, ...]:
        """The dimensions answered unknown, in :data:`DIMENSIONS` order."""
        return tuple(d.key for d in DIMENSIONS if d.key in self.unknown)

    def levels(self) -> tuple[Level, ...]:
        """The six answers in :data:`DIMENSIONS` order."""
        return tuple(getattr(self, d.key) for d in DIMENSIONS)

    def as_dict(self) -> dict[str, str]:
        """The answers as the six string keys :func:`parse_assessment` reads."""
        return {
            d.key: UNKNOWN if d.key in self.unknown else getattr(self, d.key).value
            for d in DIMENSIONS
        }


def dimension_levels(key: str) -> type[Level]:
    """The scale of the dimension named ``key``."""
    return dimension(key).levels


def _allowed(dimension: Dimension) -> str:
    return ", ".join((*dimension.values, UNKNOWN))


def _shown(value: object) -> str:
    """``value`` quoted for a message, cut short when it is long."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _parse_level(dimension: Dimension, value: object) -> Level:
    if isinstance(value, str):
        text = value.strip().lower().replace("-", "_")
        for level in dimension.levels:
            if level.value == text:
                return level
    raise InvalidInput(
        f"{dimension.key} cannot be {_shown(value)} (allowed values: {_allowed(dimension)})"
    )


def parse_assessment(mapping: Mapping[str, Any]) -> Assessment:
    """An assessment from the six string keys, as a CLI or a JSON line gives them.

    Values are read case-insensitively, and ``at-risk`` is read as ``at_risk``.
    Any dimension may be answered ``unknown`` (see :data:`UNKNOWN`).
    Every problem (an unknown key, a missing key, an unknown value) is reported at
    once, each naming the key and what it allows.
    """
    keys = ", ".join(d.key for d in DIMENSIONS)
    if not isinstance(mapping, Mapping):
        raise InvalidInput(
            f"an assessment must map each of the six keys to a value; the keys are: {keys}"
        )
    problems: list[str] = []
    for key in mapping:
        if key not in _BY_KEY:
            problems.append(f"unknown key {_shown(key)} (the keys are: {keys})")
    values: dict[str, Any] = {}
    for dimension in DIMENSIONS:
        if dimension.key not in mapping:
            problems.append(f"{dimension.key} is missing (allowed values: {_allowed(dimension)})")
            continue
        given = mapping[dimension.key]
        if isinstance(given, str) and given.strip().lower() == UNKNOWN:
            values[dimension.key] = UNKNOWN
            continue
        try:
            values[dimension.key] = _parse_level(dimension, given)
        except InvalidInput as exc:
            problems.append(exc.message)
    if problems:
        raise InvalidInput("invalid assessment: " + "; ".join(problems))
    return Assessment(**values)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named severity rule: when ``applies`` holds, the incident is at least ``severity``.

    ``dimensions`` names the answers the rule reads (so the rationale can say when
    one of them was unknown), and ``category`` is the category it gives when it is
    the rule that decides the severity (None: the category of the raised answers).
    """

    name: str
    severity: Severity
    applies: Callable[[Assessment], bool]
    sentence: str
    dimensions: tuple[str, ...] = ()
    category: Category | None = None


#: The default severity rules, most severe first; the first rule that applies sets
#: the severity. Nothing applying means SEV4 (a cosmetic admin issue).
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        "privacy_confirmed",
        Severity.SEV1,
        lambda a: a.privacy >= PrivacyExposure.CONFIRMED,
        "A privacy exposure is confirmed.",
        ("privacy",),
        Category.PRIVACY,
    ),
    Rule(
        "checkout_failing",
        Severity.SEV1,
        lambda a: a.revenue >= RevenueRisk.CHECKOUT,
        "The checkout or payment flow is failing.",
        ("revenue",),
        Category.REVENUE,
    ),
    Rule(
        "wrong_data_visible",
        Severity.SEV1,
        lambda a: a.data >= DataCorrectness.WRONG and a.visibility >= Visibility.SOME,
        "Stored data is wrong and customers can see it.",
        ("data", "visibility"),
        Category.DATA,
    ),
    Rule(
        "blocked_for_all",
        Severity.SEV1,
        lambda a: a.impact >= Impact.BLOCKED and a.visibility >= Visibility.ALL,
        "A production workflow is blocked for every customer.",
        ("impact", "visibility"),
        Category.OPERATIONAL,
    ),
    Rule(
        "unstoppable_automation_in_production",
        Severity.SEV1,
        lambda a: a.automation >= Automation.UNSTOPPABLE and a.impact >= Impact.DEGRADED,
        "An automation that cannot be paused is degrading or blocking production.",
        ("automation", "impact"),
        Category.OPERATIONAL,
    ),
    Rule(
        "production_blocked",
        Severity.SEV2,
        lambda a: a.impact >= Impact.BLOCKED,
        "A production workflow is blocked.",
        ("impact",),
        Category.OPERATIONAL,
    ),
    Rule(
        "privacy_suspected",
        Severity.SEV2,
        lambda a: a.privacy >= PrivacyExposure.SUSPECTED,
        "A privacy exposure is suspected.",
        ("privacy",),
        Category.PRIVACY,
    ),
    Rule(
        "revenue_at_risk",
        Severity.SEV2,
        lambda a: a.revenue >= RevenueRisk.AT_RISK,
        "Revenue is at risk.",
        ("revenue",),
        Category.REVENUE,
    ),
    Rule(
        "data_wrong",
        Severity.SEV2,
        lambda a: a.data >= DataCorrectness.WRONG,
        "Stored data is wrong.",
        ("data",),
        Category.DATA,
    ),
    Rule(
        "data_at_risk_visible",
        Severity.SEV2,
        lambda a: a.data >= DataCorrectness.AT_RISK and a.visibility >= Visibility.SOME,
        "Stored data is at risk and customers can see the problem.",
        ("data", "visibility"),
        Category.DATA,
    ),
    Rule(
        "degraded_for_all",
        Severity.SEV2,
        lambda a: a.impact >= Impact.DEGRADED and a.visibility >= Visibility.ALL,
        "A production workflow is degraded for every customer.",
        ("impact", "visibility"),
        Category.OPERATIONAL,
    ),
    Rule(
        "unstoppable_automation",
        Severity.SEV2,
        lambda a: a.automation >= Automation.UNSTOPPABLE,
        "A SophMate automation is involved and cannot be paused.",
        ("automation",),
        Category.OPERATIONAL,
    ),
    Rule(
        "production_degraded",
        Severity.SEV3,
        lambda a: a.impact >= Impact.DEGRADED,
        "A production workflow is degraded.",
        ("impact",),
        Category.OPERATIONAL,
    ),
    Rule(
        "data_at_risk",
        Severity.SEV3,
        lambda a: a.data >= DataCorrectness.AT_RISK,
        "Stored data is at risk of becoming wrong.",
        ("data",),
        Category.DATA,
    ),
    Rule(
        "visible_to_all",
        Severity.SEV3,
        lambda a: a.visibility >= Visibility.ALL,
        "Every customer can see the problem.",
        ("visibility",),
        Category.CUSTOMER_VISIBLE,
    ),
    Rule(
        "pausable_automation",
        Severity.SEV3,
        lambda a: a.automation >= Automation.PAUSABLE,
        "A SophMate automation is involved; it can be paused.",
        ("automation",),
        Category.OPERATIONAL,
    ),
)

#: The severity when no rule applies.
FALLBACK_SEVERITY = Severity.SEV4


@dataclass(frozen=True, slots=True)
class SeverityDecision:
    """What :func:`assess` concluded, and why."""

    severity: Severity
    category: Category
    rationale: tuple[str, ...]
    rules_fired: tuple[str, ...]
    #: Dimensions answered unknown: the severity is unclear (escalate to the lead).
    unclear: tuple[str, ...] = ()


def categorize(assessment: Assessment) -> Category:
    """The category of the raised answers: the first of privacy, revenue, data,
    operational, customer-visible that is raised; cosmetic when none is.

    :func:`assess` uses it only when no rule with a category decided the severity.
    """
    a = assessment
    if not a.privacy.is_lowest:
        return Category.PRIVACY
    if not a.revenue.is_lowest:
        return Category.REVENUE
    if not a.data.is_lowest:
        return Category.DATA
    if not a.impact.is_lowest or not a.automation.is_lowest:
        return Category.OPERATIONAL
    if not a.visibility.is_lowest:
        return Category.CUSTOMER_VISIBLE
    return Category.COSMETIC


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unknown_clause(assessment: Assessment, keys: Sequence[str]) -> str:
    """``privacy exposure unknown: rated as confirmed until someone finds out``."""
    parts = [
        f"{dimension(key).title} unknown: rated as {getattr(assessment, key).value}" for key in keys
    ]
    return "; ".join(parts) + " until someone finds out"


def _rule_line(rule: Rule, assessment: Assessment) -> str:
    """The rule as a rationale line; an unknown answer it read is said to be unknown."""
    unknown = [key for key in rule.dimensions if key in assessment.unknown]
    if not unknown:
        return f"{rule.severity.value}: {rule.sentence}"
    clause = _capitalised(_unknown_clause(assessment, unknown))
    if len(unknown) == len(rule.dimensions):
        return f"{rule.severity.value}: {clause}."
    rest = rule.sentence[:1].lower() + rule.sentence[1:]
    return f"{rule.severity.value}: {clause}; with that, {rest}"


_CATEGORY_ORDER = tuple(Category)


def _deciding_rule(fired: Sequence[Rule], assessment: Assessment) -> Rule | None:
    """The rule that decides the category, among those that set the severity.

    Rules that read only known answers come first (an unknown answer decides the
    category only when every rule rests on one); among them, the most serious
    category wins (privacy, revenue, data, operational, customer-visible).
    """
    known = [r for r in fired if not any(key in assessment.unknown for key in r.dimensions)]
    candidates = known or list(fired)
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda r: _CATEGORY_ORDER.index(r.category or categorize(assessment)),
    )


def _category_line(category: Category, rule: Rule | None, assessment: Assessment) -> str:
    if rule is None:
        if category is Category.COSMETIC:
            return "Category cosmetic: no rule applies and no answer is raised."
        return (
            f"Category {category.value}: no rule applies; the most serious raised answer decides."
        )
    unknown = [key for key in rule.dimensions if key in assessment.unknown]
    if unknown:
        because = _unknown_clause(assessment, unknown)
    else:
        because = rule.sentence[:1].lower() + rule.sentence[1:].rstrip(".")
    return f"Category {category.value}, from the rule that set the severity: {because}."


def assess(assessment: Assessment, rules: Sequence[Rule] = DEFAULT_RULES) -> SeverityDecision:
    """Rate an assessment: the first rule that applies sets the severity.

    ``rules_fired`` names every rule of that severity that applies (in table
    order), so the rationale gives all the reasons, not only the first. The
    rationale states those rules (a rule that read an unknown answer says so: it
    is not a fact), then each answer above its lowest level, then the category.
    The category is the one of a rule that set the severity (see
    :func:`_deciding_rule`), so a checkout outage with a privacy exposure merely
    suspected is a revenue incident.
    """
    severity = FALLBACK_SEVERITY
    fired: list[Rule] = []
    for rule in rules:
        if fired and rule.severity is not severity:
            continue
        if rule.applies(assessment):
            if not fired:
                severity = rule.severity
            fired.append(rule)
    rationale = [_rule_line(rule, assessment) for rule in fired]
    if not fired:
        rationale.append(f"{severity.value}: No rule for a higher severity applies.")
    said = {key for rule in fired for key in rule.dimensions if key in assessment.unknown}
    raised = False
    for dim in DIMENSIONS:
        level: Level = getattr(assessment, dim.key)
        if dim.key in assessment.unknown:
            raised = True
            if dim.key not in said:
                rationale.append(_capitalised(_unknown_clause(assessment, [dim.key])) + ".")
        elif not level.is_lowest:
            raised = True
            rationale.append(f"{_capitalised(dim.title)}: {level.finding}.")
    if not raised:
        rationale.append("Every answer is at its lowest level: a cosmetic or internal issue.")
    deciding = _deciding_rule(fired, assessment)
    category = (
        deciding.category
        if deciding is not None and deciding.category is not None
        else categorize(assessment)
    )
    rationale.append(_category_line(category, deciding, assessment))
    if assessment.unknown:
        rationale.append(
            "The severity is unclear while an answer is unknown: escalate to the support lead."
        )
    return SeverityDecision(
        severity=severity,
        category=category,
        rationale=tuple(rationale),
        rules_fired=tuple(rule.name for rule in fired),
        unclear=assessment.unclear,
    )


def dimension(key: str) -> Dimension:
    """The dimension named ``key``; an unknown key lists the known ones."""
    try:
        return _BY_KEY[key]
    except KeyError:
        keys = ", ".join(d.key for d in DIMENSIONS)
        raise InvalidInput(f"unknown dimension {key!r}; the dimensions are: {keys}") from None
