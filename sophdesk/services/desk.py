"""The desk's use cases. The TUI and the CLI both call these and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sophdesk.domain.errors import InvalidInput
from sophdesk.domain.incident import Incident, IncidentDetail, NewIncident
from sophdesk.domain.lifecycle import Status, check_transition
from sophdesk.domain.queue import QueueFilter, QueueRow
from sophdesk.domain.review import check_may_review
from sophdesk.domain.sla import SlaPolicy, default_policy
from sophdesk.domain.timefmt import utcnow
from sophdesk.services import at_rest
from sophdesk.services.clocks import refresh_clocks
from sophdesk.store import repository, triage
from sophdesk.store.database import Database
from sophdesk.store.errors import StaleVersion
from sophdesk.store.migrate import Progress

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sophdesk.domain.matrix import Matrix
    from sophdesk.domain.severity import Severity

# StaleVersion is re-exported: the faces catch it (the TUI may not import the store).
__all__ = ["Clock", "Desk", "StaleVersion"]

Clock = Callable[[], datetime]


class Desk:
    """One operator's view of one database."""

    def __init__(
        self,
        database: Database,
        actor: str,
        clock: Clock = utcnow,
        policy: SlaPolicy | None = None,
    ) -> None:
        self.database = database
        self._actor_given = actor
        self._actor: str | None = None
        self.clock = clock
        self.policy = policy or default_policy()

    @classmethod
    def open(
        cls,
        url: str,
        actor: str,
        clock: Clock = utcnow,
        progress: Progress | None = None,
        policy: SlaPolicy | None = None,
    ) -> Desk:
        desk = cls(Database.open(url, progress=progress), actor, clock, policy)
        desk.start_triage_clocks()
        return desk

    def start_triage_clocks(self) -> int:
        """Give a triage clock to each open incident nobody has assessed that has
        none (a database written before triage clocks existed); returns how many."""
        with self.database.reading() as session:
            missing = triage.unclocked_unassessed_ids(session)
        if not missing:
            return 0
        with self.database.writing() as session:
            now = self.clock()
            for incident_id in triage.unclocked_unassessed_ids(session):
                refresh_clocks(session, incident_id, self.policy, now)
        return len(missing)

    def close(self) -> None:
        self.database.close()

    @property
    def actor(self) -> str:
        """Who acts (recorded on every event): the person, without any e-mail address,
        phone or key a ``--as`` value may carry."""
        if self._actor is None:
            self._actor = at_rest.clean_name(self._actor_given)
        return self._actor

    @actor.setter
    def actor(self, value: str) -> None:
        self._actor_given = value
        self._actor = None

    def intake(
        self, session: Session, incident_id: int | None, *, remember: bool = True
    ) -> at_rest.Intake:
        """The one door in for ``incident_id``'s text, in ``session``'s transaction."""
        return at_rest.Intake(
            self.database, session, incident_id, remember=remember, clock=self.clock
        )

    # -- reading -------------------------------------------------------------

    def queue_ids(self, wanted: QueueFilter) -> list[int]:
        with self.database.reading() as session:
            return repository.queue_ids(session, wanted)

    def queue_rows(self, ids: Sequence[int]) -> list[QueueRow]:
        with self.database.reading() as session:
            return repository.queue_rows(session, ids)

    def listing(self, wanted: QueueFilter) -> list[QueueRow]:
        """The incidents ``wanted`` selects, in queue order (what ``list`` prints)."""
        with self.database.reading() as session:
            return repository.queue_rows(session, repository.queue_ids(session, wanted))

    def detail(self, incident_id: int) -> IncidentDetail:
        with self.database.reading() as session:
            incident = repository.get_incident(session, incident_id)
            return IncidentDetail(incident, tuple(repository.events(session, incident_id)))

    def incident(self, incident_id: int) -> Incident:
        with self.database.reading() as session:
            return repository.get_incident(session, incident_id)

    def current_matrix(self) -> Matrix:
        """The escalation matrix in force: the newest recorded version, or the default."""
        from sophdesk.store import matrix

        with self.database.reading() as session:
            return matrix.current(session)[0]

    def incident_severity(self, incident_id: int) -> Severity | None:
        """The incident's severity (None when not assessed); unknown ids raise NotFound."""
        with self.database.reading() as session:
            return repository.get_incident(session, incident_id).severity

    def count(self) -> int:
        with self.database.reading() as session:
            return repository.count_incidents(session)

    def change_token(self) -> int:
        return self.database.change_token()

    def wait_for_change(self, timeout: float) -> int:
        """The change token after waiting up to ``timeout`` s; on PostgreSQL it
        returns as soon as another desk commits (LISTEN/NOTIFY), elsewhere it
        sleeps (polling)."""
        return self.database.wait_for_change(timeout)

    # -- writing -------------------------------------------------------------

    def new_incident(
        self, title: str, customer: str, body: str = "", *, keep_raw: bool = False
    ) -> Incident:
        """Open an incident. The title and body are stored redacted unless
        ``keep_raw``: then the body is kept as given and the incident marked raw."""
        NewIncident(title=title, customer=customer, body=body)  # refuse bad input first
        with self.database.writing() as session:
            door = self.intake(session, None)
            if keep_raw:
                door.learn(body)
            else:
                body = door.clean(body)
            cleaned = door.clean_fields({"title": title, "customer": customer}, ("customer",))
            title, customer = cleaned["title"], cleaned["customer"]
            new = NewIncident(title=title, customer=customer, body=body)
            now = self.clock()
            added = repository.add_incident(session, new, self.actor, now, body_raw=keep_raw)
            door.bind(added.id)
            # Not assessed yet: its triage clock runs from now.
            refresh_clocks(session, added.id, self.policy, now)
            return repository.get_incident(session, added.id)

    def change_status(
        self,
        incident_id: int,
        new: Status,
        note: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> Incident:
        """Move the incident to ``new``. ``expected_version``: the version the
        operator was looking at; if another desk changed the incident since, the
        change is refused (``StaleVersion``, showing both versions)."""
        note = (note or "").strip() or None
        if note is not None and len(note) > 2000:
            raise InvalidInput("the note is longer than 2000 characters")
        with self.database.writing() as session:
            current = repository.get_incident(session, incident_id)
            repository.check_version(session, current, expected_version, {"status": new})
            check_transition(current.status, new)
            note = self.intake(session, incident_id).clean_optional(note)
            if new is Status.REVIEWED:
                # The seed's after-recovery review comes before the incident is closed.
                check_may_review(incident_id, repository.events(session, incident_id))
            now = self.clock()
            repository.set_status(
                session, current, new, self.actor, now, note, expected_version=expected_version
            )
            if new.is_open:
                refresh_clocks(session, incident_id, self.policy, now)
            else:
                triage.set_clocks(session, incident_id, None)
            return repository.get_incident(session, incident_id)
