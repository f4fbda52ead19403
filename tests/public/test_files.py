"""Files of the public page: editing an item that has a file works, and a file that is replaced,
cleared or whose item is deleted leaves the disk when the transaction commits, never on a rollback."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from public import services
from public.models import Document, FeaturedMentor, NewsItem
from tests.public.factories import (
    PDF_BYTES,
    DocumentFactory,
    FeaturedMentorFactory,
    NewsItemFactory,
    png_bytes,
    png_upload,
)

pytestmark = pytest.mark.django_db

NEW_PDF = PDF_BYTES + b"% second version\n"


def _document_data(**extra):
    return {"kind": "regulation", "title": "Положение (ред. 2)", "date": "2021-01-15", "status": "published", **extra}


def _news_data(**extra):
    return {"title": "День наставника", "date": "2024-10-05", "text": "Текст.", "picture_alt": "Зал",
            "status": "published", **extra}  # fmt: skip


def _mentor_data(**extra):
    return {"role": "teacher", "name": "Анна Петровна", "role_text": "учитель физики", "words": "", "order": 0,
            "status": "published", **extra}  # fmt: skip


@pytest.fixture
def news_with_picture():
    return NewsItemFactory(picture=png_upload(), picture_alt="Зал")


@pytest.fixture
def mentor_with_photo():
    return FeaturedMentorFactory(photo=png_upload())


# --- Editing an item that already has a file ---------------------------------------------------------


def test_edit_form_of_a_document_with_a_file_opens_and_links_the_checked_download(client_as, curator):
    document = DocumentFactory()
    response = client_as(curator).get(f"/mentoring/manage/documents/{document.pk}/")
    assert response.status_code == 200
    assert reverse("public:manage_document_file", args=[document.pk]) in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "fixture", "link"),
    [("news", "news_with_picture", "public:manage_news_picture"), ("mentors", "mentor_with_photo",
                                                                   "public:manage_mentor_photo")],
)  # fmt: skip
def test_edit_form_of_an_item_with_a_picture_opens_with_a_clear_box(request, client_as, curator, kind, fixture, link):
    item = request.getfixturevalue(fixture)
    response = client_as(curator).get(f"/mentoring/manage/{kind}/{item.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse(link, args=[item.pk]) in html
    assert "-clear" in html  # the "clear" checkbox of the optional picture


def test_document_edited_without_a_new_upload_keeps_its_file(client_as, curator, django_capture_on_commit_callbacks):
    document = DocumentFactory()
    path = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(curator).post(f"/mentoring/manage/documents/{document.pk}/", _document_data())
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Положение (ред. 2)"
    assert Path(document.file.path) == path and path.read_bytes() == PDF_BYTES


def test_news_edited_without_a_new_upload_keeps_its_picture(
    client_as, curator, news_with_picture, django_capture_on_commit_callbacks
):
    path = Path(news_with_picture.picture.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(curator).post(f"/mentoring/manage/news/{news_with_picture.pk}/", _news_data())
    assert response.status_code == 302
    news_with_picture.refresh_from_db()
    assert news_with_picture.title == "День наставника" and Path(news_with_picture.picture.path) == path
    assert path.exists()


def test_an_invalid_edit_of_an_item_with_a_file_shows_the_form_again(client_as, curator, news_with_picture):
    response = client_as(curator).post(f"/mentoring/manage/news/{news_with_picture.pk}/", _news_data(title=""))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()


# --- Replaced, cleared, deleted -------------------------------------------------------------------


def test_a_replaced_document_file_leaves_the_disk(client_as, curator, django_capture_on_commit_callbacks):
    document = DocumentFactory()
    old = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(curator).post(
            f"/mentoring/manage/documents/{document.pk}/", _document_data(file=SimpleUploadedFile("new.pdf", NEW_PDF))
        )
    assert response.status_code == 302
    document.refresh_from_db()
    new = Path(document.file.path)
    assert new != old and new.read_bytes() == NEW_PDF
    assert document.size == len(NEW_PDF)
    assert not old.exists()


def test_a_replaced_news_picture_leaves_the_disk(
    client_as, curator, news_with_picture, django_capture_on_commit_callbacks
):
    old = Path(news_with_picture.picture.path)
    picture = SimpleUploadedFile("new.png", png_bytes((10, 200, 10)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(curator).post(
            f"/mentoring/manage/news/{news_with_picture.pk}/", _news_data(picture=picture)
        )
    assert response.status_code == 302
    news_with_picture.refresh_from_db()
    assert Path(news_with_picture.picture.path).read_bytes() == png_bytes((10, 200, 10))
    assert not old.exists()


def test_a_replaced_mentor_photo_leaves_the_disk(
    client_as, curator, mentor_with_photo, django_capture_on_commit_callbacks
):
    old = Path(mentor_with_photo.photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(curator).post(
            f"/mentoring/manage/mentors/{mentor_with_photo.pk}/",
            _mentor_data(photo=SimpleUploadedFile("new.png", png_bytes((1, 2, 3)))),
        )
    assert response.status_code == 302
    mentor_with_photo.refresh_from_db()
    assert Path(mentor_with_photo.photo.path).exists() and mentor_with_photo.photo_content_type == "image/png"
    assert not old.exists()


@pytest.mark.parametrize(
    ("kind", "fixture", "field", "data"),
    [("news", "news_with_picture", "picture", _news_data), ("mentors", "mentor_with_photo", "photo", _mentor_data)],
)
def test_a_cleared_picture_leaves_the_disk(
    request, client_as, curator, django_capture_on_commit_callbacks, kind, fixture, field, data
):
    item = request.getfixturevalue(fixture)
    old = Path(getattr(item, field).path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(curator).post(f"/mentoring/manage/{kind}/{item.pk}/", data(**{f"{field}-clear": "on"}))
    assert response.status_code == 302
    item.refresh_from_db()
    assert not getattr(item, field)
    assert getattr(item, f"{field}_content_type") == ""
    assert not old.exists()


@pytest.mark.parametrize(
    ("kind", "make", "field"),
    [
        ("documents", DocumentFactory, "file"),
        ("news", lambda: NewsItemFactory(picture=png_upload(), picture_alt="Зал"), "picture"),
        ("mentors", lambda: FeaturedMentorFactory(photo=png_upload()), "photo"),
    ],
)
def test_a_deleted_item_takes_its_file_off_the_disk(client_as, curator, django_capture_on_commit_callbacks, kind,
                                                     make, field):  # fmt: skip
    item = make()
    pk, path = item.pk, Path(getattr(item, field).path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_as(curator).post(f"/mentoring/manage/{kind}/{item.pk}/delete/").status_code == 302
    assert not type(item).objects.filter(pk=pk).exists()
    assert not path.exists()


def test_a_rolled_back_replacement_keeps_the_old_file(django_capture_on_commit_callbacks, curator):
    document = DocumentFactory()
    old = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        document.file = SimpleUploadedFile("new.pdf", NEW_PDF)
        services.item_save(item=document, user=curator)
        raise RuntimeError("something later in the same transaction failed")
    document = Document.objects.get(pk=document.pk)
    assert Path(document.file.path) == old and old.read_bytes() == PDF_BYTES


def test_a_rolled_back_delete_keeps_the_file(django_capture_on_commit_callbacks):
    item = NewsItemFactory(picture=png_upload(), picture_alt="Зал")
    pk, path = item.pk, Path(item.picture.path)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.item_delete(item=item)
        raise RuntimeError("something later in the same transaction failed")
    assert NewsItem.objects.filter(pk=pk).exists() and path.exists()


def test_a_best_mentor_without_a_photo_saves_without_touching_files(curator, django_capture_on_commit_callbacks):
    mentor = FeaturedMentorFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mentor.name = "Новое имя"
        services.item_save(item=mentor, user=curator)
    assert FeaturedMentor.objects.get(pk=mentor.pk).name == "Новое имя"
    assert len(callbacks) == 0
