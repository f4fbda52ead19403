import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from mentorship.models import Mentorship, Person
from roster.models import RosterJob
from roster.services import roster_job_run
from tests.factories import MentorshipFactory, OrganizationFactory, StudentFactory

from .files import STUDENT_HEADER, strict_xlsx, students, xlsx

pytestmark = pytest.mark.django_db
JOURNAL = reverse("mentorship:import_journal")


def _upload(client, path, kind="students", sheet=""):
    with open(path, "rb") as f:
        return client.post(JOURNAL, {"kind": kind, "file": f, "sheet": sheet}, follow=True)


def test_anonymous_is_sent_to_login_and_other_roles_get_403_on_the_import_pages(client, client_as, curator, director):
    job = RosterJob.objects.create(kind="students", file_name="a.xlsx", status=RosterJob.Status.PREVIEW)
    urls = [
        JOURNAL,
        reverse("mentorship:import_job", args=[job.pk]),
        reverse("mentorship:import_template", args=["students"]),
    ]
    for url in urls:
        assert client.get(url).url.startswith("/accounts/login/")
    for user in (curator, director):
        c = client_as(user)
        for url in urls:
            assert c.get(url).status_code == 403
        assert c.post(reverse("mentorship:import_confirm", args=[job.pk])).status_code == 403


