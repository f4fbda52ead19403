"""Consent withdrawn: a student's personal data destroyed everywhere, the anonymous counts kept.

The person's row stays (anonymised) so that mentorships, plans and meetings still count (her questionnaire
answers go with her: monitoring/purge.py). Every app that can hold a person's data takes part explicitly: it
registers a *participant* (`config.purge.register_participant`, called from its `AppConfig.ready()`) that runs
inside the purge's transaction with a `PurgeContext`, and declares for each of its models what the purge does
with it — so a model added later without a decision fails `tests/mentorship/test_purge_everywhere.py`.

What the context offers every participant, so that the rules live once:
- `clear(...)`: texts that belong to the child are emptied (and emptied in the audit history too);
- `scrub(...)`: other texts have every full mention of her name replaced by «[обезличено]» (surname
  with first name or initials, any case and order; the first name alone too in records she is part
  of), and the surname standing alone is *listed* on the act's page for the administrator to decide;
- `delete_file(...)`: a file removed once the transaction commits (never lost on a rollback).
"""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from config.pdf import render_pdf
from config.purge import participants, register_participant

from .models import (
    BestMentor,
    DestructionRecord,
    IndividualPlan,
    Meeting,
    Mentorship,
    Organization,
    Person,
    PlanItem,
)
from .names import ANONYMOUS, NameForms, mentions, person_name_forms, replace_mentions, surname_mentions
from .selectors import school_get

_JSON = TypeVar("_JSON")


class PurgeError(Exception):
    pass


@dataclass
class PurgeContext:
    """What a participant needs: who is purged, how her name looks, and where to report."""

    person: Person
    forms: NameForms
    roster_id: str
    birth_date: datetime.date | None
    destroyed: dict = field(default_factory=dict)
    places: list = field(default_factory=list)  # surname-alone mentions, for the administrator
    cleared: dict = field(default_factory=dict)  # {(model label, pk): {field, ...}} for the audit history
    involved: set = field(default_factory=set)  # {(model label, pk)}: records the child is part of

    def count(self, key: str, number: int = 1) -> None:
        self.destroyed[key] = self.destroyed.get(key, 0) + number

    def replace(self, text: str, *, alone: bool = False) -> str:
        """The text with every full mention of the child (and her roster ID) replaced."""
        if not text:
            return text
        text, _count = replace_mentions(text, self.forms, alone=alone)
        if self.roster_id:
            text = text.replace(self.roster_id, ANONYMOUS)
        return text

    def replace_json(self, value: _JSON, *, alone: bool = False) -> _JSON:
        """A JSON value (a list, a dict) with every full mention replaced in its texts."""
        if value is None:
            return value
        dumped = json.dumps(value, ensure_ascii=False)
        scrubbed = self.replace(dumped, alone=alone)
        return value if scrubbed == dumped else json.loads(scrubbed)

    def mentions(self, text: str) -> bool:
        """Whether the text names the child (a full mention, the surname alone or her roster ID)."""
        return bool(text) and (mentions(text, self.forms) or bool(self.roster_id and self.roster_id in text))

    def clear(self, queryset: models.QuerySet, fields: Iterable[str], *, key: str) -> int:
        """Empty texts that are the child's own (her plan, a pair of hers alone)."""
        fields = list(fields)
        label = queryset.model._meta.label
        pks = list(queryset.values_list("pk", flat=True))
        for pk in pks:
            self.cleared.setdefault((label, pk), set()).update(fields)
            self.involved.add((label, pk))
        if pks:
            queryset.model._default_manager.filter(pk__in=pks).update(**dict.fromkeys(fields, ""))
        self.count(key, len(pks))
        return len(pks)

    def scrub(
        self,
        queryset: models.QuerySet,
        fields: Iterable[str],
        *,
        key: str,
        involved: bool = False,
        place: Callable[[models.Model], tuple[str, str]] | None = None,
    ) -> int:
        """Replace full mentions in the texts of `queryset`; records the child is part of (`involved`)
        lose her surname alone and her first name alone too. With `place` (obj → (label, url)), a surname
        left standing alone is listed for the administrator. Returns the number of records changed."""
        fields = list(fields)
        label = queryset.model._meta.label
        changed = 0
        for obj in queryset.only("pk", *fields).iterator(chunk_size=2000):
            if involved:
                self.involved.add((label, obj.pk))
            new = {f: self.replace(getattr(obj, f), alone=involved) for f in fields}
            if any(new[f] != getattr(obj, f) for f in fields):
                type(obj)._default_manager.filter(pk=obj.pk).update(**new)
                changed += 1
            if place is not None and not involved:
                for name in fields:
                    self.note_place(obj, name, new[name], place)
        self.count(key, changed)
        return changed

    def note_place(
        self, obj: models.Model, field_name: str, text: str, place: Callable[[models.Model], tuple[str, str]]
    ) -> None:
        spans = surname_mentions(text, self.forms)
        if spans:
            title, url = place(obj)
            self.places.append(
                {
                    "model": obj._meta.label,
                    "pk": obj.pk,
                    "field": field_name,
                    # a text field of the model, never a relation's reverse side (which has no verbose name)
                    "field_label": str(obj._meta.get_field(field_name).verbose_name),  # type: ignore[union-attr]
                    "place": title,
                    "url": url,
                    "spans": spans,
                    "digest": text_digest(text),
                }
            )

    def delete_file(self, field_file: FieldFile) -> None:
        """Delete a stored file once the purge has committed."""
        if not field_file:
            return
        storage, name = field_file.storage, field_file.name
        # a non-empty FieldFile always has a name; the stubs type it `str | None`
        transaction.on_commit(lambda: storage.delete(name))  # type: ignore[arg-type]
        self.count("files_deleted")


