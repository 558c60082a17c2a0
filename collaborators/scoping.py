"""How the collaborator network is placed in the province (see accounts.scoping)."""

from django.db.models import Q

from socialwork.accounts.models import Role
from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import Attendance, Collaborator, TrainingCourse


def _own_attendance_only(user) -> Q:
    # A collaborator sees colleagues by name only: never their training record.
    return Q(collaborator__user=user) if user.role == Role.COLLABORATOR else Q()


def register() -> None:
    # Commune roles see their commune's collaborators (a collaborator: names only,
    # decided by the serializer/page); leadership is refused (counts via coverage).
    register_scope(Collaborator, ScopePolicy(commune="user__area"))
    register_scope(
        Attendance,
        ScopePolicy(
            commune="collaborator__user__area",
            facility=lambda user: Q(staff_member__user=user),
            commune_extra=_own_attendance_only,
        ),
    )
    # Courses are not personal: a catalogue everyone signed in may read.
    register_scope(TrainingCourse, ScopePolicy(reference=True))
