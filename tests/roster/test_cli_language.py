"""The roster commands speak Russian on every line, argparse's own (usage, options, errors) included,
run as from the command line (`run_from_argv`: argparse prints and exits)."""

import re

import pytest

from mentorship.models import Person

from .files import STUDENT_HEADER, students, xlsx

pytestmark = pytest.mark.django_db

# Latin words a Russian line may still hold: option names, the program, the kinds, Django's example paths.
ALLOWED = {
    "manage",
    "py",
    "import_roster",
    "roster_template",
    "students",
    "teachers",
    "organizations",
    "external",
    "mentorships",
    "mentors",
    "xlsx",
    "Python",
    "myproject",
    "settings",
    "main",
    "DJANGO_SETTINGS_MODULE",
    "home",
    "djangoprojects",
    "E",
    "stderr",
}
OPTION = re.compile(r"(?<![\w-])--?[a-z][\w-]*")


def english_words(text):
    text = OPTION.sub(" ", text)
    return sorted({w for w in re.findall(r"[A-Za-z_]{2,}", text)} - ALLOWED)


def run(capsys, monkeypatch, command, *args):
    from django.core.management import load_command_class

    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # the test's transaction stays open
    cmd = load_command_class("roster", command)
    with pytest.raises(SystemExit) as exit_info:
        cmd.run_from_argv(["manage.py", command, *args])
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.mark.parametrize("command", ["import_roster", "roster_template"])
def test_help_is_russian_to_the_last_line(capsys, monkeypatch, command):
    code, out, _err = run(capsys, monkeypatch, command, "--help")
    assert code == 0
    assert out.startswith("использование: manage.py ")
    assert "позиционные аргументы:" in out and "параметры:" in out
    assert "показать эту справку и выйти" in out and "Подробность вывода" in out
    assert english_words(out) == []


def test_missing_arguments_are_named_in_russian_with_exit_2(capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "import_roster")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "manage.py import_roster: ошибка: не указаны обязательные аргументы: ВИД, ФАЙЛ"
    assert english_words(err) == []


def test_an_unknown_option_and_a_wrong_template_kind_are_told_in_russian(capsys, monkeypatch, tmp_path):
    code, _out, err = run(capsys, monkeypatch, "import_roster", "students", "x.xlsx", "--bogus")
    assert code == 2 and err.splitlines()[-1].endswith("ошибка: неизвестные аргументы: --bogus")
    code, _out, err = run(capsys, monkeypatch, "roster_template", "pupils", str(tmp_path / "t.xlsx"))
    assert code == 2
    assert "ошибка: аргумент ВИД: недопустимое значение: 'pupils' (допустимы: 'students'," in err
    assert english_words(err.replace("'pupils'", "")) == []


def test_a_failed_import_is_one_russian_line_not_a_class_name(capsys, monkeypatch, tmp_path):
    path = xlsx([STUDENT_HEADER, *students(2)], tmp_path / "s.xlsx")

    def broken(**kwargs):
        raise RuntimeError("диск переполнен")

    monkeypatch.setattr("roster.management.commands.import_roster.import_recorded", broken)
    code, _out, err = run(capsys, monkeypatch, "import_roster", "students", str(path), "--no-progress")
    assert code == 1
    assert err == "Ошибка: Импорт не удался: диск переполнен\n"


def test_the_spec_kind_mentors_is_the_external_mentors_roster(capsys, monkeypatch, tmp_path):
    from mentorship.models import Organization

    Organization.objects.create(name="ООО «Ромашка»", inn="", territory=Organization.Territory.TOWN)
    path = xlsx([["ФИО", "Организация"], ["Петров Пётр Петрович", "ООО «Ромашка»"]], tmp_path / "m.xlsx")
    code, out, _err = run(capsys, monkeypatch, "import_roster", "mentors", str(path), "--no-progress")
    assert (code, out) == (0, "создано 1, изменено 0, без изменений 0\n")
    person = Person.objects.get()
    assert (person.kind, person.organization.name) == (Person.Kind.EXTERNAL, "ООО «Ромашка»")
    code, _out, _err = run(capsys, monkeypatch, "roster_template", "mentors", str(tmp_path / "t.xlsx"))
    assert code == 0 and (tmp_path / "t.xlsx").exists()


def test_the_upload_form_and_the_links_accept_mentors_too(admin_client):
    from roster.forms import RosterUploadForm

    form = RosterUploadForm(data={"kind": "mentors"}, files={})
    form.is_valid()
    assert "kind" not in form.errors and form.cleaned_data["kind"] == "external"
    response = admin_client.get("/registry/roster/import/template/mentors.xlsx")
    assert response.status_code == 200
    assert admin_client.get("/registry/roster/import/template/pupils.xlsx").status_code == 404
