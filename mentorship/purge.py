"""Consent withdrawn: a student's personal data destroyed everywhere, the anonymous counts kept.

The person's row stays (anonymised) so that mentorships, plans, meetings and feedback ratings still
count; every free text that could name or describe the child is cleared, the audit history is
scrubbed, other apps remove their files through the `person_purged` signal, and an act is written.
"""

import json

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from config.pdf import render_pdf

from .models import (
    BestMentor,
    DestructionRecord,
    Feedback,
    IndividualPlan,
    Meeting,
    Mentorship,
    Person,
    PlanItem,
)
from .selectors import school_get

# Sent inside the purge's transaction with `person` and `names` (strings to remove); receivers in other
# apps delete or rewrite their own files and rows that may hold the person's data.
person_purged = Signal()

ANONYMOUS = "[обезличено]"


class PurgeError(Exception):
    pass


def _name_variants(person):
    variants = {
        person.full_name,
        person.short_name,
        f"{person.last_name} {person.first_name}".strip(),
        f"{person.first_name} {person.last_name}".strip(),
        person.last_name,
    }
    if person.roster_id:
        variants.add(person.roster_id)
    # Longest first, so a full name is replaced before its surname alone.
    return sorted((v for v in variants if v and len(v) >= 3), key=len, reverse=True)


def _scrub(text, names):
    if not text:
        return text
    for name in names:
        text = text.replace(name, ANONYMOUS)
    return text


def _scrub_json(value, names):
    if value is None:
        return None
    dumped = json.dumps(value, ensure_ascii=False)
    scrubbed = _scrub(dumped, names)
    return value if scrubbed == dumped else json.loads(scrubbed)


def _scrub_fields(queryset, fields, names):
    changed = 0
    for obj in queryset:
        new = {f: _scrub(getattr(obj, f), names) for f in fields}
        if any(new[f] != getattr(obj, f) for f in fields):
            type(obj).objects.filter(pk=obj.pk).update(**new)
            changed += 1
    return changed


def _scrub_audit_log(person, names):
    own = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk))
    own_count = own.update(object_repr=ANONYMOUS, changes=None, changes_text="", serialized_data=None)
    scrubbed = 0
    # JSON columns may store Cyrillic escaped, so the other entries are checked in Python.
    for entry in (
        LogEntry.objects.exclude(pk__in=own.values("pk"))
        .only("pk", "object_repr", "changes", "changes_text", "serialized_data")
        .iterator(chunk_size=2000)
    ):
        repr_, text = _scrub(entry.object_repr, names), _scrub(entry.changes_text, names)
        changes, data = _scrub_json(entry.changes, names), _scrub_json(entry.serialized_data, names)
        if (repr_, text, changes, data) != (
            entry.object_repr,
            entry.changes_text,
            entry.changes,
            entry.serialized_data,
        ):
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=repr_, changes_text=text, changes=changes, serialized_data=data
            )
            scrubbed += 1
    return own_count, scrubbed


@transaction.atomic
def student_purge(*, person: Person, withdrawn_on, user=None, reason="") -> DestructionRecord:
    if person.kind != Person.Kind.STUDENT:
        raise PurgeError("Обезличивание по отзыву согласия выполняется для обучающихся.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    # Checked after the lock: a parallel purge of the same student waits here and then finds it done.
    if person.purged_at:
        raise PurgeError("Персональные данные этого обучающегося уже уничтожены.")
    names = _name_variants(person)
    destroyed = {}
    with disable_auditlog():
        sole = Mentorship.objects.filter(mentees=person).exclude(mentees__in=Person.objects.exclude(pk=person.pk))
        involved = Mentorship.objects.filter(Q(mentees=person) | Q(mentor=person)).distinct()
        destroyed["mentorships_cleared"] = sole.update(request="", goal="", results="", termination_reason="")
        destroyed["mentorship_texts_scrubbed"] = _scrub_fields(
            involved, ["request", "goal", "results", "termination_reason"], names
        )
        plans = IndividualPlan.objects.filter(mentee=person)
        destroyed["plans_cleared"] = plans.update(goal="", deficits="")
        destroyed["plan_items_cleared"] = PlanItem.objects.filter(plan__in=plans).update(result="")
        destroyed["plan_items_scrubbed"] = _scrub_fields(
            PlanItem.objects.filter(plan__mentorship__in=involved), ["task", "work_form", "result"], names
        )
        destroyed["meeting_notes_cleared"] = Meeting.objects.filter(mentorship__in=sole).update(notes="")
        destroyed["meetings_scrubbed"] = _scrub_fields(
            Meeting.objects.filter(mentorship__in=involved), ["topic", "notes"], names
        )
        destroyed["feedback_texts_cleared"] = Feedback.objects.filter(mentee=person).update(valuable="", missing="")
        destroyed["feedback_scrubbed"] = _scrub_fields(
            Feedback.objects.filter(mentorship__in=involved), ["valuable", "missing"], names
        )
        destroyed["awards_scrubbed"] = _scrub_fields(BestMentor.objects.filter(person=person), ["citation"], names)
        destroyed["categories_removed"] = person.categories.count()
        person.categories.clear()
        for field, value in {
            "last_name": "Обезличено",
            "first_name": f"запись {person.pk}",
            "patronymic": "",
            "birth_date": None,
            "class_letter": "",
            "roster_id": None,
            "pd_consent_date": None,
            "publication_consent": False,
            "publication_consent_date": None,
            "phone": "",
            "email": "",
            "user": None,
            "purged_at": timezone.now(),
        }.items():
            setattr(person, field, value)
        person.save()
        destroyed["audit_entries_of_person"], destroyed["audit_entries_scrubbed"] = _scrub_audit_log(person, names)
        for _receiver, result in person_purged.send(sender=Person, person=person, names=names):
            if isinstance(result, dict):
                destroyed.update(result)
    record = DestructionRecord.objects.create(
        person=person, consent_withdrawn_on=withdrawn_on, reason=reason, destroyed=destroyed, performed_by=user
    )
    pdf = render_pdf("mentorship/print/destruction_act.html", {"record": record, "school": school_get()})
    record.pdf.save(f"act-{record.pk}.pdf", ContentFile(pdf), save=True)
    return record
