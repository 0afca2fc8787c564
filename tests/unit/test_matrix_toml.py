"""The matrix file: every problem listed with its line, and dump -> parse giving the same matrix."""

from __future__ import annotations

import math
import textwrap
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.matrix import (
    MATRIX_KEYS,
    PERSON_KEYS,
    Duty,
    Matrix,
    Person,
    Role,
    unfilled,
)
from sophdesk.domain.matrix_toml import (
    LineProblem,
    MatrixErrors,
    default_matrix,
    default_matrix_text,
    dump_matrix,
    parse_matrix,
    toml_string,
)
from sophdesk.domain.severity import Severity


def duty_tables(skip: tuple[str, ...] = ()) -> str:
    """Complete ``[duties.SEVn]`` tables, each duty to a plausible role."""
    roles = {
        "pause_workflows": "automation_owner",
        "contact_hosting": "hosting_owner",
        "contact_provider": "provider_owner",
        "open_codecanyon_support": "codecanyon_owner",
        "update_customers": "comms_owner",
        "approve_rollback": "rollback_owner",
    }
    blocks = []
    for severity in Severity:
        if severity.value in skip:
            continue
        lines = [f"[duties.{severity.value}]", *(f'{d} = "{r}"' for d, r in roles.items())]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def problems_of(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(MatrixErrors) as caught:
        parse_matrix(text)
    return [(p.line, p.message) for p in caught.value.problems]


def one_problem(text: str) -> tuple[int | None, str]:
    found = problems_of(text)
    assert len(found) == 1, found
    return found[0]


PEOPLE = textwrap.dedent(
    """\
    [people.ana]
    name = "Ana Ruiz"
    contact = "ana@example.com"
    backup = "ben"
    away = [["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]]

    [people.ben]
    name = "Ben Ode"
    contact = "+34 600 000 000"

    [roles]
    support_lead = "ana"
    hosting_owner = "ben"
    """
)


# --- reading ------------------------------------------------------------------------------


def test_the_issue_example_reads() -> None:
    m = parse_matrix(PEOPLE + "\n" + duty_tables())
    ana = m.people["ana"]
    assert ana == Person(
        "ana",
        "Ana Ruiz",
        "ana@example.com",
        "ben",
        ((datetime(2026, 12, 24, tzinfo=UTC), datetime(2026, 12, 27, tzinfo=UTC)),),
    )
    assert m.people["ben"].backup is None
    assert m.roles[Role.SUPPORT_LEAD] == "ana"
    assert m.roles[Role.HOSTING_OWNER] == "ben"
    assert m.roles[Role.COMMS_OWNER] is None
    assert m.duties[Severity.SEV3][Duty.CONTACT_PROVIDER] is Role.PROVIDER_OWNER


def test_unquoted_toml_times_are_read_as_away_times() -> None:
    text = PEOPLE.replace(
        'away = [["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]]',
        "away = [[2026-12-24T00:00:00+01:00, 2026-12-27T00:00:00Z]]",
    )
    ana = parse_matrix(text + duty_tables()).people["ana"]
    assert ana.away == (
        (
            datetime(2026, 12, 24, tzinfo=timezone(timedelta(hours=1))),
            datetime(2026, 12, 27, tzinfo=UTC),
        ),
    )


def test_extra_keys_are_kept() -> None:
    text = 'version = 2\n[meta]\nowner = "ops"\n' + PEOPLE.replace(
        'contact = "+34 600 000 000"', 'contact = "+34 600 000 000"\nslack = "@ben"\nshift = [1, 2]'
    )
    m = parse_matrix(text + duty_tables())
    assert m.extra == {"version": 2, "meta": {"owner": "ops"}}
    assert m.people["ben"].extra == {"slack": "@ben", "shift": [1, 2]}
    assert parse_matrix(dump_matrix(m)) == m


def test_roles_left_out_or_blank_are_unfilled() -> None:
    m = parse_matrix('[roles]\nsupport_lead = ""\n' + duty_tables())
    assert set(m.roles.values()) == {None}
    assert parse_matrix(duty_tables()) == m
    assert m.people == {}


# --- each kind of problem, with its line --------------------------------------------------


def test_unknown_severity() -> None:
    text = duty_tables() + "\n[duties.SEV5]\npause_workflows = 'automation_owner'\n"
    line, message = one_problem(text)
    assert line == text.splitlines().index("[duties.SEV5]") + 1
    assert message == (
        "unknown severity 'SEV5' in [duties]; the severities are: SEV1, SEV2, SEV3, SEV4"
    )


def test_unknown_duty() -> None:
    text = duty_tables().replace("[duties.SEV2]\n", "[duties.SEV2]\nmake_tea = 'comms_owner'\n")
    line, message = one_problem(text)
    assert line == text.splitlines().index("make_tea = 'comms_owner'") + 1
    assert message.startswith("unknown duty 'make_tea' in [duties.SEV2]; the duties are:")


def test_unknown_role_in_roles() -> None:
    text = "[roles]\nsupport_lead = ''\nchef = 'ana'\n" + duty_tables()
    assert one_problem(text) == (
        3,
        "unknown role 'chef' in [roles]; the roles are: support_lead, hosting_owner,"
        " provider_owner, codecanyon_owner, rollback_owner, comms_owner, automation_owner",
    )


def test_unknown_role_holding_a_duty_is_not_also_a_missing_duty() -> None:
    text = duty_tables().replace('contact_hosting = "hosting_owner"', 'contact_hosting = "host"', 1)
    line, message = one_problem(text)
    assert line == 3
    assert message.startswith("unknown role 'host' for contact_hosting at SEV1; the roles are:")


def test_role_filled_by_an_unknown_person() -> None:
    text = "[roles]\nsupport_lead = 'zed'\n" + duty_tables()
    assert one_problem(text) == (
        2,
        "role support_lead is filled by 'zed', who is not a person in the matrix",
    )


def test_backup_that_is_an_unknown_person() -> None:
    text = PEOPLE.replace('backup = "ben"', 'backup = "zed"') + duty_tables()
    assert one_problem(text) == (
        4,
        "the backup of 'ana' is 'zed', who is not a person in the matrix",
    )


def test_a_backup_ring_of_two_or_three_is_valid() -> None:
    two = PEOPLE.replace(
        'contact = "+34 600 000 000"', 'contact = "+34 600 000 000"\nbackup = "ana"'
    )
    assert parse_matrix(two + duty_tables()).people["ben"].backup == "ana"
    three = PEOPLE.replace(
        'contact = "+34 600 000 000"',
        'contact = "+34 600 000 000"\nbackup = "cy"\n\n'
        '[people.cy]\nname = "Cy"\ncontact = "cy@example.com"\nbackup = "ana"',
    )
    m = parse_matrix(three + duty_tables())
    assert [m.people[k].backup for k in ("ana", "ben", "cy")] == ["ben", "cy", "ana"]


def test_own_backup() -> None:
    text = PEOPLE.replace('backup = "ben"', 'backup = "ana"') + duty_tables()
    line, message = one_problem(text)
    assert line == 4
    assert message == "'ana' is their own backup; a backup must be another person"


def test_a_duty_left_out_keeps_its_default_role() -> None:
    text = duty_tables().replace('update_customers = "comms_owner"\n', "", 2)
    m = parse_matrix(text)
    default = default_matrix()
    for severity in (Severity.SEV1, Severity.SEV2):
        assert m.role_of(severity, Duty.UPDATE_CUSTOMERS) is default.role_of(
            severity, Duty.UPDATE_CUSTOMERS
        )
    assert m.role_of(Severity.SEV3, Duty.UPDATE_CUSTOMERS) is Role.COMMS_OWNER
    assert m.defaulted == {
        (Severity.SEV1, Duty.UPDATE_CUSTOMERS),
        (Severity.SEV2, Duty.UPDATE_CUSTOMERS),
    }
    # An export leaves them out again (shown as comments), so a re-import is the same.
    dumped = dump_matrix(m)
    assert "# update_customers = " in dumped
    assert parse_matrix(dumped) == m
    assert dump_matrix(parse_matrix(dumped)) == dumped


def test_a_severity_left_out_keeps_every_default() -> None:
    m = parse_matrix(duty_tables(skip=("SEV4",)))
    assert m.duties[Severity.SEV4] == default_matrix().duties[Severity.SEV4]
    assert {d for s, d in m.defaulted if s is Severity.SEV4} == set(Duty)
    assert parse_matrix("").duties == default_matrix().duties
    assert default_matrix().defaulted == frozenset()


@pytest.mark.parametrize(
    ("away", "expected"),
    [
        ('away = ["2026-12-24T00:00:00+00:00"]', "must be a [start, end] pair"),
        ('away = [["2026-12-24T00:00:00+00:00"]]', "must be a [start, end] pair"),
        ('away = [["yesterday", "2026-12-27T00:00:00+00:00"]]', "'yesterday' is not an ISO 8601"),
        ('away = [["2026-12-24T00:00:00", "2026-12-27T00:00:00+00:00"]]', "has no offset"),
        ("away = [[2026-12-24T00:00:00, 2026-12-27T00:00:00Z]]", "has no offset"),
        ('away = [["2026-12-24T00:00:00+00:00", 5]]', "5 is not an ISO 8601 time"),
        (
            'away = [["2026-12-27T00:00:00+00:00", "2026-12-24T00:00:00+00:00"]]',
            "ends at 2026-12-24T00:00:00+00:00, which is not after its start",
        ),
        (
            'away = [["2026-12-27T00:00:00+00:00", "2026-12-27T01:00:00+01:00"]]',
            "which is not after its start",
        ),
        ('away = "christmas"', "must be a list of [start, end] pairs"),
    ],
)
def test_bad_away_periods(away: str, expected: str) -> None:
    text = PEOPLE.replace(
        'away = [["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]]', away
    )
    line, message = one_problem(text + duty_tables())
    assert line == 5
    assert expected in message


def test_bad_away_periods_point_at_their_own_lines() -> None:
    text = PEOPLE.replace(
        'away = [["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]]',
        textwrap.dedent(
            """\
            away = [
                # Christmas
                ["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"],
                ["2026-12-31T00:00:00+00:00", "bad"],
                ["2027-01-10T00:00:00+00:00", "2027-01-09T00:00:00+00:00"],  # reversed
            ]"""
        ),
    )
    found = problems_of(text + duty_tables())
    assert [line for line, _ in found] == [8, 9]
    assert found[0][1].startswith("away period 2 of 'ana': 'bad' is not an ISO 8601 time")
    # The third period in the file, even though the second was dropped.
    assert found[1][1].startswith("an away period of 'ana' ends at 2027-01-09")


@pytest.mark.parametrize("field", ["name", "contact"])
def test_missing_name_or_contact(field: str) -> None:
    lines = [line for line in PEOPLE.splitlines() if not line.startswith(f"{field} = ")]
    text = "\n".join(lines) + "\n" + duty_tables()
    found = problems_of(text)
    assert found == [
        (1, f"person 'ana' has no {field}; {field} is required"),
        (6, f"person 'ben' has no {field}; {field} is required"),
    ]


def test_empty_name_and_wrong_types() -> None:
    text = textwrap.dedent(
        """\
        [people.ana]
        name = "  "
        contact = 42
        backup = ["ben"]

        [people.ben]
        name = "Ben"
        contact = "b"

        [people.cy]
        name = "Cy"
        contact = "c"

        [roles]
        support_lead = ["ana"]
        """
    )
    assert problems_of(text + duty_tables()) == [
        (2, "person 'ana' has no name; name is required"),
        (3, "the contact of 'ana' must be text in quotes"),
        (4, "the backup of 'ana' must be a person's key in quotes"),
        (15, 'role support_lead must be a person\'s key in quotes, or "" when unfilled'),
    ]


def test_sections_of_the_wrong_shape() -> None:
    text = "people = 3\nroles = []\nduties = 'x'\n"
    assert problems_of(text) == [
        (1, "people must hold one table per person: [people.ana]"),
        (2, "roles must be a table: [roles]"),
        (3, "duties must hold one table per severity: [duties.SEV1]"),
    ]
    text = "[people]\nana = 'Ana'\n[duties]\nSEV1 = 'x'\n" + duty_tables(skip=("SEV1",))
    assert problems_of(text) == [
        (2, "people.ana must be a table such as [people.ana]"),
        (4, "duties.SEV1 must be a table: [duties.SEV1]"),
    ]


def test_person_key_must_be_plain() -> None:
    text = '[people."ana ruiz"]\nname = "Ana"\ncontact = "a"\n' + duty_tables()
    assert one_problem(text) == (
        1,
        "person key 'ana ruiz' may only hold letters, digits, '_' and '-'",
    )


def test_invalid_toml_gives_its_line() -> None:
    line, message = one_problem('[people.ana]\nname = "Ana\ncontact = "a"\n')
    assert line == 2
    assert message.startswith("not valid TOML: ")


def test_every_problem_is_listed_together_in_line_order() -> None:
    text = textwrap.dedent(
        """\
        # A broken matrix.
        [people.ana]
        name = "Ana Ruiz"
        contact = "ana@example.com"
        backup = "zed"
        away = [
            ["2026-12-30T00:00:00+00:00", "2026-12-29T00:00:00+00:00"],
        ]
        hobby = "chess"

        [people.ben]
        contact = "ben@example.com"
        backup = "cy"

        [people.cy]
        name = "Cy"
        contact = "cy@example.com"
        backup = "ben"

        [roles]
        support_lead = "ana"
        hosting_owner = "zed"
        chef = "ana"

        [duties.SEV1]
        pause_workflows = "automation_owner"
        contact_hosting = "hosting_owner"
        contact_provider = "provider_owner"
        open_codecanyon_support = "codecanyon_owner"
        update_customers = "support_lead"
        approve_rollback = "rollback_owner"
        make_tea = "support_lead"

        [duties.SEV2]
        pause_workflows = "automation_owner"
        contact_hosting = "nobody_owner"
        contact_provider = "provider_owner"
        open_codecanyon_support = "codecanyon_owner"
        update_customers = "comms_owner"

        [duties.SEV5]
        pause_workflows = "automation_owner"
        """
    ) + duty_tables(skip=("SEV1", "SEV2", "SEV4"))
    found = problems_of(text)
    summary = [(line, message.split(";")[0].split(",")[0]) for line, message in found]
    assert summary == [
        (5, "the backup of 'ana' is 'zed'"),
        (7, "an away period of 'ana' ends at 2026-12-29T00:00:00+00:00"),
        (11, "person 'ben' has no name"),
        (22, "role hosting_owner is filled by 'zed'"),
        (23, "unknown role 'chef' in [roles]"),
        (32, "unknown duty 'make_tea' in [duties.SEV1]"),
        (36, "unknown role 'nobody_owner' for contact_hosting at SEV2"),
        (41, "unknown severity 'SEV5' in [duties]"),
    ]
    with pytest.raises(MatrixErrors) as caught:
        parse_matrix(text)
    error = caught.value
    assert isinstance(error, InvalidInput)
    lines = error.message.splitlines()
    assert lines[0] == "the matrix file has 8 problems:"
    assert lines[1] == "  line 5: the backup of 'ana' is 'zed', who is not a person in the matrix"
    assert len(lines) == 9


def test_lines_are_found_in_every_toml_layout() -> None:
    text = textwrap.dedent(
        """\
        title = '''
        [people.zed]
        backup = "x"
        '''
        [ people . "ana" ]  # spaced and quoted
        name = "Ana"
        'contact' = "a"
        backup = "q"

        [people]
        ben = { name = "Ben", contact = "b", backup = "q" }
        cy.name = "Cy"
        cy.contact = "c"
        cy.backup = "q"
        """
    )
    assert [line for line, _ in problems_of(text + duty_tables())] == [8, 11, 14]


def test_line_problem_text() -> None:
    assert str(LineProblem(3, "bad")) == "line 3: bad"
    assert str(LineProblem(None, "bad")) == "bad"
    assert (
        MatrixErrors([LineProblem(1, "x")]).message == "the matrix file has 1 problem:\n  line 1: x"
    )


# --- the default --------------------------------------------------------------------------


def test_default_matrix_has_every_duty_and_no_one() -> None:
    m = default_matrix()
    assert m.people == {}
    assert set(m.roles.values()) == {None}
    assert all(set(m.duties[s]) == set(Duty) for s in Severity)
    assert len(unfilled(m)) == len(Severity) * len(Duty)
    assert m.duties[Severity.SEV1][Duty.CONTACT_HOSTING] is Role.HOSTING_OWNER
    assert m.duties[Severity.SEV1][Duty.UPDATE_CUSTOMERS] is Role.SUPPORT_LEAD
    assert m.duties[Severity.SEV2][Duty.UPDATE_CUSTOMERS] is Role.COMMS_OWNER
    assert "[duties.SEV4]" in default_matrix_text()


def test_default_matrix_round_trips() -> None:
    m = default_matrix()
    text = dump_matrix(m)
    assert parse_matrix(text) == m
    assert dump_matrix(parse_matrix(text)) == text


# --- writing ------------------------------------------------------------------------------

MADRID = ZoneInfo("Europe/Madrid")


def rich_matrix() -> Matrix:
    people = {
        "ana": Person(
            "ana",
            'Ana "La Jefa" Ruiz',
            "ana@example.com\nor +34 600 000 000",
            "ben-2",
            (
                (
                    datetime(2026, 12, 24, tzinfo=MADRID),
                    datetime(2026, 12, 27, 9, 30, tzinfo=MADRID),
                ),
                (
                    datetime(2027, 1, 1, 0, 0, 0, 123456, tzinfo=timezone(timedelta(hours=-5))),
                    datetime(2027, 1, 2, tzinfo=UTC),
                ),
            ),
            {"slack": "@ana", "shift": [1, 2.5, True], "since": date(2024, 5, 1)},
        ),
        "ben-2": Person(
            "ben-2",
            "Ben \\ Ode\x1b[31m",
            "tab\there",
            None,
            ((datetime(2026, 8, 1, tzinfo=UTC), datetime(2026, 8, 15, tzinfo=UTC)),),
            {"hours": {"from": time(9), "to": time(17, 30)}, "nested": [[1], {"a": 0}]},
        ),
        "Cy_3": Person("Cy_3", "Çy Ñúñez 李", "cy@example.com"),
    }
    roles: dict[Role, str | None] = {role: None for role in Role}
    roles.update({Role.SUPPORT_LEAD: "ana", Role.HOSTING_OWNER: "ben-2", Role.COMMS_OWNER: "Cy_3"})
    duties = {
        severity: {duty: list(Role)[(severity.rank + i) % len(Role)] for i, duty in enumerate(Duty)}
        for severity in Severity
    }
    extra = {
        "version": 3,
        "meta": {"team": "ops", "reviewed": datetime(2026, 11, 27, 16, 30)},
        "ratio": -0.0,
        "big": float("inf"),
        "odd key": "x",
    }
    return Matrix(people, roles, duties, extra)


def test_rich_matrix_round_trips() -> None:
    m = rich_matrix()
    text = dump_matrix(m)
    back = parse_matrix(text)
    assert back == m
    assert dump_matrix(back) == text
    # Named zones come back as the same instants at fixed offsets.
    start = back.people["ana"].away[0][0]
    assert start == m.people["ana"].away[0][0]
    assert start.utcoffset() == timedelta(hours=1)


def test_dump_is_deterministic_and_readable() -> None:
    m = rich_matrix()
    shuffled = Matrix(
        dict(reversed(m.people.items())),
        dict(reversed(m.roles.items())),
        {s: dict(reversed(t.items())) for s, t in reversed(m.duties.items())},
        dict(reversed(m.extra.items())),
    )
    assert dump_matrix(shuffled) == dump_matrix(m)
    text = dump_matrix(m)
    assert text.index("[people.Cy_3]") < text.index("[people.ana]") < text.index("[people.ben-2]")
    assert text.index("[roles]") < text.index("[duties.SEV1]") < text.index("[duties.SEV4]")
    assert 'support_lead = "ana"' in text
    assert 'provider_owner = ""' in text
    assert '"odd key" = "x"' in text
    assert "away = [\n    [" in text  # two periods: one per line
    assert 'away = [["2026-08-01T00:00:00+00:00", "2026-08-15T00:00:00+00:00"]]' in text


def test_nan_is_written_but_never_equal() -> None:
    m = Matrix({}, {}, default_matrix().duties, {"x": float("nan")})
    assert math.isnan(parse_matrix(dump_matrix(m)).extra["x"])


def test_toml_string_escapes_controls() -> None:
    assert toml_string('a"b\\c\n\x00\x7f') == '"a\\"b\\\\c\\n\\u0000\\u007F"'


# --- property: random matrices round-trip ---------------------------------------------------

KEYS = st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True)
TEXT = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
MOMENTS = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    OFFSETS,
)
PERIODS = st.builds(
    lambda start, length: (start, start + length),
    MOMENTS,
    st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=60)),
)
SCALARS = st.one_of(
    st.text(max_size=10),
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False),
    MOMENTS,
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    st.dates(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def extras(reserved: tuple[str, ...]) -> st.SearchStrategy[dict[str, object]]:
    return st.dictionaries(
        st.text(max_size=8).filter(lambda k: k not in reserved), VALUES, max_size=3
    )


@st.composite
def matrices(draw: st.DrawFn) -> Matrix:
    keys = draw(st.lists(KEYS, unique=True, max_size=5))
    people = {}
    for index, key in enumerate(keys):
        later = keys[index + 1 :]
        backup = draw(st.none() | st.sampled_from(later)) if later else None
        people[key] = Person(
            key,
            draw(TEXT),
            draw(TEXT),
            backup,
            tuple(draw(st.lists(PERIODS, max_size=3))),
            draw(extras(PERSON_KEYS)),
        )
    fillers = st.sampled_from([None, *keys])
    roles = {role: draw(fillers) for role in Role}
    duties = {s: {d: draw(st.sampled_from(list(Role))) for d in Duty} for s in Severity}
    return Matrix(people, roles, duties, draw(extras(MATRIX_KEYS)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices())
def test_random_matrices_round_trip(m: Matrix) -> None:
    text = dump_matrix(m)
    back = parse_matrix(text)
    assert back == m
    assert dump_matrix(back) == text