def test_the_admin_sees_the_journal_with_the_upload_form_and_template_links(client_as, admin_user_role):
    response = client_as(admin_user_role).get(JOURNAL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Импорт списков" in page
    assert reverse("mentorship:import_template", args=["mentorships"]) in page


def test_upload_shows_the_preview_then_confirm_writes_and_removes_the_file(
    client_as, admin_user_role, tmp_path, settings
):
    StudentFactory(roster_id="S00001", last_name="Ученикова1", first_name="Мария", patronymic="Ивановна")
    client = client_as(admin_user_role)
    response = _upload(client, xlsx([STUDENT_HEADER, *students(4)], tmp_path / "list.xlsx"))
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.PREVIEW
    assert (job.created, job.updated, job.unchanged) == (3, 1, 0)
    page = response.content.decode()
    assert "Подтвердить импорт" in page and "Будет создано" in page
    assert Person.objects.count() == 1  # nothing written yet
    stored = settings.PRIVATE_MEDIA_ROOT / job.stored_file
    assert stored.exists() and str(stored).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not str(stored).startswith(str(settings.MEDIA_ROOT / "roster"))
    response = client.post(reverse("mentorship:import_confirm", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == RosterJob.Status.DONE
    assert Person.objects.count() == 4
    assert not stored.exists() and job.stored_file == ""
    assert "создано 3, обновлено 1" in response.content.decode()
    # A second confirm does nothing.
    client.post(reverse("mentorship:import_confirm", args=[job.pk]))
    assert Person.objects.count() == 4


def test_cancel_removes_the_file_and_writes_nothing(client_as, admin_user_role, tmp_path, settings):
    client = client_as(admin_user_role)
    _upload(client, xlsx([STUDENT_HEADER, *students(2)], tmp_path / "list.xlsx"))
    job = RosterJob.objects.get()
    stored = settings.PRIVATE_MEDIA_ROOT / job.stored_file
    client.post(reverse("mentorship:import_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == RosterJob.Status.CANCELLED
    assert not stored.exists()
    assert Person.objects.count() == 0


def test_a_file_with_errors_shows_every_error_with_row_and_column_and_cannot_be_confirmed(
    client_as, admin_user_role, tmp_path
):
    rows = students(100)
    rows[71][2] = "32.13.2011"
    client = client_as(admin_user_role)
    response = _upload(client, xlsx([STUDENT_HEADER, *rows], tmp_path / "list.xlsx"))
    page = response.content.decode()
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.FAILED
    assert job.errors == [{"row": 73, "column": "Дата рождения", "message": "Такой даты нет: «32.13.2011»."}]
    assert '<td data-label="Строка">73</td>' in page and "Такой даты нет" in page
    assert "Подтвердить импорт" not in page
    client.post(reverse("mentorship:import_confirm", args=[job.pk]))
    assert Person.objects.count() == 0


def test_a_large_file_is_checked_and_imported_by_the_background_task(
    client_as, admin_user_role, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_ASYNC_ROWS = 10
    client = client_as(admin_user_role)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(client, xlsx([STUDENT_HEADER, *students(30)], tmp_path / "big.xlsx"))
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.QUEUED and len(callbacks) == 1
    assert '<meta http-equiv="refresh"' in response.content.decode()
    callbacks[0]()  # the task runs (eagerly in tests)
    job.refresh_from_db()
    assert (job.status, job.created, job.rows_done) == (RosterJob.Status.PREVIEW, 30, 30)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorship:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == RosterJob.Status.DONE
    assert Person.objects.count() == 30


def test_the_task_is_idempotent_a_second_run_does_nothing(tmp_path, settings, admin_user_role):
    path = xlsx([STUDENT_HEADER, *students(3)], tmp_path / "s.xlsx")
    stored = settings.PRIVATE_MEDIA_ROOT / "roster" / "x.xlsx"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(path.read_bytes())
    job = RosterJob.objects.create(
        kind="students", file_name="s.xlsx", stored_file="roster/x.xlsx", stage=RosterJob.Stage.IMPORT
    )
    roster_job_run(job_id=job.pk)
    roster_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created) == (RosterJob.Status.DONE, 3)
    assert Person.objects.count() == 3


def test_a_crash_in_the_task_marks_the_job_failed_with_the_error(tmp_path, settings, monkeypatch):
    from roster import services as jobs

    def boom(**kwargs):
        raise RuntimeError("диск переполнен")

    monkeypatch.setattr(jobs, "roster_import", boom)
    job = RosterJob.objects.create(kind="students", file_name="s.xlsx", stored_file="roster/none.xlsx")
    roster_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RosterJob.Status.FAILED
    assert "диск переполнен" in job.message


# --- Exports -------------------------------------------------------------------------------------


def _sheet(response):
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)


@pytest.mark.parametrize("kind", ["students", "teachers", "external", "organizations", "mentorships"])
def test_exports_for_curator_and_director_not_for_a_mentor_or_anonymous(
    client, client_as, curator, director, mentor_user, kind
):
    url = reverse("mentorship:roster_export", args=[kind])
    assert client.get(url).url.startswith("/accounts/login/")
    assert client_as(mentor_user).get(url).status_code == 403
    for user in (curator, director):
        response = client_as(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert RosterJob.objects.filter(action=RosterJob.Action.EXPORT, kind=kind).count() == 2


def test_export_neutralises_formulas_in_every_text_cell(client_as, curator):
    StudentFactory(last_name='=HYPERLINK("http://evil")', first_name="+7", patronymic="@SUM(A1)", roster_id="-1")
    OrganizationFactory(name="\tTab", contacts="\rCR")
    rows = _sheet(client_as(curator).get(reverse("mentorship:roster_export", args=["students"])))
    assert rows[1][:4] == ("'-1", '\'=HYPERLINK("http://evil")', "'+7", "'@SUM(A1)")
    rows = _sheet(client_as(curator).get(reverse("mentorship:roster_export", args=["organizations"])))
    assert rows[1][0] == "'\tTab"


def test_an_export_imports_back_without_changes(client_as, curator, tmp_path, run_import):
    StudentFactory.create_batch(3, categories=[])
    MentorshipFactory()
    for kind in ["students", "mentorships"]:
        response = client_as(curator).get(reverse("mentorship:roster_export", args=[kind]))
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(response.content)
        result = run_import(kind, path)
        assert result.ok, result.errors
        assert result.created == result.updated == 0


def test_the_mentorship_export_lists_mentor_mentees_form_dates_and_status(client_as, curator):
    mentorship = MentorshipFactory()
    rows = _sheet(client_as(curator).get(reverse("mentorship:roster_export", args=["mentorships"])))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert {"Форма", "Наставник", "Наставляемые", "Дата начала", "Дата окончания", "Статус"} <= set(header)
    assert row["Наставник"] == mentorship.mentor.full_name
    assert row["Статус"] == "активна"
    assert row["Дата начала"].date() == mentorship.start_date


@pytest.mark.parametrize("size", [2, 20])
def test_exports_issue_a_fixed_number_of_queries(client_as, curator, django_assert_max_num_queries, size):
    StudentFactory.create_batch(size)
    MentorshipFactory.create_batch(size // 2)
    client = client_as(curator)
    for kind in ["students", "mentorships"]:
        with django_assert_max_num_queries(12):
            assert client.get(reverse("mentorship:roster_export", args=[kind])).status_code == 200
    assert Mentorship.objects.count() == size // 2


def test_a_strict_ooxml_workbook_uploads_to_a_preview_and_imports(
    client, client_as, admin_user_role, curator, tmp_path
):
    path = strict_xlsx([STUDENT_HEADER, *students(3)], tmp_path / "strict.xlsx")
    with open(path, "rb") as f:
        assert client.post(JOURNAL, {"kind": "students", "file": f}).url.startswith("/accounts/login/")
    with open(path, "rb") as f:
        assert client_as(curator).post(JOURNAL, {"kind": "students", "file": f}).status_code == 403
    assert not RosterJob.objects.exists()
    _upload(client_as(admin_user_role), path)
    job = RosterJob.objects.get()
    assert (job.status, job.created) == (RosterJob.Status.PREVIEW, 3)
    assert Person.objects.count() == 0


def test_a_strict_ooxml_workbook_in_the_background_task_reaches_the_preview(tmp_path, settings):
    path = strict_xlsx([STUDENT_HEADER, *students(3)], tmp_path / "strict.xlsx")
    stored = settings.PRIVATE_MEDIA_ROOT / "roster" / "strict.xlsx"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(path.read_bytes())
    job = RosterJob.objects.create(kind="students", file_name="strict.xlsx", stored_file="roster/strict.xlsx")
    roster_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created) == (RosterJob.Status.PREVIEW, 3)


def test_any_failure_while_reading_the_workbook_ends_the_job_failed_in_russian(
    client_as, admin_user_role, tmp_path, monkeypatch
):
    from roster import reading

    def broken(workbook, sheet):
        raise KeyError("xl/worksheets/sheet1.xml")

    monkeypatch.setattr(reading, "_worksheet", broken)
    _upload(client_as(admin_user_role), xlsx([STUDENT_HEADER, *students(3)], tmp_path / "list.xlsx"))
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.FAILED
    assert job.message == "Файл не удалось прочитать как книгу Excel: возможно, он повреждён."


# --- Preview once ----------------------------------------------------------------------------------


def test_the_confirm_applies_the_previews_plan_without_reading_the_file_again(
    client_as, admin_user_role, tmp_path, monkeypatch, settings
):
    from roster import importer

    StudentFactory(roster_id="S00001", last_name="Ученикова1", first_name="Мария", patronymic="Ивановна")
    client = client_as(admin_user_role)
    rows = [[*STUDENT_HEADER, "Категории"], *[[*r, "ОВЗ"] for r in students(4)]]
    _upload(client, xlsx(rows, tmp_path / "list.xlsx"))
    job = RosterJob.objects.get()
    assert (job.status, job.created, job.updated) == (RosterJob.Status.PREVIEW, 3, 1)
    assert Person.objects.count() == 1
    assert (settings.PRIVATE_MEDIA_ROOT / f"{job.stored_file}.plan.json").exists()

    def no_second_read(*args, **kwargs):
        raise AssertionError("the confirm read the file again")

    monkeypatch.setattr(importer, "open_table", no_second_read)
    client.post(reverse("mentorship:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created, job.updated, job.unchanged) == (RosterJob.Status.DONE, 3, 1, 0)
    assert job.stored_file == ""
    people = {p.roster_id: p for p in Person.objects.prefetch_related("categories")}
    assert set(people) == {"S00001", "S00002", "S00003", "S00004"}
    assert (people["S00003"].birth_date, people["S00003"].class_name) == (datetime.date(2013, 4, 4), "8Б")
    assert all([c.short_name for c in p.categories.all()] == ["ОВЗ"] for p in people.values())
    assert people["S00001"].class_name == "6Б"  # the updated row was written too
    assert not list((settings.PRIVATE_MEDIA_ROOT / "roster").glob("*.plan.json"))


def test_a_registry_changed_since_the_preview_makes_the_confirm_check_every_row_again(
    client_as, admin_user_role, tmp_path
):
    from tests.factories import TeacherFactory

    client = client_as(admin_user_role)
    _upload(client, xlsx([STUDENT_HEADER, *students(3)], tmp_path / "list.xlsx"))
    job = RosterJob.objects.get()
    assert (job.status, job.created) == (RosterJob.Status.PREVIEW, 3)
    TeacherFactory(roster_id="S00002")  # meanwhile someone gives a teacher the file's second ID
    client.post(reverse("mentorship:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == RosterJob.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "ID")]
    assert Person.objects.students().count() == 0  # all or nothing


def test_the_preview_lists_the_skipped_footer_rows_and_the_warnings(client_as, admin_user_role, tmp_path):
    rows = [
        ["ФИО", "Дата рождения", "Класс"],
        ["Иванова Мария", "", "7Б"],
        ["Итого: 1 обучающийся"],
        ["Заместитель директора ____ Е.П. Ефремова"],
    ]
    response = _upload(client_as(admin_user_role), xlsx(rows, tmp_path / "list.xlsx"))
    job = RosterJob.objects.get()
    assert (job.status, job.created) == (RosterJob.Status.PREVIEW, 1)
    assert job.skipped == [[3, "Итого: 1 обучающийся"], [4, "Заместитель директора ____ Е.П. Ефремова"]]
    assert job.warnings == [
        {
            "row": 2,
            "column": "Дата рождения",
            "message": "Нет даты рождения: обучающийся не попадёт ни в одну возрастную группу.",
        }
    ]
    page = response.content.decode()
    assert "Пропущенные строки" in page and "Итого: 1 обучающийся" in page
    assert "Предупреждения" in page and "возрастную группу" in page
