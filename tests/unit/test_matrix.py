"""The escalation matrix: who holds a duty now (primary, backup chain, support lead, nobody)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.matrix import (
    NOBODY,
    Duty,
    Holder,
    Matrix,
    Person,
    Role,
    Unfilled,
    Via,
    duty_holders,
    holder_dict,
    lead_holder,
    lookup,
    matrix_problems,
    parse_duty,
    parse_role,
    unfilled,
)
from sophdesk.domain.severity import Severity

NOW = datetime(2026, 12, 25, 3, 0, tzinfo=UTC)
CHRISTMAS = (datetime(2026, 12, 24, tzinfo=UTC), datetime(2026, 12, 27, tzinfo=UTC))
NEW_YEAR = (datetime(2026, 12, 31, tzinfo=UTC), datetime(2027, 1, 2, tzinfo=UTC))
US = timedelta(microseconds=1)


def duties(**overrides: Role) -> dict[Severity, dict[Duty, Role]]:
    """The usual table: each duty to its owner role, update_customers to comms_owner."""
    base = {
        Duty.PAUSE_WORKFLOWS: Role.AUTOMATION_OWNER,
        Duty.CONTACT_HOSTING: Role.HOSTING_OWNER,
        Duty.CONTACT_PROVIDER: Role.PROVIDER_OWNER,
        Duty.OPEN_CODECANYON_SUPPORT: Role.CODECANYON_OWNER,
        Duty.UPDATE_CUSTOMERS: Role.COMMS_OWNER,
        Duty.APPROVE_ROLLBACK: Role.ROLLBACK_OWNER,
    }
    base.update({Duty(k): v for k, v in overrides.items()})
    return {severity: dict(base) for severity in Severity}


def person(
    key: str,
    backup: str | None = None,
    away: tuple[tuple[datetime, datetime], ...] = (),
) -> Person:
    return Person(key, key.title(), f"{key}@example.com", backup, away)


def matrix(
    people: list[Person],
    roles: dict[Role, str | None],
    table: dict[Severity, dict[Duty, Role]] | None = None,
) -> Matrix:
    return Matrix({p.key: p for p in people}, roles, table or duties())


def hosting(m: Matrix, at: datetime = NOW) -> Holder:
    return lookup(m, Severity.SEV1, Duty.CONTACT_HOSTING, at)


# --- lookup -------------------------------------------------------------------------------


def test_primary_holds_the_duty() -> None:
    m = matrix(
        [person("ana"), person("lea")], {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"}
    )
    holder = hosting(m)
    assert holder == Holder(
        person="ana",
        name="Ana",
        contact="ana@example.com",
        role=Role.HOSTING_OWNER,
        via=Via.PRIMARY,
        reason="At SEV1 contact_hosting belongs to hosting_owner, filled by Ana (ana).",
    )
    assert not holder.nobody


def test_away_primary_gives_the_backup() -> None:
    m = matrix(
        [person("ana", "ben", (CHRISTMAS,)), person("ben"), person("lea")],
        {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert (holder.person, holder.via, holder.role) == ("ben", Via.BACKUP, Role.HOSTING_OWNER)
    assert (holder.name, holder.contact) == ("Ben", "ben@example.com")
    assert holder.reason == (
        "At SEV1 contact_hosting belongs to hosting_owner, filled by Ana (ana),"
        " who is away until 2026-12-27 00:00 UTC; their backup Ben (ben) holds it."
    )


def test_backup_away_too_follows_the_chain() -> None:
    m = matrix(
        [
            person("ana", "ben", (CHRISTMAS,)),
            person("ben", "cy", (CHRISTMAS,)),
            person("cy"),
            person("lea"),
        ],
        {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert (holder.person, holder.via) == ("cy", Via.BACKUP)
    assert "their backup Ben (ben) is away until 2026-12-27 00:00 UTC too" in holder.reason
    assert holder.reason.endswith("their backup Cy (cy) holds it.")


def test_backup_away_too_with_no_further_backup_gives_the_support_lead() -> None:
    m = matrix(
        [person("ana", "ben", (CHRISTMAS,)), person("ben", away=(CHRISTMAS,)), person("lea")],
        {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert (holder.person, holder.via, holder.role) == ("lea", Via.SUPPORT_LEAD, Role.HOSTING_OWNER)
    assert "ben has no backup" in holder.reason
    assert holder.reason.endswith("it falls to the support lead Lea (lea).")


def test_away_with_no_backup_gives_the_support_lead() -> None:
    m = matrix(
        [person("ana", away=(CHRISTMAS,)), person("lea")],
        {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert (holder.person, holder.via) == ("lea", Via.SUPPORT_LEAD)
    assert holder.reason == (
        "At SEV1 contact_hosting belongs to hosting_owner, filled by Ana (ana),"
        " who is away until 2026-12-27 00:00 UTC; ana has no backup;"
        " it falls to the support lead Lea (lea)."
    )


def test_unfilled_role_gives_the_support_lead() -> None:
    m = matrix([person("lea")], {Role.SUPPORT_LEAD: "lea"})
    holder = hosting(m)
    assert (holder.person, holder.via, holder.role) == ("lea", Via.SUPPORT_LEAD, Role.HOSTING_OWNER)
    assert holder.reason == (
        "At SEV1 contact_hosting belongs to hosting_owner, which nobody fills;"
        " it falls to the support lead Lea (lea)."
    )


def test_no_support_lead_means_nobody_with_a_reason() -> None:
    m = matrix([person("ana")], {Role.PROVIDER_OWNER: "ana"})
    holder = hosting(m)
    assert holder.nobody
    assert (holder.person, holder.name, holder.contact) == (None, None, None)
    assert (holder.via, holder.role) == (Via.SUPPORT_LEAD, Role.HOSTING_OWNER)
    assert holder.reason == (
        "At SEV1 contact_hosting belongs to hosting_owner, which nobody fills;"
        " it falls to the support lead, but support_lead is unfilled;"
        " nobody holds it now: escalate."
    )
    assert NOBODY in holder.reason


def test_support_lead_away_gives_the_leads_backup() -> None:
    m = matrix(
        [person("lea", "max", (CHRISTMAS,)), person("max")],
        {Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert (holder.person, holder.via) == ("max", Via.SUPPORT_LEAD)
    assert holder.reason.endswith(
        "it falls to the support lead Lea (lea), who is away until 2026-12-27 00:00 UTC;"
        " their backup Max (max) holds it."
    )


def test_support_lead_away_without_backup_means_nobody() -> None:
    m = matrix(
        [person("ana", away=(CHRISTMAS,)), person("lea", away=(CHRISTMAS,))],
        {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert holder.nobody
    assert holder.via is Via.SUPPORT_LEAD
    assert "lea has no backup" in holder.reason
    assert holder.reason.endswith(f"{NOBODY}.")


def test_chain_coming_back_to_someone_tried_stops() -> None:
    # ana's backup is the support lead, who is away too: the lead is not tried twice.
    m = matrix(
        [person("ana", "lea", (CHRISTMAS,)), person("lea", away=(CHRISTMAS,))],
        {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert holder.nobody
    assert "the support lead Lea (lea) was already tried" in holder.reason


def test_lead_chain_meeting_the_primary_chain_stops() -> None:
    # ana (away) -> ben (away); the lead lea (away) -> ben, already tried.
    m = matrix(
        [
            person("ana", "ben", (CHRISTMAS,)),
            person("ben", away=(CHRISTMAS,)),
            person("lea", "ben", (CHRISTMAS,)),
        ],
        {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert holder.nobody
    assert "lea's backup ben was already tried" in holder.reason


def test_primary_who_is_the_support_lead_is_not_tried_twice() -> None:
    m = matrix(
        [person("lea", away=(CHRISTMAS,))],
        {Role.HOSTING_OWNER: "lea", Role.SUPPORT_LEAD: "lea"},
    )
    holder = hosting(m)
    assert holder.nobody
    assert "was already tried" in holder.reason


def test_duty_of_the_support_lead_role() -> None:
    table = duties(update_customers=Role.SUPPORT_LEAD)
    filled = matrix(
        [person("lea", "max", (CHRISTMAS,)), person("max")], {Role.SUPPORT_LEAD: "lea"}, table
    )
    holder = lookup(filled, Severity.SEV2, Duty.UPDATE_CUSTOMERS, NOW)
    assert (holder.person, holder.via, holder.role) == ("max", Via.BACKUP, Role.SUPPORT_LEAD)

    alone = matrix([person("lea", away=(CHRISTMAS,))], {Role.SUPPORT_LEAD: "lea"}, table)
    holder = lookup(alone, Severity.SEV2, Duty.UPDATE_CUSTOMERS, NOW)
    assert holder.nobody
    assert holder.reason.endswith(f"lea has no backup; {NOBODY}.")

    empty = matrix([], {}, table)
    holder = lookup(empty, Severity.SEV2, Duty.UPDATE_CUSTOMERS, NOW)
    assert holder.nobody
    assert holder.reason == (
        f"At SEV2 update_customers belongs to support_lead, which is unfilled; {NOBODY}."
    )


def test_each_severity_has_its_own_roles() -> None:
    table = duties()
    table[Severity.SEV1][Duty.UPDATE_CUSTOMERS] = Role.SUPPORT_LEAD
    m = matrix(
        [person("lea"), person("cam")], {Role.SUPPORT_LEAD: "lea", Role.COMMS_OWNER: "cam"}, table
    )
    assert lookup(m, Severity.SEV1, Duty.UPDATE_CUSTOMERS, NOW).person == "lea"
    assert lookup(m, Severity.SEV2, Duty.UPDATE_CUSTOMERS, NOW).person == "cam"


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (CHRISTMAS[0] - US, "ana"),  # just before: still in
        (CHRISTMAS[0], "ben"),  # the start is inside the period
        (CHRISTMAS[1] - US, "ben"),
        (CHRISTMAS[1], "ana"),  # back at the end
        # The same instants written in another offset.
        (datetime(2026, 12, 24, 1, 0, tzinfo=timezone(timedelta(hours=1))), "ben"),
        (datetime(2026, 12, 26, 23, 59, tzinfo=timezone(timedelta(hours=-1))), "ana"),
        (NEW_YEAR[0], "ben"),
        (NEW_YEAR[1], "ana"),
    ],
)
def test_away_period_boundaries(at: datetime, expected: str) -> None:
    m = matrix(
        [person("ana", "ben", (CHRISTMAS, NEW_YEAR)), person("ben"), person("lea")],
        {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"},
    )
    assert hosting(m, at).person == expected


def test_overlapping_away_periods_give_the_latest_return() -> None:
    early = (datetime(2026, 12, 20, tzinfo=UTC), datetime(2026, 12, 26, tzinfo=UTC))
    ana = person("ana", away=(early, CHRISTMAS))
    assert ana.away_until(NOW) == CHRISTMAS[1]
    assert ana.is_away(NOW)
    assert ana.away_until(CHRISTMAS[1]) is None


def test_lookup_refuses_a_time_without_zone() -> None:
    m = matrix([person("lea")], {Role.SUPPORT_LEAD: "lea"})
    with pytest.raises(InvalidInput, match="no time zone"):
        hosting(m, datetime(2026, 12, 25, 3, 0))
    with pytest.raises(InvalidInput, match="no time zone"):
        lead_holder(m, datetime(2026, 12, 25, 3, 0))


def test_lead_holder() -> None:
    m = matrix([person("lea")], {Role.SUPPORT_LEAD: "lea"})
    holder = lead_holder(m, NOW, "the route is unclear")
    assert (holder.person, holder.via, holder.role) == ("lea", Via.SUPPORT_LEAD, Role.SUPPORT_LEAD)
    assert holder.reason == "The route is unclear; it falls to the support lead Lea (lea)."
    assert lead_holder(m, NOW).reason == "It falls to the support lead Lea (lea)."
    nobody = lead_holder(matrix([], {}), NOW, "the route is internal")
    assert nobody.nobody
    assert nobody.reason.startswith("The route is internal; it falls to the support lead, but")


def test_duty_holders_lists_all_six_duties() -> None:
    m = matrix([person("lea")], {Role.SUPPORT_LEAD: "lea"})
    holders = duty_holders(m, Severity.SEV3, NOW)
    assert list(holders) == list(Duty)
    assert all(h.person == "lea" and h.via is Via.SUPPORT_LEAD for h in holders.values())


def test_holder_dict_has_exactly_the_promised_keys() -> None:
    m = matrix(
        [person("ana"), person("lea")], {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"}
    )
    assert holder_dict(hosting(m)) == {
        "person": "ana",
        "name": "Ana",
        "contact": "ana@example.com",
        "role": "hosting_owner",
        "via": "primary",
        "reason": "At SEV1 contact_hosting belongs to hosting_owner, filled by Ana (ana).",
    }
    nobody = holder_dict(hosting(matrix([], {})))
    assert list(nobody) == ["person", "name", "contact", "role", "via", "reason"]
    assert (nobody["person"], nobody["name"], nobody["contact"]) == (None, None, None)
    assert nobody["via"] == "support_lead"


# --- unfilled -----------------------------------------------------------------------------


def test_unfilled_lists_every_duty_whose_role_nobody_fills() -> None:
    empty = matrix([], {})
    assert len(unfilled(empty)) == 24
    assert unfilled(empty)[0] == Unfilled(
        Severity.SEV1, Duty.PAUSE_WORKFLOWS, Role.AUTOMATION_OWNER
    )
    m = matrix(
        [person("ana"), person("lea")],
        {
            Role.AUTOMATION_OWNER: "ana",
            Role.HOSTING_OWNER: "ana",
            Role.PROVIDER_OWNER: "ana",
            Role.CODECANYON_OWNER: "ana",
            Role.ROLLBACK_OWNER: "ana",
            Role.SUPPORT_LEAD: "lea",
        },
    )
    assert unfilled(m) == [
        Unfilled(severity, Duty.UPDATE_CUSTOMERS, Role.COMMS_OWNER) for severity in Severity
    ]


def test_away_people_still_fill_their_roles() -> None:
    m = matrix([person("ana", away=(CHRISTMAS,))], {role: "ana" for role in Role})
    assert unfilled(m) == []


# --- validation ---------------------------------------------------------------------------


def test_roles_are_completed_and_blank_means_unfilled() -> None:
    m = matrix([person("ana")], {Role.HOSTING_OWNER: "ana", Role.COMMS_OWNER: "  "})
    assert list(m.roles) == list(Role)
    assert m.roles[Role.COMMS_OWNER] is None
    assert m.filled_by(Role.HOSTING_OWNER) == person("ana")
    assert m.filled_by(Role.SUPPORT_LEAD) is None
    assert m.role_of(Severity.SEV4, Duty.APPROVE_ROLLBACK) is Role.ROLLBACK_OWNER


def test_invalid_matrix_lists_every_problem() -> None:
    table = duties()
    del table[Severity.SEV2][Duty.APPROVE_ROLLBACK]
    del table[Severity.SEV4]
    people = {
        "ana": Person("ana", "", "ana@example.com", "zed"),
        "ben": Person("ben", "Ben", " ", "cy"),
        "cy": Person("cy", "Cy", "c", "ben", ((CHRISTMAS[1], CHRISTMAS[0]),)),
        "dee": Person("dee", "Dee", "d", "dee", ((datetime(2026, 1, 1), CHRISTMAS[1]),)),
        "bad key": Person("bad key", "E", "e"),
        "fay": Person("fay", "Fay", "f", extra={"name": "x", "when": object()}),
    }
    roles: dict[Role, str | None] = {Role.SUPPORT_LEAD: "zoe"}
    found = matrix_problems(people, roles, table, {"duties": 1})
    paths = [p.path for p in found]
    assert paths == [
        ("people", "ana", "name"),
        ("people", "ben", "contact"),
        ("people", "cy", "away", 0),
        ("people", "dee", "away", 0),
        ("people", "bad key"),
        ("people", "fay", "name"),
        ("people", "fay", "when"),
        ("people", "ana", "backup"),
        ("people", "dee", "backup"),
        ("roles", "support_lead"),
        ("duties", "SEV2", "approve_rollback"),
        ("duties", "SEV4"),
        ("duties",),
    ]
    messages = [p.message for p in found]
    # ben -> cy -> ben is a rotation of backups, not a problem; being one's own
    # backup is.
    assert not any("ben" in m and "cy" in m for m in messages)
    assert messages[8] == "'dee' is their own backup; a backup must be another person"
    with pytest.raises(InvalidInput) as caught:
        Matrix(people, roles, table)
    for problem in found[:-1]:
        assert problem.message in caught.value.message


def test_a_ring_of_backups_is_a_valid_rotation() -> None:
    people = {
        "zed": Person("zed", "Zed", "z", "ana"),
        "ana": Person("ana", "Ana", "a", "ben"),
        "ben": Person("ben", "Ben", "b", "zed"),
        "out": Person("out", "Out", "o", "ana"),
    }
    assert matrix_problems(people, {}, duties()) == []


def test_a_ring_of_backups_is_walked_to_the_first_one_in() -> None:
    ring = [
        person("ana", "ben", (CHRISTMAS,)),
        person("ben", "cy", (CHRISTMAS,)),
        person("cy", "ana"),
        person("lea"),
    ]
    m = matrix(ring, {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"})
    holder = hosting(m)
    assert (holder.person, holder.via) == ("cy", Via.BACKUP)
    # ben fills the role: the ring goes on past its end, cy then ana.
    m = matrix(ring, {Role.HOSTING_OWNER: "ben", Role.SUPPORT_LEAD: "lea"})
    assert (hosting(m).person, hosting(m).via) == ("cy", Via.BACKUP)


def test_a_ring_of_backups_all_away_stops_at_the_first_one_tried() -> None:
    ring = [
        person("ana", "ben", (CHRISTMAS,)),
        person("ben", "cy", (CHRISTMAS,)),
        person("cy", "ana", (CHRISTMAS,)),
        person("lea"),
    ]
    holder = hosting(matrix(ring, {Role.HOSTING_OWNER: "ana", Role.SUPPORT_LEAD: "lea"}))
    assert (holder.person, holder.via) == ("lea", Via.SUPPORT_LEAD)
    assert "cy's backup ana was already tried" in holder.reason


def test_person_key_must_match_its_table() -> None:
    found = matrix_problems({"ana": Person("ben", "Ben", "b")}, {}, duties())
    assert [p.path for p in found] == [("people", "ana")]


def test_parse_duty_and_role() -> None:
    assert parse_duty(" Contact-Hosting ") is Duty.CONTACT_HOSTING
    assert parse_role("SUPPORT_LEAD") is Role.SUPPORT_LEAD
    with pytest.raises(InvalidInput, match="the duties are: pause_workflows, contact_hosting"):
        parse_duty("make_tea")
    with pytest.raises(InvalidInput, match="the roles are: support_lead, hosting_owner"):
        parse_role("chef")