def text_digest(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


# --- mentorship's own part (and the framework's tables: users, sessions, logs) ----------------------


def _registry_place(obj: models.Model) -> tuple[str, str]:
    mentorship_id = getattr(obj, "mentorship_id", None) or getattr(getattr(obj, "plan", None), "mentorship_id", None)
    if isinstance(obj, Mentorship):
        mentorship_id = obj.pk
    from django.urls import reverse

    if isinstance(obj, Organization):
        return _("Organisation № %(pk)s") % {"pk": obj.pk}, reverse("mentorship:organization_detail", args=[obj.pk])
    # Django fills a model's verbose name from its class name when not given; the stubs allow None
    verbose_name = obj._meta.verbose_name.capitalize()  # type: ignore[union-attr]
    title = _("%(model)s no. %(pk)s") % {"model": verbose_name, "pk": obj.pk}
    return title, reverse("mentorship:mentorship_detail", args=[mentorship_id])


def _purge_registry(ctx: PurgeContext) -> None:
    person = ctx.person
    others = Person.objects.exclude(pk=person.pk)
    sole = Mentorship.objects.filter(mentees=person).exclude(mentees__in=others)
    involved = Mentorship.objects.filter(Q(mentees=person) | Q(mentor=person)).distinct()
    unrelated = Mentorship.objects.exclude(pk__in=involved.values("pk"))
    texts = {
        Mentorship: ["request", "goal", "results", "termination_reason"],
        IndividualPlan: ["goal", "deficits"],
        PlanItem: ["task", "work_form", "result"],
        Meeting: ["topic", "notes"],
    }
    plans = IndividualPlan.objects.filter(mentee=person)
    ctx.clear(sole, ["request", "goal", "results", "termination_reason"], key="mentorships_cleared")
    ctx.clear(plans, ["goal", "deficits"], key="plans_cleared")
    ctx.clear(PlanItem.objects.filter(plan__in=plans), ["result"], key="plan_items_cleared")
    ctx.clear(Meeting.objects.filter(mentorship__in=sole), ["notes"], key="meeting_notes_cleared")
    ctx.clear(BestMentor.objects.filter(person=person), ["citation"], key="awards_cleared")
    by_mentorship = {
        Mentorship: ("pk__in", "mentorship_texts_scrubbed"),
        IndividualPlan: ("mentorship__in", "plans_scrubbed"),
        PlanItem: ("plan__mentorship__in", "plan_items_scrubbed"),
        Meeting: ("mentorship__in", "meetings_scrubbed"),
    }
    for model, (lookup, key) in by_mentorship.items():
        ctx.scrub(model._default_manager.filter(**{lookup: involved}), texts[model], key=key, involved=True)
        ctx.scrub(
            model._default_manager.filter(**{lookup: unrelated}),
            texts[model],
            key="other_registry_texts_scrubbed",
            place=_registry_place,
        )
    ctx.scrub(Organization.objects.all(), ["contacts"], key="other_registry_texts_scrubbed", place=_registry_place)
    ctx.count("categories_removed", person.categories.count())
    person.categories.clear()
    _purge_account(ctx)


def _purge_account(ctx: PurgeContext) -> None:
    """A student mentor's portal account: no name, no login, no sessions, no lockout records."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session

    user = ctx.person.user
    if user is None:
        return
    username = user.username
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    user.username = f"obezlicheno-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    ctx.involved.add((user._meta.label, user.pk))
    ctx.count("accounts_anonymised")


def _clear_history(entry: LogEntry, fields: set[str]) -> tuple[dict[str, Any], object]:
    """An audit entry of a record whose texts the purge emptied: those texts go from its history too."""
    changes = dict(entry.changes or {})
    for name in fields & set(changes):
        value = changes[name]
        changes[name] = ["", ""] if isinstance(value, list) else ""
    data = entry.serialized_data
    if isinstance(data, list | dict):
        data = json.loads(json.dumps(data))
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("fields"), dict):
                for name in fields & set(item["fields"]):
                    item["fields"][name] = ""
    return changes, data


def _purge_history(ctx: PurgeContext) -> None:
    """The audit history (django-auditlog) and the Django admin's «recent actions»."""
    from django.contrib.admin.models import LogEntry as AdminLogEntry

    person = ctx.person
    own = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk))
    ctx.count(
        "audit_entries_of_person",
        own.update(object_repr=ANONYMOUS, changes=None, changes_text="", serialized_data=None, additional_data=None),
    )
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    cleared = {(label.lower(), str(pk)): fields for (label, pk), fields in ctx.cleared.items()}
    involved = {(label.lower(), str(pk)) for label, pk in ctx.involved}
    # JSON columns may store Cyrillic escaped, so every entry is read and checked in Python.
    for entry in (
        LogEntry.objects.exclude(pk__in=own.values("pk"))
        .only("pk", "content_type_id", "object_pk", "object_repr", "changes", "changes_text", "serialized_data")
        .iterator(chunk_size=2000)
    ):
        key = (labels.get(entry.content_type_id, ""), entry.object_pk)
        changes, data, text = entry.changes, entry.serialized_data, entry.changes_text
        if key in cleared:
            changes, data = _clear_history(entry, cleared[key])
            text = ""
        alone = key in involved
        new = (
            ctx.replace(entry.object_repr, alone=alone),
            ctx.replace(text, alone=alone),
            ctx.replace_json(changes, alone=alone),
            ctx.replace_json(data, alone=alone),
        )
        if new != (entry.object_repr, entry.changes_text, entry.changes, entry.serialized_data):
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=new[0], changes_text=new[1], changes=new[2], serialized_data=new[3]
            )
            ctx.count("audit_entries_scrubbed")
    person_type = ContentType.objects.get_for_model(Person)
    ctx.count(
        "admin_log_entries_of_person",
        AdminLogEntry.objects.filter(content_type=person_type, object_id=str(person.pk)).update(
            object_repr=ANONYMOUS, change_message=""
        ),
    )
    for entry in AdminLogEntry.objects.exclude(content_type=person_type, object_id=str(person.pk)).iterator():
        new_repr, new_message = ctx.replace(entry.object_repr), ctx.replace(entry.change_message)
        if (new_repr, new_message) != (entry.object_repr, entry.change_message):
            AdminLogEntry.objects.filter(pk=entry.pk).update(object_repr=new_repr, change_message=new_message)
            ctx.count("admin_log_entries_scrubbed")


