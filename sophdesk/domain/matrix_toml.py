"""The escalation matrix as a TOML file: read it (every problem with its line), write it.

The format (extra keys allowed, the keys shown required unless marked optional)::

    [people.ana]
    name = "Ana Ruiz"
    contact = "ana@example.com"
    backup = "ben"                      # optional, another person's key
    away = [["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]]  # optional

    [roles]
    support_lead = "ana"                # role -> person key; "" (or left out) is unfilled

    [duties.SEV1]
    pause_workflows = "automation_owner"   # duty -> role, one table per severity

Every severity SEV1-SEV4 must give a role for each of the six duties. Keys the
desk does not know are refused inside ``[roles]`` (unknown role), ``[duties]``
(unknown severity) and ``[duties.SEVn]`` (unknown duty); elsewhere they are
extra keys, kept: in a person's table as :attr:`Person.extra`, at the top level
as :attr:`Matrix.extra`. Away times are ISO 8601 strings with an offset (TOML
offset date-times, unquoted, are read too).

:func:`parse_matrix` raises :class:`MatrixErrors` listing every problem, each
with the line it is on: tomllib gives no positions, so a small scanner of the
(already valid) TOML text maps each key path to the line where it is written.
A problem about a key that is not written (a missing duty, a missing name) is
put on the line of the table that should hold it.

:func:`dump_matrix` writes the same format in a fixed order (people by key, roles
and duties in their declared order, extra keys sorted), so that
``parse_matrix(dump_matrix(m)) == m``. Limits of the round trip: comments and
layout are not kept; a time is written with its UTC offset, so a time in a named
zone (Europe/Madrid) comes back in a fixed-offset zone (the same instant, and
equal); a float NaN comes back as NaN, which never equals itself; an extra table
is written inline (``meta = { a = 1 }``), which reads back the same.

The default matrix ships as the package data file ``default_matrix.toml``, read
with :mod:`importlib.resources`. That is the one read this pure layer makes, and
it reads the package itself, never the operator's files or any state: the
shipped file, with comments a lead can follow, is the single source of the
default, and a test checks it parses to a valid matrix with every role unfilled.
"""

from __future__ import annotations

import bisect
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import resources
from typing import Any

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.matrix import (
    MATRIX_KEYS,
    PERSON_KEYS,
    Duty,
    Matrix,
    MatrixProblem,
    Path,
    Person,
    Role,
    matrix_problems,
)
from sophdesk.domain.severity import Severity

DEFAULT_MATRIX_RESOURCE = "default_matrix.toml"

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ERROR_AT = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_PLACEHOLDER = "?"
_ROLES = frozenset(r.value for r in Role)
_DUTIES = frozenset(d.value for d in Duty)
_SEVERITIES = frozenset(s.value for s in Severity)


