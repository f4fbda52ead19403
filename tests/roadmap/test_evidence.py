import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap.models import Evidence, Occurrence

from . import files

D = datetime.date


@pytest.fixture
def monitoring(db):
    return Occurrence.objects.get(activity__number="3.1", due_on=D(2021, 12, 20))


def upload(client, occurrence, name, content, comment=""):
    url = reverse("roadmap:evidence_add", args=[occurrence.pk])
    prefix = f"ev{occurrence.pk}"
    return client.post(url, {f"{prefix}-file": SimpleUploadedFile(name, content), f"{prefix}-comment": comment})


@pytest.mark.parametrize(
    ("name", "content", "content_type", "stored_name"),
    [
        ("Справка мониторинг.pdf", files.PDF, "application/pdf", "Справка мониторинг.pdf"),
        ("scan.png", files.PNG, "image/png", "scan.png"),
        ("table.xlsx", files.xlsx(), files.xlsx and "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "table.xlsx"),
        ("report.docx", files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "report.docx"),
        ("справка без расширения", files.PDF, "application/pdf", "справка без расширения.pdf"),
    ],
)  # fmt: skip
def test_curator_uploads_real_files_kept_privately(client_as, curator, monitoring, settings, name, content,
                                                   content_type, stored_name):  # fmt: skip
    response = upload(client_as(curator), monitoring, name, content, comment="Справка за полугодие")
    assert response.status_code == 302
    evidence = Evidence.objects.get(occurrence=monitoring)
    assert evidence.content_type == content_type
    assert evidence.original_name == stored_name
    assert evidence.added_by == curator
    assert evidence.comment == "Справка за полугодие"
    assert evidence.size == len(content)
    stored = settings.PRIVATE_MEDIA_ROOT / evidence.file.name
    assert stored.read_bytes() == content
    assert name not in evidence.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("справка.pdf", files.EXECUTABLE),  # a renamed Windows executable
        ("справка.docx", files.ELF),
        ("отчёт.pdf", files.HTML),
        ("page.html", files.HTML),
        ("logo.png", files.SVG),
        ("архив.docx", files.plain_zip()),
        ("empty.pdf", b""),
    ],
)
def test_files_that_are_not_documents_or_images_are_refused_whatever_their_name(
    client_as, curator, monitoring, name, content
):
    response = upload(client_as(curator), monitoring, name, content)
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    page = client_as(curator).get(response["Location"])
    assert "Подтверждение не добавлено" in page.content.decode()


def test_files_over_the_size_limit_are_refused(client_as, curator, monitoring, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    upload(client_as(curator), monitoring, "big.pdf", files.PDF + b"0" * (1024 * 1024))
    assert not Evidence.objects.exists()


def test_curator_adds_a_link_with_a_comment(client_as, curator, monitoring):
    prefix = f"ev{monitoring.pk}"
    client_as(curator).post(
        reverse("roadmap:evidence_add", args=[monitoring.pk]),
        {f"{prefix}-url": "https://lyceum.example/news/1", f"{prefix}-comment": "Новость"},
    )
    evidence = Evidence.objects.get()
    assert (evidence.url, evidence.comment, evidence.added_by) == ("https://lyceum.example/news/1", "Новость", curator)


def test_a_file_and_a_link_together_or_nothing_are_refused(client_as, curator, monitoring):
    prefix = f"ev{monitoring.pk}"
    url = reverse("roadmap:evidence_add", args=[monitoring.pk])
    client = client_as(curator)
    client.post(url, {f"{prefix}-comment": "пусто"})
    client.post(
        url,
        {f"{prefix}-url": "https://lyceum.example/", f"{prefix}-file": SimpleUploadedFile("a.pdf", files.PDF)},
    )
    assert not Evidence.objects.exists()


@pytest.fixture
def pdf_evidence(client_as, curator, monitoring):
    upload(client_as(curator), monitoring, "Справка.pdf", files.PDF)
    return Evidence.objects.get()


@pytest.mark.parametrize("role_fixture", ["curator", "director", "admin_user_role"])
def test_staff_download_evidence_as_an_attachment_that_is_not_sniffed(request, client, pdf_evidence, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("roadmap:evidence_download", args=[pdf_evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role_fixture", ["mentor_user", "no_role_user"])
def test_other_roles_cannot_fetch_an_evidence_file(request, client, pdf_evidence, role_fixture):
    client.logout()
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("roadmap:evidence_download", args=[pdf_evidence.pk]))
    assert response.status_code == 403
    assert files.PDF not in response.content


def test_an_anonymous_visitor_cannot_fetch_an_evidence_file(client, pdf_evidence):
    client.logout()  # the fixture uploaded the file as the curator on this same client
    response = client.get(reverse("roadmap:evidence_download", args=[pdf_evidence.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_evidence_files_have_no_public_url(pdf_evidence, settings):
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValueError):
        pdf_evidence.file.url  # noqa: B018


def test_the_director_cannot_add_or_delete_evidence(client_as, director, pdf_evidence, monitoring):
    client = client_as(director)
    assert upload(client, monitoring, "a.pdf", files.PDF).status_code == 403
    assert client.post(reverse("roadmap:evidence_delete", args=[pdf_evidence.pk])).status_code == 403
    assert Evidence.objects.count() == 1


def test_curator_deletes_evidence_and_its_file(
    client_as, curator, pdf_evidence, settings, django_capture_on_commit_callbacks
):
    path = settings.PRIVATE_MEDIA_ROOT / pdf_evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client_as(curator).post(reverse("roadmap:evidence_delete", args=[pdf_evidence.pk]))
    assert not Evidence.objects.exists()
    assert not path.exists()