def _anonymise_person(person: Person) -> None:
    for name, value in {
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
        "strengths": "",
        "interests": "",
        "request": "",
        "availability": "",
        "user": None,
        "purged_at": timezone.now(),
    }.items():
        setattr(person, name, value)
    person.save()


MENTORSHIP_DECISIONS = {
    "mentorship.Person": "the row stays, anonymised: name, birth date, class letter, roster ID, contacts, "
    "consents and categories removed, the portal account unlinked",
    "mentorship.Mentorship": "texts of her pairs alone cleared; of her groups scrubbed; elsewhere scrubbed and listed",
    "mentorship.IndividualPlan": "her plans' goal and deficits cleared; other plans scrubbed",
    "mentorship.PlanItem": "results of her items cleared; every item scrubbed",
    "mentorship.Meeting": "notes of her pairs alone cleared; every meeting scrubbed",
    "mentorship.BestMentor": "her citation cleared; the entry stays for the counts, naming the anonymised record",
    "mentorship.Organization": "contacts scrubbed and listed",
    "mentorship.DestructionRecord": "the act names no one: its grounds refuse the child's name",
    "mentorship.School": "the school's details: no child's data",
    "mentorship.MenteeCategory": "reference data",
    "mentorship.MentorshipForm": "reference data",
    "mentorship.RoleModel": "reference data",
    "auth.User": "a student mentor's account: name, e-mail and password removed, login disabled",
    "auth.Group": "roles: no personal data",
    "auth.Permission": "reference data",
    "contenttypes.ContentType": "reference data",
    "sessions.Session": "the sessions of her account are deleted",
    "admin.LogEntry": "«recent actions»: her entries anonymised, others scrubbed",
    "auditlog.LogEntry": "her entries emptied; entries of cleared texts cleared; every entry scrubbed",
    "axes.AccessAttempt": "login attempts of her account deleted",
    "axes.AccessLog": "logins of her account deleted",
    "axes.AccessFailureLog": "failed logins of her account deleted",
}