@dataclass(frozen=True, slots=True)
class LineProblem:
    """A problem of a matrix file and the line it is on (None: the whole file)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"


class MatrixErrors(InvalidInput):
    """A matrix file that cannot be taken; :attr:`problems` lists every problem."""

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        self.problems: tuple[LineProblem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"the matrix file has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


# --- where keys are written ---------------------------------------------------------------


class _KeyLines:
    """The line (1-based) where each key path of a valid TOML text is written.

    Table headers, keys (dotted ones too) and the elements of array values are
    recorded; a path not written is found at its nearest written ancestor. Inline
    tables are one line, so their inner keys are found at the table's line.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[Path, int] = {}
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._scan()

    def line(self, path: Path) -> int | None:
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None

    # -- scanning --

    def _line_at(self, pos: int) -> int:
        return bisect.bisect_right(self._starts, pos)

    def _record(self, path: Path, pos: int, implied_from: int = 0) -> None:
        line = self._line_at(pos)
        self.lines.setdefault(path, line)
        for end in range(max(implied_from, 1), len(path)):
            self.lines.setdefault(path[:end], line)

    def _scan(self) -> None:
        text = self.text
        pos = 0
        table: Path = ()
        while pos < len(text):
            char = text[pos]
            if char in " \t\r\n":
                pos += 1
            elif char == "#":
                pos = self._skip_comment(pos)
            elif char == "[":
                double = text.startswith("[[", pos)
                start = pos
                keys, pos = self._key(pos + (2 if double else 1))
                pos = text.index("]]" if double else "]", pos) + (2 if double else 1)
                table = tuple(keys)
                self._record(table, start)
            else:
                start = pos
                keys, pos = self._key(pos)
                pos = text.index("=", pos) + 1
                path = (*table, *keys)
                self._record(path, start, implied_from=len(table) + 1)
                pos = self._value(pos, path)

    def _skip_comment(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end < 0 else end

    def _key(self, pos: int) -> tuple[list[str], int]:
        """A dotted key starting at ``pos``: its parts, and the position after it."""
        text = self.text
        parts: list[str] = []
        while True:
            while text[pos] in " \t":
                pos += 1
            if text[pos] == '"':
                end = self._skip_basic(pos)
                parts.append(_unescape(text[pos + 1 : end - 1]))
                pos = end
            elif text[pos] == "'":
                end = text.index("'", pos + 1) + 1
                parts.append(text[pos + 1 : end - 1])
                pos = end
            else:
                match = _BARE_KEY.match(text, pos)
                if match is None:  # pragma: no cover - the text is valid TOML
                    return parts, pos
                parts.append(match.group())
                pos = match.end()
            while pos < len(text) and text[pos] in " \t":
                pos += 1
            if pos < len(text) and text[pos] == ".":
                pos += 1
                continue
            return parts, pos

    def _skip_basic(self, pos: int) -> int:
        """The position after the basic string (one- or multi-line) opening at ``pos``."""
        text = self.text
        if text.startswith('"""', pos):
            pos += 3
            while True:
                if text[pos] == "\\":
                    pos += 2
                elif text.startswith('"""', pos):
                    pos += 3
                    extra = 0
                    while extra < 2 and pos < len(text) and text[pos] == '"':
                        pos += 1
                        extra += 1
                    return pos
                else:
                    pos += 1
        pos += 1
        while text[pos] != '"':
            pos += 2 if text[pos] == "\\" else 1
        return pos + 1

    def _skip_literal(self, pos: int) -> int:
        text = self.text
        if text.startswith("'''", pos):
            pos = text.index("'''", pos + 3) + 3
            extra = 0
            while extra < 2 and pos < len(text) and text[pos] == "'":
                pos += 1
                extra += 1
            return pos
        return text.index("'", pos + 1) + 1

    def _value(self, pos: int, path: Path) -> int:
        """Skip the value starting after ``=`` at ``pos``; record the lines of the
        elements of an array value. Returns the position of the line's end."""
        text = self.text
        depth = 0
        array = False
        index = 0
        expecting = False
        while pos < len(text):
            char = text[pos]
            if char in " \t\r":
                pos += 1
                continue
            if char == "\n":
                if depth == 0:
                    return pos
                pos += 1
                continue
            if char == "#":
                pos = self._skip_comment(pos)
                continue
            if array and depth == 1 and expecting and char not in ",]":
                self._record((*path, index), pos)
                index += 1
                expecting = False
            if char == '"':
                pos = self._skip_basic(pos)
                continue
            if char == "'":
                pos = self._skip_literal(pos)
                continue
            if char in "[{":
                if depth == 0:
                    array = char == "["
                    expecting = array
                depth += 1
            elif char in "]}":
                depth -= 1
            elif char == "," and depth == 1 and array:
                expecting = True
            pos += 1
        return pos


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(body: str) -> str:
    """The text of a TOML basic string's body (a key in quotes)."""

    def one(match: re.Match[str]) -> str:
        token = match.group(1)
        if token[0] in "uU":
            return chr(int(token[1:], 16))
        return _ESCAPES.get(token, token)

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, body)


# --- reading ------------------------------------------------------------------------------


def _known(values: Sequence[str]) -> str:
    return ", ".join(values)


