"""Who may do what in the registry, decided in one place."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

# Held by the mentor role (portal/roles.py); a linked account without it is nobody's mentor.
MENTOR_PERMISSION = "mentorship.work_as_mentor"


def require(user, perm):
    """For actions on something the user can see: a clear 403."""
    if not user.has_perm(perm):
        raise PermissionDenied


def require_or_404(user, perm):
    """For registry pages: a mentor or an account without a role is not told they exist."""
    if not user.has_perm(perm):
        raise Http404


def is_mentor(user):
    """The mentor role's permission. Being linked to a registry person (`Person.user`) gives nothing by itself."""
    return user.has_perm(MENTOR_PERMISSION)


def mentor_person(user):
    """The registry person a mentor-role account acts as, or None: the one answer to «whose pairs are mine»."""
    if not is_mentor(user):
        return None
    return getattr(user, "person", None)


def can_work_on(user, mentorship):
    """Curators edit any mentorship; a mentor logs meetings, plans and feedback of their own."""
    if user.has_perm("mentorship.change_mentorship"):
        return True
    person = mentor_person(user)
    return person is not None and mentorship.mentor_id == person.pk


def require_work_on(user, mentorship):
    if not can_work_on(user, mentorship):
        raise PermissionDenied


def can_see_registry(user):
    """Categories, dates of birth and cards are for staff; mentors see names and classes only."""
    return user.has_perm("mentorship.view_person")
