"""Unsafe files are refused with a message, before parsing; nothing is written, no page answers 500."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentorship.models import Person
from roster.models import RosterJob

from . import files

pytestmark = pytest.mark.django_db

UNSAFE = {
    "truncated zip": ("list.xlsx", files.truncated_xlsx, "повреждён"),
    "pdf renamed": ("list.xlsx", files.pdf_as_xlsx, "не является книгой Excel"),
    "zip bomb": ("list.xlsx", files.zip_bomb_xlsx, "отклонён из соображений безопасности"),
    "xml entity bomb": ("list.xlsx", files.entity_bomb_xlsx, "XML-сущностей"),
    "xlsm with macros": ("list.xlsm", files.macro_xlsm, "макросы"),
    "macros renamed xlsx": ("list.xlsx", files.macro_xlsm, "макросы"),
    "password-protected": ("list.xlsx", files.encrypted_xlsx, "защищён паролем"),
    "old xls renamed": ("list.xlsx", files.old_xls, "старого формата"),
    "empty file": ("list.xlsx", lambda p: files.write_bytes(p, b""), "пуст"),
    "wrong extension": (
        "list.txt",
        lambda p: files.write_bytes(p, "ФИО;Класс".encode()),
        "только файлы .xlsx, .xls, .ods и .csv",
    ),
    "workbook named csv": ("list.csv", lambda p: files.write_bytes(p, files.xlsx_bytes([["a"]])), "переименуйте"),
}


def _make(tmp_path, name):
    file_name, build, _message = UNSAFE[name]
    return build(tmp_path / file_name)


@pytest.mark.parametrize("name", list(UNSAFE))
def test_the_import_service_refuses_an_unsafe_file_with_its_message(run_import, tmp_path, name):
    result = run_import("students", _make(tmp_path, name))
    assert len(result.errors) == 1
    assert UNSAFE[name][2] in result.file_error
    assert Person.objects.count() == 0


@pytest.mark.parametrize("name", ["zip bomb", "xml entity bomb", "password-protected", "empty file"])
def test_the_command_refuses_an_unsafe_file_with_exit_status_1(tmp_path, name, capsys):
    with pytest.raises(SystemExit) as info:
        call_command("import_roster", "students", str(_make(tmp_path, name)), "--no-progress")
    assert info.value.code == 1
    assert UNSAFE[name][2] in capsys.readouterr().out
    assert Person.objects.count() == 0


@pytest.mark.parametrize("name", list(UNSAFE))
def test_the_admin_upload_refuses_an_unsafe_file_with_its_message_and_no_500(
    client_as, admin_user_role, tmp_path, settings, name
):
    path = _make(tmp_path, name)
    client = client_as(admin_user_role)
    with path.open("rb") as f:
        response = client.post(reverse("mentorship:import_journal"), {"kind": "students", "file": f}, follow=True)
    assert response.status_code == 200
    assert UNSAFE[name][2] in response.content.decode()
    if name != "empty file":  # Django's own form refuses an empty upload before any job exists
        assert RosterJob.objects.get().status == RosterJob.Status.FAILED
    assert Person.objects.count() == 0
    stored = settings.PRIVATE_MEDIA_ROOT / "roster"
    assert not stored.exists() or not any(stored.iterdir())


def test_the_entity_bomb_is_refused_by_openpyxl_too_thanks_to_defusedxml(tmp_path):
    """The safety check gives the message; defusedxml is the second wall."""
    import defusedxml.common
    import openpyxl
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML is True
    path = files.entity_bomb_xlsx(tmp_path / "bomb.xlsx")
    with pytest.raises(ValueError) as info:  # openpyxl wraps defusedxml's EntitiesForbidden
        openpyxl.load_workbook(path, read_only=True)
    assert isinstance(info.value.__context__, defusedxml.common.DefusedXmlException)


def test_the_archive_limits_come_from_settings(run_import, tmp_path, settings):
    data = files.xlsx_bytes([files.STUDENT_HEADER, *files.students(3)])
    path = tmp_path / "many.xlsx"
    files.rezip(data, path, add={f"xl/extra/{i}.xml": b"<a/>" for i in range(20)})
    settings.ROSTER_MAX_ZIP_ENTRIES = 10
    assert "слишком много частей" in run_import("students", path).file_error
    settings.ROSTER_MAX_ZIP_ENTRIES = 1000
    assert run_import("students", path).ok


def test_an_upload_over_the_size_limit_is_refused_by_the_form(client_as, admin_user_role, settings):
    settings.ROSTER_MAX_UPLOAD_MB = 1
    upload = io.BytesIO(b"PK\x03\x04" + b"\0" * (1024 * 1024 + 10))
    upload.name = "big.xlsx"
    response = client_as(admin_user_role).post(
        reverse("mentorship:import_journal"), {"kind": "students", "file": upload}
    )
    assert response.status_code == 200
    assert "больше 1 МБ" in response.content.decode()
    assert RosterJob.objects.count() == 0


def test_a_valid_workbook_passes_the_archive_checks(tmp_path):
    from roster.safety import check_file

    path = files.xlsx([files.STUDENT_HEADER, *files.students(2000)], tmp_path / "ok.xlsx")
    assert check_file(path) == ".xlsx"
    with zipfile.ZipFile(path) as archive:
        assert "xl/workbook.xml" in archive.namelist()
