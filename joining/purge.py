"""The applications' part in a purge (mentorship/purge.py): the applications of the purged person are
deleted — they hold her name, date of birth, contacts and her parent's — and any other application that
names her in full (the same surname, first name and date of birth) goes with them."""

from config.purge import register_participant
from mentorship.purge import PurgeContext

from .models import Application


def purge_applications(ctx: PurgeContext) -> None:
    person = ctx.person
    linked = Application.objects.filter(person=person)
    ctx.count("applications_deleted", linked.count())
    linked.delete()
    if ctx.birth_date is not None:
        same = Application.objects.filter(birth_date=ctx.birth_date, person__isnull=True)
        ids = [a.pk for a in same if ctx.mentions(a.full_name)]
        if ids:
            ctx.count("applications_deleted", len(ids))
            Application.objects.filter(pk__in=ids).delete()


DECISIONS = {
    "joining.Application": "her applications (linked, or naming her with her date of birth) deleted",
}


def register():
    register_participant(app_label="joining", handler=purge_applications, decisions=DECISIONS)
