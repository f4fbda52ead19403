import io

import openpyxl
import pytest
from django.core.management import call_command

from mentorship.models import Mentorship, Organization, Person
from roster.models import RosterJob

from .files import STUDENT_HEADER, strict_xlsx, students, xlsx

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_roster", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_import_prints_one_summary_line_and_the_progress_bar_goes_to_stderr(tmp_path):
    path = xlsx([STUDENT_HEADER, *students(12)], tmp_path / "s.xlsx")
    code, out, err = _run("students", str(path))
    assert (code, out) == (0, "создано 12, изменено 0, без изменений 0\n")
    assert "100%" in err
    assert Person.objects.count() == 12
    code, out, _err = _run("students", str(path))
    assert (code, out) == (0, "создано 0, изменено 0, без изменений 12\n")
    job = RosterJob.objects.filter(source=RosterJob.Source.COMMAND).order_by("pk").last()
    assert (job.status, job.unchanged, job.file_name) == (RosterJob.Status.DONE, 12, "s.xlsx")


def test_an_invalid_row_prints_every_error_exits_1_and_writes_nothing(tmp_path):
    rows = students(5)
    rows[1][2] = "вчера"
    rows[3][3] = "14Б"
    code, out, _err = _run("students", str(xlsx([STUDENT_HEADER, *rows], tmp_path / "s.xlsx")), "--no-progress")
    assert code == 1
    assert out.splitlines() == [
        "строка 3, столбец «Дата рождения»: «вчера» — не дата: укажите её как ДД.ММ.ГГГГ.",
        "строка 5, столбец «Класс»: 14 класса не бывает: классы с 1 по 11.",
    ]
    assert Person.objects.count() == 0
    assert RosterJob.objects.get().status == RosterJob.Status.FAILED


def test_dry_run_prints_what_would_happen_and_writes_nothing(tmp_path):
    path = xlsx([STUDENT_HEADER, *students(3)], tmp_path / "s.xlsx")
    assert _run("students", str(path), "--dry-run")[:2] == (0, "создано 3, изменено 0, без изменений 0\n")
    assert Person.objects.count() == 0


def test_the_sheet_option_reads_the_named_sheet(tmp_path):
    path = xlsx([["Титульный лист"]], tmp_path / "s.xlsx", sheets={"7Б": [STUDENT_HEADER, *students(2)]})
    assert _run("students", str(path), "--sheet", "7Б")[:2] == (0, "создано 2, изменено 0, без изменений 0\n")


@pytest.mark.parametrize("kind", ["students", "teachers", "organizations", "external", "mentorships"])
def test_every_template_has_the_header_and_one_example_row(tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    call_command("roster_template", kind, str(path), stdout=io.StringIO())
    rows = list(openpyxl.load_workbook(path).active.values)
    assert len(rows) == 2
    assert rows[0][0] in ("ID", "Название")


def test_the_templates_example_rows_import_cleanly_in_order(tmp_path):
    for kind in ["organizations", "students", "teachers", "external", "mentorships"]:
        path = tmp_path / f"{kind}.xlsx"
        call_command("roster_template", kind, str(path), stdout=io.StringIO())
        code, out, _err = _run(kind, str(path), "--no-progress")
        # Every template imports as shipped: the example pair's mentor and mentee are the other templates' people.
        assert (code, out) == (0, "создано 1, изменено 0, без изменений 0\n"), out
    pair = Mentorship.objects.get()
    assert (pair.form.code, pair.mentor.roster_id, pair.role_model.name) == (
        "employer_student",
        "Н-0001",
        "работодатель – будущий сотрудник",
    )
    assert [m.roster_id for m in pair.mentees.all()] == ["У-0001"]
    assert Organization.objects.get().contacts == "+7 (83334) 6-00-00\npriemnaya@example.ru"


def test_a_strict_ooxml_workbook_imports_from_the_command_line(tmp_path):
    path = strict_xlsx([STUDENT_HEADER, *students(3)], tmp_path / "strict.xlsx")
    code, out, _err = _run("students", str(path), "--no-progress")
    assert code == 0, out
    assert RosterJob.objects.get().status == RosterJob.Status.DONE
    assert sorted(Person.objects.values_list("roster_id", flat=True)) == ["S00001", "S00002", "S00003"]


def test_a_crash_during_a_command_import_ends_the_job_failed_not_running(tmp_path, monkeypatch):
    from django.core.management import CommandError

    from roster import services as jobs

    def boom(**kwargs):
        raise RuntimeError("диск переполнен")

    monkeypatch.setattr(jobs, "roster_import", boom)
    path = xlsx([STUDENT_HEADER, *students(3)], tmp_path / "s.xlsx")
    with pytest.raises(CommandError, match="Импорт не удался: диск переполнен"):
        _run("students", str(path), "--no-progress")
    job = RosterJob.objects.get()
    assert (job.status, job.message) == (RosterJob.Status.FAILED, "Импорт не удался: диск переполнен")
    assert job.finished_at is not None


def test_every_line_the_command_prints_is_russian(tmp_path):
    rows = [
        ["ФИО", "Дата рождения", "Класс"],
        ["Иванова Мария", "", "7Б"],
        ["Петров Пётр", "02.02.2011", "7Б"],
        ["Итого: 2"],
        ["Директор ______ И.О. Фамилия"],
    ]
    code, out, err = _run("students", str(xlsx(rows, tmp_path / "s.xlsx")))
    assert code == 0
    assert out.splitlines() == [
        "создано 2, изменено 0, без изменений 0",
        "пропущены как итоги и подписи: строки 4, 5",
        "предупреждение: строка 2, столбец «Дата рождения»: "
        "Нет даты рождения: обучающийся не попадёт ни в одну возрастную группу.",
    ]
    assert err.strip().endswith("100% 4 из 4 строк")
    rows[2][2] = "7Я7"
    code, out, _err = _run("students", str(xlsx(rows, tmp_path / "s.xlsx")), "--no-progress")
    assert (code, out) == (1, "строка 3, столбец «Класс»: «7Я7» — не класс: укажите его как 7Б.\n")


def test_the_commands_help_is_russian():
    from roster.management.commands.import_roster import Command

    parser = Command().create_parser("manage.py", "import_roster")
    text = parser.format_help()
    assert "Проверить файл, ничего не записывая." in text and "Импорт списка" in text


def test_a_wrong_kind_or_a_missing_file_is_told_in_russian_and_exits_1(tmp_path):
    code, out, _err = _run("pupils", str(tmp_path / "none.xlsx"))
    assert (code, out) == (
        1,
        "Неизвестный вид списка «pupils»: укажите один из: "
        "students, teachers, organizations, external, mentorships, mentors.\n",
    )
    code, out, _err = _run("students", str(tmp_path / "none.xlsx"))
    assert (code, out) == (1, f"Файла «{tmp_path / 'none.xlsx'}» нет.\n")
    assert not RosterJob.objects.exists()