def _moment(value: object) -> datetime | str:
    """An away time, or why it is not one."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return f"{value!r} is not an ISO 8601 time"
    else:
        return f"{value!r} is not an ISO 8601 time"
    if moment.utcoffset() is None:
        return f"{value!s} has no offset; add one, e.g. +00:00"
    return moment


class _Reader:
    """Turns the parsed TOML into matrix parts, noting each problem with its path."""

    def __init__(self) -> None:
        self.problems: list[MatrixProblem] = []
        #: For each person, the file index of each away period kept.
        self.away_index: dict[str, list[int]] = {}

    def bad(self, path: Path, message: str) -> None:
        self.problems.append(MatrixProblem(path, message))

    def text(self, key: str, raw: dict[str, Any], field: str) -> str:
        """A required text field; missing is left to the matrix check ("has no ...")."""
        value = raw.get(field, "")
        if isinstance(value, str):
            return value
        self.bad(("people", key, field), f"the {field} of {key!r} must be text in quotes")
        return _PLACEHOLDER

    def person(self, key: str, raw: object) -> Person:
        where: Path = ("people", key)
        if not isinstance(raw, dict):
            self.bad(where, f"people.{key} must be a table such as [people.{key}]")
            return Person(key, _PLACEHOLDER, _PLACEHOLDER)
        name = self.text(key, raw, "name")
        contact = self.text(key, raw, "contact")
        backup = raw.get("backup")
        if backup is not None and not isinstance(backup, str):
            self.bad((*where, "backup"), f"the backup of {key!r} must be a person's key in quotes")
            backup = None
        away = self.away(key, raw.get("away", []))
        extra = {k: v for k, v in raw.items() if k not in PERSON_KEYS}
        return Person(key, name, contact, backup or None, away, extra)

    def away(self, key: str, raw: object) -> tuple[tuple[datetime, datetime], ...]:
        where: Path = ("people", key, "away")
        kept: list[tuple[datetime, datetime]] = []
        self.away_index[key] = []
        if not isinstance(raw, list):
            self.bad(where, f"away of {key!r} must be a list of [start, end] pairs")
            return ()
        for index, item in enumerate(raw):
            here: Path = (*where, index)
            what = f"away period {index + 1} of {key!r}"
            if not isinstance(item, list) or len(item) != 2:
                self.bad(
                    here,
                    f"{what} must be a [start, end] pair of ISO 8601 times with an offset,"
                    ' e.g. ["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]',
                )
                continue
            start, end = _moment(item[0]), _moment(item[1])
            if isinstance(start, str) or isinstance(end, str):
                why = [m for m in (start, end) if isinstance(m, str)]
                self.bad(here, f"{what}: {'; '.join(why)}")
                continue
            kept.append((start, end))
            self.away_index[key].append(index)
        return tuple(kept)

    def roles(self, raw: object) -> dict[Role, str | None]:
        roles: dict[Role, str | None] = {}
        if not isinstance(raw, dict):
            self.bad(("roles",), "roles must be a table: [roles]")
            return roles
        for key, value in raw.items():
            if key not in _ROLES:
                self.bad(
                    ("roles", key),
                    f"unknown role {key!r} in [roles]; the roles are: {_known(list(Role))}",
                )
            elif not isinstance(value, str):
                self.bad(
                    ("roles", key),
                    f'role {key} must be a person\'s key in quotes, or "" when unfilled',
                )
            else:
                roles[Role(key)] = value
        return roles

    def duties(self, raw: object) -> dict[Severity, dict[Duty, Role]]:
        duties: dict[Severity, dict[Duty, Role]] = {}
        if not isinstance(raw, dict):
            self.bad(("duties",), "duties must hold one table per severity: [duties.SEV1]")
            return duties
        for name, table in raw.items():
            if name not in _SEVERITIES:
                self.bad(
                    ("duties", name),
                    f"unknown severity {name!r} in [duties]; the severities are:"
                    f" {_known(list(Severity))}",
                )
                continue
            severity = Severity(name)
            if not isinstance(table, dict):
                self.bad(("duties", name), f"duties.{name} must be a table: [duties.{name}]")
                continue
            held: dict[Duty, Role] = {}
            for key, role in table.items():
                if key not in _DUTIES:
                    self.bad(
                        ("duties", name, key),
                        f"unknown duty {key!r} in [duties.{name}]; the duties are:"
                        f" {_known(list(Duty))}",
                    )
                elif not isinstance(role, str) or role not in _ROLES:
                    self.bad(
                        ("duties", name, key),
                        f"unknown role {role!r} for {key} at {name}; the roles are:"
                        f" {_known(list(Role))}",
                    )
                else:
                    held[Duty(key)] = Role(role)
            duties[severity] = held
        return duties

    def file_path(self, path: Path) -> Path:
        """A matrix problem's path with away indices counted in the file."""
        if len(path) >= 4 and path[0] == "people" and path[2] == "away":
            key, index = path[1], path[3]
            kept = self.away_index.get(str(key), [])
            if isinstance(index, int) and index < len(kept):
                return (*path[:3], kept[index], *path[4:])
        return path


def parse_matrix(text: str) -> Matrix:
    """The matrix a TOML text describes; :class:`MatrixErrors` lists every problem.

    A duty left out of ``[duties.SEVn]`` (or a whole severity left out) keeps the
    shipped default role for it; :attr:`Matrix.defaulted` names those duties.
    """
    return _parse(text, _default_duties())


