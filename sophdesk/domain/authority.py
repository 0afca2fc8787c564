"""Who may do what: the acts reserved to the support lead of the escalation matrix.

Importing the matrix and overriding a severity change what every operator is
told to do, so on a shared desk only the person filling the ``support_lead`` role
may do them. The operator is recognised by name (``--as``, the config's operator,
or the OS user) matching the lead's person key or their name, ignoring case.

While the matrix has no support lead yet (a new desk) anyone may: someone has to
import the first matrix, the one that names the lead.
"""

from __future__ import annotations

from sophdesk.domain.errors import DomainError
from sophdesk.domain.matrix import Matrix, Role


class NotSupportLead(DomainError):
    """The act is reserved to the support lead, and the operator is someone else."""


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def is_support_lead(matrix: Matrix, operator: str) -> bool:
    lead = matrix.filled_by(Role.SUPPORT_LEAD)
    return lead is not None and (_same(operator, lead.key) or _same(operator, lead.name))


def check_support_lead(matrix: Matrix, operator: str, act: str) -> None:
    """Refuse ``act`` (e.g. "import the escalation matrix") unless ``operator`` is
    the support lead, or no support lead is named yet (bootstrap)."""
    lead = matrix.filled_by(Role.SUPPORT_LEAD)
    if lead is None or is_support_lead(matrix, operator):
        return
    raise NotSupportLead(
        f"only the support lead may {act}: the matrix names {lead.shown()}, and you are"
        f" {operator!r}; ask {lead.name} to do it."
    )
