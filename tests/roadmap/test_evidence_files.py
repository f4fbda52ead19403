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
        services.roadmap_row_delete(row=occurrence.activity.section)
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
def test_the_admin_shows_the_roadmap_read_only_so_no_delete_there_can_orphan_files(
    client_as, admin_user_role, occurrence, evidence_path, django_capture_on_commit_callbacks, model, row_of
):
    admin_user_role.is_superuser = True  # not even a superuser deletes here: the pages' services do it
    admin_user_role.save()
    row = row_of(occurrence)
    url = reverse(f"admin:roadmap_{model._meta.model_name}_delete", args=[row.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(admin_user_role).post(url, {"post": "yes"})
    assert response.status_code == 403
    assert model.objects.filter(pk=row.pk).exists()
    assert evidence_path.exists()
