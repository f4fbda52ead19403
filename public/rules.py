"""The children's-safety rule of the public page, in one place.

A best mentor linked to a student of the registry may be shown only while that student's
`publication_consent` (the parent's consent to publication) is recorded. It is checked when the entry
is published (services) and every time the page is built (selectors filter with `consent_q`), so a
withdrawn consent removes the entry at once. A student cannot be typed in by hand: the role
«student» requires the registry person, and a registry student can only have the role «student».
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from mentorship.models import Person

ROLE_OF_KIND = {
    Person.Kind.STUDENT: "student",
    Person.Kind.TEACHER: "teacher",
    Person.Kind.EXTERNAL: "external",
}


def consent_q():
    """Best mentors that may be shown: not linked to a student, or linked to a student with consent.
    An entry marked «student» without its registry person is never shown, however it got there."""
    return (Q(person__isnull=True) | ~Q(person__kind=Person.Kind.STUDENT) | Q(person__publication_consent=True)) & ~Q(
        role="student", person__isnull=True
    )


def consent_allows(best_mentor):
    person = best_mentor.person if best_mentor.person_id else None
    if person is None:
        return best_mentor.role != "student"
    return person.kind != Person.Kind.STUDENT or bool(person.publication_consent)


def best_mentor_role_errors(best_mentor):
    """{field: message} when the role and the registry link disagree (empty when all is well)."""
    person = best_mentor.person if best_mentor.person_id else None
    if best_mentor.role == "student" and person is None:
        return {
            "person": _("Choose the student in the registry: a student is published only with the parent's consent.")
        }
    if person is not None and ROLE_OF_KIND.get(person.kind) != best_mentor.role:
        message = _("The role does not match the person in the registry (%(kind)s).")
        return {"role": message % {"kind": person.get_kind_display()}}
    return {}