def _parse(text: str, defaults: dict[Severity, dict[Duty, Role]] | None) -> Matrix:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_ERROR_AT.search(message)
        line = int(match.group(1)) if match else None
        if match:
            message = message[: match.start()]
        raise MatrixErrors([LineProblem(line, f"not valid TOML: {message}")]) from None
    reader = _Reader()
    raw_people = data.get("people", {})
    people: dict[str, Person] = {}
    if isinstance(raw_people, dict):
        for key, raw in raw_people.items():
            people[key] = reader.person(key, raw)
    else:
        reader.bad(("people",), "people must hold one table per person: [people.ana]")
    roles = reader.roles(data.get("roles", {}))
    duties = reader.duties(data.get("duties", {}))
    defaulted: set[tuple[Severity, Duty]] = set()
    for severity, table in (defaults or {}).items():
        held = duties.setdefault(severity, {})
        for duty, role in table.items():
            if duty not in held:
                held[duty] = role
                defaulted.add((severity, duty))
    extra = {k: v for k, v in data.items() if k not in MATRIX_KEYS}
    reported = {p.path for p in reader.problems}
    problems = list(reader.problems)
    for problem in matrix_problems(people, roles, duties, extra):
        path = reader.file_path(problem.path)
        # A key already reported (or a table that could not be read) is not
        # reported again through what follows from it.
        if not any(path[: len(r)] == r for r in reported):
            problems.append(MatrixProblem(path, problem.message))
    if problems:
        where = _KeyLines(text)
        found = [LineProblem(where.line(p.path), p.message) for p in problems]
        found.sort(key=lambda p: (p.line is None, p.line or 0))
        raise MatrixErrors(found)
    return Matrix(people, roles, duties, extra, frozenset(defaulted))


def default_matrix_text() -> str:
    """The text of the default matrix shipped with the package."""
    return resources.files("sophdesk.domain").joinpath(DEFAULT_MATRIX_RESOURCE).read_text("utf-8")


def default_matrix() -> Matrix:
    """The default matrix: every duty given to a role, every role unfilled, no people."""
    return _parse(default_matrix_text(), None)


_DEFAULT_DUTIES: list[dict[Severity, dict[Duty, Role]]] = []


def _default_duties() -> dict[Severity, dict[Duty, Role]]:
    """The role the default matrix gives each duty at each severity (read once)."""
    if not _DEFAULT_DUTIES:
        _DEFAULT_DUTIES.append(default_matrix().duties)
    return {severity: dict(table) for severity, table in _DEFAULT_DUTIES[0].items()}


# --- writing ------------------------------------------------------------------------------

_HEADER = """\
# sophdesk escalation matrix.
# [people.KEY]: name, contact, optional backup (another person's key) and away periods.
# [roles]: the person's key filling each role; "" means unfilled.
# [duties.SEVn]: the role holding each duty at that severity; a duty left out
# keeps the default role (shown commented out, "the default").
"""

_NO_PEOPLE = """\
# No people yet. Add one table per person, e.g.:
# [people.ana]
# name = "Ana Ruiz"
# contact = "ana@example.com"
# backup = "ben"
# away = [["2026-12-24T00:00:00+00:00", "2026-12-27T00:00:00+00:00"]]
"""


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, every control character escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_key(key: str) -> str:
    """A key as written: bare when it can be, else quoted."""
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_value(value: object) -> str:
    """A plain value (see :func:`plain_value_problem`) as TOML, on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in sorted(value.items()))
        return "{ " + items + " }"
    raise InvalidInput(f"{type(value).__name__} values cannot be written to the matrix file")


def _period(period: tuple[datetime, datetime]) -> str:
    return f"[{toml_string(period[0].isoformat())}, {toml_string(period[1].isoformat())}]"


def _person_lines(person: Person) -> list[str]:
    lines = [
        f"[people.{toml_key(person.key)}]",
        f"name = {toml_string(person.name)}",
        f"contact = {toml_string(person.contact)}",
    ]
    if person.backup is not None:
        lines.append(f"backup = {toml_string(person.backup)}")
    if len(person.away) == 1:
        lines.append(f"away = [{_period(person.away[0])}]")
    elif person.away:
        lines.append("away = [")
        lines.extend(f"    {_period(p)}," for p in person.away)
        lines.append("]")
    lines.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in sorted(person.extra.items()))
    return lines


def dump_matrix(matrix: Matrix) -> str:
    """The matrix in the file format, in a fixed order; :func:`parse_matrix` reads it back."""
    blocks: list[list[str]] = [[_HEADER.rstrip("\n")]]
    if matrix.extra:
        blocks.append([f"{toml_key(k)} = {toml_value(v)}" for k, v in sorted(matrix.extra.items())])
    if matrix.people:
        blocks.extend(_person_lines(matrix.people[key]) for key in sorted(matrix.people))
    else:
        blocks.append([_NO_PEOPLE.rstrip("\n")])
    blocks.append(
        ["[roles]", *(f"{role.value} = {toml_string(matrix.roles[role] or '')}" for role in Role)]
    )
    for severity in Severity:
        table = matrix.duties[severity]
        lines = [f"[duties.{severity.value}]"]
        for d in Duty:
            line = f"{d.value} = {toml_string(table[d])}"
            if (severity, d) in matrix.defaulted:
                # Left out of the file: it keeps the default, and so does a re-import.
                line = f"# {line}  (the default: not given in the file)"
            lines.append(line)
        blocks.append(lines)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