def grounds_error(person: Person, reason: str) -> str | None:
    """The act's grounds must not name the child (in any case): the act itself names no one."""
    forms = person_name_forms(person)
    if mentions(reason, forms) or (person.roster_id and person.roster_id in (reason or "")):
        return _(
            "The grounds must not name the student: give the application's number and date, "
            "the act already refers to the registry record."
        )
    return None


@transaction.atomic
def student_purge(
    *, person: Person, withdrawn_on: datetime.date, user: User | None = None, reason: str = ""
) -> DestructionRecord:
    if person.kind != Person.Kind.STUDENT:
        raise PurgeError(_("Personal data are destroyed on withdrawal of consent for students only."))
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if person.purged_at:  # checked under the lock: a parallel purge has already done it
        raise PurgeError(_("This student's personal data have already been destroyed."))
    error = grounds_error(person, reason)
    if error:
        raise ValidationError({"reason": error})
    ctx = PurgeContext(
        person=person, forms=person_name_forms(person), roster_id=person.roster_id or "", birth_date=person.birth_date
    )
    with disable_auditlog():
        _purge_registry(ctx)
        for participant in participants():
            if participant.app_label != "mentorship":
                participant.handler(ctx)
        _anonymise_person(person)
        _purge_history(ctx)
    record = DestructionRecord.objects.create(
        person=person,
        consent_withdrawn_on=withdrawn_on,
        reason=reason,
        destroyed=ctx.destroyed,
        places=ctx.places,
        performed_by=user,
    )
    pdf, _pages = render_pdf("mentorship/print/destruction_act.html", {"record": record, "school": school_get()})
    record.pdf.save(f"act-{record.pk}.pdf", ContentFile(pdf), save=True)
    return record


def open_places(record: DestructionRecord) -> list[dict]:
    """The act's listed places with their state now: a place whose text has not changed since the purge
    still holds the surname (shown in context for the administrator); a changed one has been dealt with."""
    from django.apps import apps

    rows = []
    for place in record.places or []:
        try:
            model = apps.get_model(place["model"])
            obj = model.objects.filter(pk=place["pk"]).first()
        except (LookupError, KeyError):
            obj = None
        text = getattr(obj, place.get("field", ""), "") if obj is not None else ""
        unchanged = obj is not None and text_digest(text) == place.get("digest")
        fragments = []
        if unchanged:
            for start, end in place.get("spans", []):
                fragments.append((text[max(0, start - 40) : start], text[start:end], text[end : end + 40]))
        rows.append({**place, "open": unchanged, "fragments": fragments})
    return rows


register_participant(app_label="mentorship", handler=_purge_registry, decisions=MENTORSHIP_DECISIONS)
