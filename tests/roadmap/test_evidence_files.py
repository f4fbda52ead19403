"""Evidence files leave the disk with their evidence, however it goes: the roadmap pages, a deleted
activity or section (cascade), the Django admin; and only when the transaction commits."""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from roadmap import services
from roadmap.models import Activity, Evidence, Occurrence, Programme, Section
from tests.public.factories import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def occurrence():
    return Occurrence.objects.filter(activity__number="3.1").order_by("due_on").first()


@pytest.fixture
def evidence_path(occurrence, curator):
    evidence = services.evidence_add_file(occurrence=occurrence, uploaded_file=pdf_upload("справка.pdf"), user=curator)
    path = Path(evidence.file.path)
    assert path.exists()
    return path


def test_deleting_a_section_takes_the_evidence_files_under_it_off_the_disk(
    occurrence, evidence_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.section_delete(section=occurrence.activity.section)
    assert not Evidence.objects.filter(pk__isnull=False, file__endswith=evidence_path.name).exists()
    assert not evidence_path.exists()


def test_curator_deleting_an_activity_takes_its_evidence_files_off_the_disk(
    client_as, curator, occurrence, evidence_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(curator).post(reverse("roadmap:activity_delete", args=[occurrence.activity_id]))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=occurrence.activity_id).exists()
    assert not evidence_path.exists()


def test_a_rolled_back_evidence_delete_keeps_the_file(occurrence, evidence_path, django_capture_on_commit_callbacks):
    evidence = Evidence.objects.get(occurrence=occurrence)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.evidence_delete(evidence=evidence)
        raise RuntimeError("something later in the same transaction failed")
    assert Evidence.objects.filter(occurrence=occurrence).count() == 1
    assert evidence_path.exists()


@pytest.mark.parametrize(
    ("model", "row_of"),
    [
        (Evidence, lambda occurrence: Evidence.objects.get(occurrence=occurrence)),
        (Occurrence, lambda occurrence: occurrence),
        (Activity, lambda occurrence: occurrence.activity),
        (Section, lambda occurrence: occurrence.activity.section),
        (Programme, lambda occurrence: occurrence.activity.section.programme),
    ],
)
def test_admin_delete_takes_the_evidence_files_off_the_disk(
    client_as, admin_user_role, occurrence, evidence_path, django_capture_on_commit_callbacks, model, row_of
):
    admin_user_role.is_superuser = True  # the admin's own delete confirmation needs every cascaded permission
    admin_user_role.save()
    row = row_of(occurrence)
    url = reverse(f"admin:roadmap_{model._meta.model_name}_delete", args=[row.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(admin_user_role).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=row.pk).exists()
    assert not evidence_path.exists()


def test_admin_bulk_delete_takes_the_evidence_files_off_the_disk(
    client_as, admin_user_role, occurrence, evidence_path, django_capture_on_commit_callbacks
):
    admin_user_role.is_superuser = True
    admin_user_role.save()
    evidence = Evidence.objects.get(occurrence=occurrence)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(admin_user_role).post(
            reverse("admin:roadmap_evidence_changelist"),
            {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not evidence_path.exists()


def test_admin_inline_delete_takes_the_evidence_files_off_the_disk(
    occurrence, evidence_path, django_capture_on_commit_callbacks
):
    from django.forms.models import inlineformset_factory

    from roadmap.admin import DeleteThroughServiceFormSet

    fields = ["starts_on", "due_on", "status", "completed_on", "note"]
    formset_class = inlineformset_factory(
        Activity, Occurrence, formset=DeleteThroughServiceFormSet, fields=fields, extra=0, can_delete=True
    )
    activity = occurrence.activity
    initial = formset_class(instance=activity)
    data = {f"{initial.prefix}-TOTAL_FORMS": len(initial.forms), f"{initial.prefix}-INITIAL_FORMS": len(initial.forms)}
    for index, form in enumerate(initial.forms):
        prefix = f"{initial.prefix}-{index}"
        data[f"{prefix}-id"] = form.instance.pk
        data[f"{prefix}-activity"] = activity.pk
        for name in fields:
            value = form.initial.get(name)
            data[f"{prefix}-{name}"] = "" if value is None else value
        if form.instance.pk == occurrence.pk:
            data[f"{prefix}-DELETE"] = "on"
    formset = formset_class(data, instance=activity)
    assert formset.is_valid(), formset.errors
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        formset.save()
    assert not Occurrence.objects.filter(pk=occurrence.pk).exists()
    assert not evidence_path.exists()
