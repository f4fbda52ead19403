"""The children's-safety rule of the public page, in one place.

A best mentor linked to a student of the registry may be shown only while that student's
`publication_consent` (the parent's consent to publication) is recorded. It is checked when the entry
is published (services) and every time the page is built (selectors filter with `consent_q`), so a
withdrawn consent removes the entry at once. A student cannot be typed in by hand: the role
«student» requires the registry person, and a registry student can only have the role «student».
Nor can a student be named in any published text — an entry under another role, a news item, a
document's title, a text of the page: a full mention of a registry student without the consent (any
case and word order, ё or е, see mentorship/names.py) refuses the publication.
"""

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from mentorship.names import mentions, name_forms, surname_stem
from mentorship.selectors import (
    PersonKind,
    person_may_be_published,
    publication_allowed_q,
    students_without_publication_consent,
)

# The texts of each kind of item that the page shows.
PUBLISHED_TEXTS = {
    "PageText": ("title", "body"),
    "Document": ("title",),
    "NewsItem": ("title", "text", "picture_alt"),
    "FeaturedMentor": ("name", "role_text", "words"),
}

ROLE_OF_KIND = {
    PersonKind.STUDENT: "student",
    PersonKind.TEACHER: "teacher",
    PersonKind.EXTERNAL: "external",
}


def consent_q():
    """Best mentors that may be shown: not linked to a student, or linked to a student with consent.
    An entry marked «student» without its registry person is never shown, however it got there."""
    return (Q(person__isnull=True) | publication_allowed_q(prefix="person")) & ~Q(role="student", person__isnull=True)


def consent_allows(best_mentor):
    person = best_mentor.person if best_mentor.person_id else None
    if person is None:
        return best_mentor.role != "student"
    return person_may_be_published(person=person)


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


def _prefixes(text):
    words = re.findall(r"[\w-]+", text.lower().replace("ё", "е"))
    return {word[:length] for word in words for length in range(3, len(word) + 1)}


def students_without_consent_named(*texts) -> bool:
    """Whether the texts name (in full) a registry student whose parent has not consented to publication."""
    text = "\n".join(t for t in texts if t)
    if not text.strip():
        return False
    prefixes = _prefixes(text)
    for last_name, first_name, patronymic in students_without_publication_consent():
        if surname_stem(last_name) in prefixes and mentions(
            text, name_forms(last_name, first_name, patronymic), surname_alone=False
        ):
            return True
    return False


def consent_text_errors(item) -> dict:
    """{field: message} for each published text that names a student without the consent to publication.
    The registry student chosen for a best mentor is checked by `consent_allows`, not here."""
    errors = {}
    linked = getattr(item, "person", None)
    for name in PUBLISHED_TEXTS.get(type(item).__name__, ()):
        value = getattr(item, name, "")
        if linked is not None and name == "name":
            continue  # the registry person's own name: the consent rule above decides
        if students_without_consent_named(value):
            errors[name] = _(
                "This text names a student of the registry whose parent has not given consent to publication: "
                "remove the name or record the consent in the registry first."
            )
    return errors
