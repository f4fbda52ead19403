import io

import openpyxl
import pytest
from django.core.management import call_command

from mentorship.models import Person
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
    assert (code, out) == (0, "created 12, updated 0, unchanged 0\n")
    assert "100%" in err
    assert Person.objects.count() == 12
    code, out, _err = _run("students", str(path))
    assert (code, out) == (0, "created 0, updated 0, unchanged 12\n")
    job = RosterJob.objects.filter(source=RosterJob.Source.COMMAND).order_by("pk").last()
    assert (job.status, job.unchanged, job.file_name) == (RosterJob.Status.DONE, 12, "s.xlsx")


def test_an_invalid_row_prints_every_error_exits_1_and_writes_nothing(tmp_path):
    rows = students(5)
    rows[1][2] = "вчера"
    rows[3][3] = "14Б"
    code, out, _err = _run("students", str(xlsx([STUDENT_HEADER, *rows], tmp_path / "s.xlsx")), "--no-progress")
    assert code == 1
    assert out.splitlines() == [
        "row 3, column «Дата рождения»: «вчера» — не дата: укажите её как ДД.ММ.ГГГГ.",
        "row 5, column «Класс»: 14 класса не бывает: классы с 1 по 11.",
    ]
    assert Person.objects.count() == 0
    assert RosterJob.objects.get().status == RosterJob.Status.FAILED


def test_dry_run_prints_what_would_happen_and_writes_nothing(tmp_path):
    path = xlsx([STUDENT_HEADER, *students(3)], tmp_path / "s.xlsx")
    assert _run("students", str(path), "--dry-run")[:2] == (0, "created 3, updated 0, unchanged 0\n")
    assert Person.objects.count() == 0


def test_the_sheet_option_reads_the_named_sheet(tmp_path):
    path = xlsx([["Титульный лист"]], tmp_path / "s.xlsx", sheets={"7Б": [STUDENT_HEADER, *students(2)]})
    assert _run("students", str(path), "--sheet", "7Б")[:2] == (0, "created 2, updated 0, unchanged 0\n")


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
        if kind == "mentorships":
            # The example pair needs a mentor S-0002 and a mentee S-0001 of the right kind: it names them.
            assert code == 1 and "У-0002" in out
        else:
            assert (code, out) == (0, "created 1, updated 0, unchanged 0\n"), out


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
