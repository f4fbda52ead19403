"""Preview once for organisations and mentorships too: the confirm applies what the preview kept, through
the services (audit entries included), without reading the file; a registry changed in between is noticed."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from mentorship.models import Mentorship, Organization
from roster import importer
from roster.models import RosterJob
from tests.factories import OrganizationFactory, StudentFactory, UserFactory

from .files import xlsx

pytestmark = pytest.mark.django_db
JOURNAL = reverse("mentorship:import_journal")


def _upload(client, path, kind):
    with open(path, "rb") as f:
        return client.post(JOURNAL, {"kind": kind, "file": f, "sheet": ""}, follow=True)


def _no_second_read(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the confirm read the file again")

    monkeypatch.setattr(importer, "open_table", refuse)


def _confirm(client, job):
    client.post(reverse("mentorship:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


ORGANIZATIONS = [
    ["Название", "ИНН", "Тип", "Территория", "Контакты"],
    ["ПАО Сбербанк", "7707083893", "предприятие", "город", "8 800\nsber@example.ru"],
    ["ООО Вятка", "", "", "район", ""],
]


def test_the_organisations_preview_writes_nothing_and_the_confirm_applies_its_plan(
    client_as, admin_user_role, tmp_path, monkeypatch
):
    OrganizationFactory(name="ООО Вятка", inn="", territory=Organization.Territory.TOWN)
    client = client_as(admin_user_role)
    _upload(client, xlsx(ORGANIZATIONS, tmp_path / "o.xlsx"), "organizations")
    job = RosterJob.objects.get()
    assert (job.status, job.created, job.updated) == (RosterJob.Status.PREVIEW, 1, 1)
    assert Organization.objects.count() == 1 and Organization.objects.get().territory == Organization.Territory.TOWN
    _no_second_read(monkeypatch)
    job = _confirm(client, job)
    assert (job.status, job.created, job.updated, job.unchanged) == (RosterJob.Status.DONE, 1, 1, 0)
    organizations = {o.name: o for o in Organization.objects.all()}
    assert organizations["ПАО Сбербанк"].contacts == "8 800\nsber@example.ru"
    assert organizations["ООО Вятка"].territory == Organization.Territory.DISTRICT
    kind = ContentType.objects.get_for_model(Organization)
    logged = LogEntry.objects.filter(content_type=kind).values_list("object_pk", "action")
    assert (str(organizations["ПАО Сбербанк"].pk), LogEntry.Action.CREATE) in set(logged)
    assert (str(organizations["ООО Вятка"].pk), LogEntry.Action.UPDATE) in set(logged)


def test_an_organisation_added_since_the_preview_makes_the_confirm_check_again(client_as, admin_user_role, tmp_path):
    client = client_as(admin_user_role)
    _upload(client, xlsx(ORGANIZATIONS, tmp_path / "o.xlsx"), "organizations")
    job = RosterJob.objects.get()
    assert (job.status, job.created) == (RosterJob.Status.PREVIEW, 2)
    OrganizationFactory(name="ООО Вятка", inn="", territory=Organization.Territory.TOWN)  # meanwhile, by hand
    job = _confirm(client, job)
    # The plan would have made a second «ООО Вятка»; checked again, the row updates the one made meanwhile.
    assert (job.status, job.created, job.updated) == (RosterJob.Status.DONE, 1, 1)
    vyatka = Organization.objects.get(name="ООО Вятка")
    assert vyatka.territory == Organization.Territory.DISTRICT
    assert Organization.objects.count() == 2


MENTORSHIPS = [
    ["ID", "Форма", "Наставник", "Наставляемые", "Дата начала", "Запрос", "Куратор"],
    ["P-1", "ученик–ученик", "S-1", "S-2; S-3", "01.10.2024", "олимпиада\nи ОГЭ", "kurator"],
]


@pytest.fixture
def pupils():
    StudentFactory(roster_id="S-1", last_name="Старшая", grade=10)
    StudentFactory(roster_id="S-2", grade=6)
    StudentFactory(roster_id="S-3", grade=6)
    return UserFactory(username="kurator")


def test_the_mentorships_confirm_applies_the_previews_plan_through_the_services(
    client_as, admin_user_role, tmp_path, monkeypatch, pupils
):
    client = client_as(admin_user_role)
    _upload(client, xlsx(MENTORSHIPS, tmp_path / "p.xlsx"), "mentorships")
    job = RosterJob.objects.get()
    assert (job.status, job.created) == (RosterJob.Status.PREVIEW, 1), job.errors
    assert not Mentorship.objects.exists()  # the preview's writes were rolled back
    _no_second_read(monkeypatch)
    job = _confirm(client, job)
    assert (job.status, job.created) == (RosterJob.Status.DONE, 1)
    pair = Mentorship.objects.get()
    assert (pair.roster_id, pair.start_date, pair.request, pair.curator) == (
        "P-1",
        datetime.date(2024, 10, 1),
        "олимпиада\nи ОГЭ",
        pupils,
    )
    assert sorted(m.roster_id for m in pair.mentees.all()) == ["S-2", "S-3"]
    assert pair.plans.count() == 2  # mentorship_create made the individual plans, as in the browser
    assert LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Mentorship)).exists()


def test_a_pair_made_since_the_preview_makes_the_confirm_check_every_row_again(
    client_as, admin_user_role, tmp_path, pupils
):
    from mentorship.models import MentorshipForm, Person
    from tests.factories import MentorshipFactory

    client = client_as(admin_user_role)
    _upload(client, xlsx(MENTORSHIPS, tmp_path / "p.xlsx"), "mentorships")
    job = RosterJob.objects.get()
    MentorshipFactory(
        roster_id="P-1",
        form=MentorshipForm.objects.get(code=MentorshipForm.Code.STUDENT_STUDENT),
        mentor=Person.objects.get(roster_id="S-1"),
        mentees=[Person.objects.get(roster_id="S-2")],
        start_date=datetime.date(2024, 9, 1),
    )
    job = _confirm(client, job)
    # Checked again: the pair with this ID now exists, so the row updates it instead of creating a second one.
    assert (job.status, job.created, job.updated) == (RosterJob.Status.DONE, 0, 1), job.errors
    assert Mentorship.objects.count() == 1
    assert sorted(m.roster_id for m in Mentorship.objects.get().mentees.all()) == ["S-2", "S-3"]
