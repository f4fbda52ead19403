import datetime
import io
import zipfile

import pytest
from defusedxml import ElementTree
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from public import services
from public.models import Document, FeaturedMentor, NewsItem, PageText, Status
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, form
from tests.public.factories import (
    PDF_BYTES,
    DocumentFactory,
    FeaturedMentorFactory,
    NewsItemFactory,
    png_bytes,
    png_upload,
)

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/mentoring/", "/mentoring/embed/", "/mentoring/news/", "/mentoring/documents/"]
PUBLIC_URLS += ["/mentoring/news/rss/", "/mentoring/news/atom/"]


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


# --- Public pages: no login ---------------------------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_open_without_login(client, url):
    assert client.get(url).status_code == 200


def test_page_shows_the_seeded_goal_and_the_six_whole_tasks(client):
    html = client.get("/mentoring/").content.decode()
    assert "Целью внедрения целевой модели наставничества является" in html
    tasks = PageText.objects.get(key=PageText.Key.TASKS).lines
    assert len(tasks) == 6
    assert tasks[0].startswith("улучшение показателей лица")
    assert tasks[1].endswith("изменчивость, сложность, информационная насыщенность;")
    assert tasks[4].endswith("для каждого участника образовательной деятельности;")
    for task in tasks:
        assert f"<li>{task}</li>" in html


def test_page_lists_the_forms_run_with_counts_only(client):
    MentorshipFactory()
    MentorshipFactory(status="completed", end_date=datetime.date(2022, 5, 1))
    MentorshipFactory(status="draft")
    html = client.get("/mentoring/").content.decode()
    assert "ученик–ученик — 2" in html
    assert "учитель–учитель —" not in html


def test_page_shows_plan_and_actual_without_numerators(client, settings):
    html = client.get("/mentoring/").content.decode()
    assert "Результаты: план и факт" in html
    assert html.count("<svg") == 4
    assert "Числитель" not in html and "Знаменатель" not in html


def test_school_contacts_come_from_the_registry(client):
    from mentorship.models import School

    School.objects.update(phone="+7 (83334) 6-00-00", email="lyceum@example.org")
    html = client.get("/mentoring/").content.decode()
    assert "+7 (83334) 6-00-00" in html and "lyceum@example.org" in html


def test_open_graph_tags(client):
    item = NewsItemFactory(picture=png_upload(), picture_alt="Наставники на встрече", picture_content_type="image/png")
    html = client.get("/mentoring/").content.decode()
    for tag in ("og:title", "og:description", "og:type", "og:url"):
        assert f'property="{tag}"' in html
    detail = client.get(f"/mentoring/news/{item.pk}/").content.decode()
    assert '<meta property="og:type" content="article">' in detail
    assert f'content="http://testserver/mentoring/news/{item.pk}/picture/' in detail


def test_feeds_list_published_news_only(client):
    NewsItemFactory(title="Опубликованная новость")
    NewsItemFactory(title="Черновик новости", status=Status.DRAFT)
    for url in ("/mentoring/news/rss/", "/mentoring/news/atom/"):
        body = client.get(url).content.decode()
        assert "Опубликованная новость" in body
        assert "Черновик новости" not in body
    assert "application/atom+xml" in client.get("/mentoring/news/atom/")["Content-Type"]


def test_embed_may_be_framed_and_other_pages_may_not(client, settings):
    NewsItemFactory(title="Новость для сайта")
    embed = client.get("/mentoring/embed/")
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "Новость для сайта" in embed.content.decode()
    page = client.get("/mentoring/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_embed_ancestors_come_from_the_setting(client, settings):
    settings.PUBLIC_EMBED_ANCESTORS = ["https://vmlyceum.example.org"]
    assert "frame-ancestors https://vmlyceum.example.org" in client.get("/mentoring/embed/")["Content-Security-Policy"]


def test_no_inline_scripts_or_styles(client):
    NewsItemFactory()
    for url in ("/mentoring/", "/mentoring/embed/", "/mentoring/news/"):
        html = client.get(url).content.decode()
        assert "<script" not in html
        assert " style=" not in html


# --- Drafts are not reachable -------------------------------------------------------------------


def test_drafts_and_withdrawn_items_answer_404_with_their_files(client):
    draft_news = NewsItemFactory(status=Status.DRAFT, picture=png_upload(), picture_alt="x")
    draft_doc = DocumentFactory(status=Status.DRAFT)
    draft_mentor = FeaturedMentorFactory(status=Status.DRAFT, photo=png_upload())
    news = NewsItemFactory(picture=png_upload(), picture_alt="x", picture_content_type="image/png")
    document = DocumentFactory()
    mentor = FeaturedMentorFactory(photo=png_upload(), photo_content_type="image/png")
    published = [
        f"/mentoring/news/{news.pk}/",
        f"/mentoring/news/{news.pk}/picture/",
        f"/mentoring/documents/{document.pk}/file/",
        f"/mentoring/mentors/{mentor.pk}/photo/",
    ]
    for url in published:
        assert client.get(url).status_code == 200, url
    for url in (
        f"/mentoring/news/{draft_news.pk}/",
        f"/mentoring/news/{draft_news.pk}/picture/",
        f"/mentoring/documents/{draft_doc.pk}/file/",
        f"/mentoring/mentors/{draft_mentor.pk}/photo/",
    ):
        assert client.get(url).status_code == 404, url
    for item in (news, document, mentor):
        services.item_unpublish(item=item)
    for url in published:
        assert client.get(url).status_code == 404, url


def test_document_is_downloaded_with_its_type_and_title(client):
    document = DocumentFactory(title="Положение")
    response = client.get(f"/mentoring/documents/{document.pk}/file/")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_files_are_not_under_media_url(client, settings):
    document = DocumentFactory()
    assert str(settings.PRIVATE_MEDIA_ROOT) in document.file.path
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT) + "/")


# --- Caching: a published change shows at once ----------------------------------------------------


def test_a_published_change_shows_at_once(client):
    cache.clear()
    assert "Свежая новость" not in client.get("/mentoring/").content.decode()
    item = NewsItemFactory(title="Свежая новость", status=Status.DRAFT)
    services.item_save(item=item)
    assert "Свежая новость" not in client.get("/mentoring/").content.decode()
    services.item_publish(item=item)
    assert "Свежая новость" in client.get("/mentoring/").content.decode()
    assert "Свежая новость" in client.get("/mentoring/embed/").content.decode()
    item.title = "Исправленная новость"
    services.item_save(item=item)
    assert "Исправленная новость" in client.get("/mentoring/").content.decode()
    services.item_unpublish(item=item)
    assert "Исправленная новость" not in client.get("/mentoring/").content.decode()


def test_a_text_edit_shows_at_once(client):
    client.get("/mentoring/")
    section = PageText.objects.get(key=PageText.Key.JOIN_PARENT)
    section.body = "Пишите классному руководителю."
    services.item_save(item=section)
    assert "Пишите классному руководителю." in client.get("/mentoring/").content.decode()


def test_cached_page_is_served_in_two_queries(client, django_assert_num_queries):
    cache.clear()
    client.get("/mentoring/")
    with django_assert_num_queries(2):
        client.get("/mentoring/")


def _page_queries(client, captured):
    cache.clear()
    with captured as context:
        assert client.get("/mentoring/").status_code == 200
    return len(context.captured_queries)


def test_page_query_count_is_fixed(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    NewsItemFactory()
    small = _page_queries(client, CaptureQueriesContext(connection))
    teacher = TeacherFactory()
    for index in range(12):
        student = StudentFactory(publication_consent=index % 2 == 0)
        MentorshipFactory(mentor=teacher if index % 3 else student, mentees=[StudentFactory()])
        role = FeaturedMentor.Role.STUDENT if index % 2 == 0 else FeaturedMentor.Role.TEACHER
        FeaturedMentorFactory(role=role, person=student if role == FeaturedMentor.Role.STUDENT else teacher)
        NewsItemFactory()
        DocumentFactory(kind=list(Document.Kind)[index % 5])
        TeacherFactory(public_contact=index % 4 == 0)  # curators listed in the contacts
    large = _page_queries(client, CaptureQueriesContext(connection))
    assert small == large
    with django_assert_max_num_queries(17):  # 16 + the curators listed in the contacts
        cache.clear()
        client.get("/mentoring/")


# --- Uploads are checked by content ---------------------------------------------------------------


def _document(file, **kwargs):
    return Document(kind=Document.Kind.ORDER, title="Приказ", date=datetime.date(2020, 12, 1), file=file, **kwargs)


def test_document_uploads_are_checked_by_content():
    from django.core.exceptions import ValidationError

    for name, content in (("fake.pdf", b"<html>not a pdf</html>"), ("picture.pdf", png_bytes())):
        with pytest.raises(ValidationError):
            services.item_save(item=_document(SimpleUploadedFile(name, content)))
    saved = services.item_save(item=_document(SimpleUploadedFile("prikaz.docx", docx_bytes())))
    assert saved.content_type.endswith("wordprocessingml.document")
    saved = services.item_save(item=_document(SimpleUploadedFile("prikaz.bin", PDF_BYTES)))
    assert saved.content_type == "application/pdf" and saved.size == len(PDF_BYTES)


def test_document_size_limit_is_a_setting(settings):
    from django.core.exceptions import ValidationError

    settings.PUBLIC_DOCUMENT_MAX_MB = 0
    with pytest.raises(ValidationError):
        services.item_save(item=_document(SimpleUploadedFile("a.pdf", PDF_BYTES)))


def test_pictures_are_png_or_jpeg_with_a_description():
    from django.core.exceptions import ValidationError

    item = NewsItem(title="Новость", date=datetime.date(2024, 1, 1), text="Текст")
    item.picture = SimpleUploadedFile("x.png", PDF_BYTES)
    item.picture_alt = "Описание"
    with pytest.raises(ValidationError):
        services.item_save(item=item)
    item.picture = SimpleUploadedFile("x.png", png_bytes())
    item.picture_alt = ""
    with pytest.raises(ValidationError):
        services.item_save(item=item)
    item.picture = SimpleUploadedFile("x.png", png_bytes())
    item.picture_alt = "Описание"
    services.item_save(item=item)
    assert item.picture_content_type == "image/png"


# --- Curators' pages ------------------------------------------------------------------------------

MANAGE_URLS = ["/mentoring/manage/", "/mentoring/manage/preview/"]


@pytest.mark.parametrize("url", [*MANAGE_URLS, "/mentoring/manage/news/new/"])
def test_manage_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", [*MANAGE_URLS, "/mentoring/manage/news/new/"])
def test_mentor_and_no_role_get_403(client_as, mentor_user, no_role_user, url):
    assert client_as(mentor_user).get(url).status_code == 403
    assert client_as(no_role_user).get(url).status_code == 403


def test_director_reads_but_does_not_edit(client_as, director):
    client = client_as(director)
    for url in MANAGE_URLS:
        assert client.get(url).status_code == 200
    assert client.get("/mentoring/manage/news/new/").status_code == 403
    item = NewsItemFactory(status=Status.DRAFT)
    assert client.post(f"/mentoring/manage/news/{item.pk}/publish/").status_code == 403


def test_curator_creates_previews_and_publishes_news(client_as, curator):
    client = client_as(curator)
    assert client.get("/mentoring/manage/").status_code == 200
    response = client.post(
        "/mentoring/manage/news/new/",
        {
            "title": "День наставника",
            "date": "2024-10-05",
            "text": "Прошёл день наставника.",
            "status": "draft",
            "picture": SimpleUploadedFile("p.png", png_bytes()),
            "picture_alt": "Наставники и ученики",
        },
    )
    assert response.status_code == 302
    item = NewsItem.objects.get(title="День наставника")
    assert item.updated_by == curator and item.status == Status.DRAFT
    assert client.get(f"/mentoring/news/{item.pk}/").status_code == 404
    preview = client.get(f"/mentoring/manage/news/{item.pk}/preview/")
    assert preview.status_code == 200 and "Прошёл день наставника." in preview.content.decode()
    assert client.get(f"/mentoring/manage/news/{item.pk}/picture/").status_code == 200
    assert "День наставника" in client.get("/mentoring/manage/preview/").content.decode()
    client.post(f"/mentoring/manage/news/{item.pk}/publish/")
    client.logout()
    assert "День наставника" in client.get("/mentoring/").content.decode()
    assert client.get(f"/mentoring/news/{item.pk}/picture/").status_code == 200


def test_curator_cannot_publish_a_student_without_consent(client_as, curator):
    student = StudentFactory(publication_consent=False, last_name="Безсогласия")
    entry = FeaturedMentorFactory(role=FeaturedMentor.Role.STUDENT, person=student, status=Status.DRAFT)
    client = client_as(curator)
    response = client.post(f"/mentoring/manage/mentors/{entry.pk}/publish/", follow=True)
    assert "не дал согласия" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Status.DRAFT


def test_curator_form_requires_the_registry_student(client_as, curator):
    client = client_as(curator)
    response = client.post(
        "/mentoring/manage/mentors/new/",
        {"role": "student", "name": "Ученица Иванова", "role_text": "наставник", "order": 0, "status": "draft"},
    )
    assert response.status_code == 200
    assert "Выберите обучающегося в реестре" in response.content.decode()
    assert not FeaturedMentor.objects.exists()


def test_curator_edits_a_text_and_uploads_a_document(client_as, curator):
    client = client_as(curator)
    section = PageText.objects.get(key=PageText.Key.CONTACTS)
    response = client.post(
        f"/mentoring/manage/texts/{section.pk}/",
        {"title": "Кураторы", "body": "Иванова Анна Петровна, каб. 12", "status": "published"},
    )
    assert response.status_code == 302
    response = client.post(
        "/mentoring/manage/documents/new/",
        {
            "kind": "regulation",
            "title": "Положение о наставничестве",
            "date": "2020-12-01",
            "status": "published",
            "file": SimpleUploadedFile("p.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    html = client.get("/mentoring/").content.decode()
    assert "Иванова Анна Петровна, каб. 12" in html and "Положение о наставничестве" in html
    assert client.get("/mentoring/manage/texts/new/").status_code == 404
    assert client.post(f"/mentoring/manage/texts/{section.pk}/delete/").status_code == 404


def test_curator_deletes_a_document(client_as, curator):
    document = DocumentFactory()
    client = client_as(curator)
    assert client.post(f"/mentoring/manage/documents/{document.pk}/delete/").status_code == 302
    assert not Document.objects.exists()


def test_kpi_summary_shows_the_dashboards_year_values():
    import time_machine

    from indicators.selectors import dashboard_data
    from indicators.services import snapshot_get_or_record
    from public.selectors import kpi_summary
    from tests.indicators.factories import mentorship, student

    with time_machine.travel(datetime.datetime(2024, 12, 21, 12, 0), tick=False):
        mentees = [student() for _ in range(3)]
        for _ in range(5):
            student(categories=[])
        mentorship(mentees[:2])
        snapshot_get_or_record(as_of=datetime.date(2023, 12, 20))
        today = datetime.date(2024, 12, 21)
        dashboard = {
            (block.indicator.code, row.year): row.fact.value if row.fact else None
            for block in dashboard_data(today=today)["blocks"]
            for row in block.rows
        }
        summary = kpi_summary(today=today)
    assert [block.code for block in summary] == [
        "students_mentees",
        "students_mentors",
        "young_teachers_mentees",
        "organizations_mentors",
    ]
    for block in summary:
        assert [row.year for row in block.rows] == [2020, 2021, 2022, 2023, 2024]
        for row in block.rows:
            assert row.value == dashboard[(block.code, row.year)]
    assert any(row.value is not None for block in summary for row in block.rows)


HOSTILE_TITLE = "Новость <script>alert(1)</script>"
HOSTILE_TEXT = 'Первый абзац <img src=x onerror="alert(2)">\n\nВторой & <b>последний</b>'


@pytest.mark.parametrize("url", ["/mentoring/news/rss/", "/mentoring/news/atom/"])
def test_feeds_carry_curators_markup_as_text_never_as_html(client, url):
    NewsItemFactory(title=HOSTILE_TITLE, text=HOSTILE_TEXT)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    # The XML holds the markup escaped twice: once decoded by the XML parser it is still escaped HTML.
    assert "<script" not in body and "&lt;script" not in body
    assert "<img" not in body and "&lt;img" not in body
    assert "&amp;lt;script&amp;gt;" in body and "&amp;lt;img" in body
    root = ElementTree.fromstring(response.content)
    texts = [element.text or "" for element in root.iter()]
    assert "Новость &lt;script&gt;alert(1)&lt;/script&gt;" in texts
    (description,) = [t for t in texts if "Первый абзац" in t]
    assert description == (
        "<p>Первый абзац &lt;img src=x onerror=&quot;alert(2)&quot;&gt;</p>\n\n"
        "<p>Второй &amp; &lt;b&gt;последний&lt;/b&gt;</p>"
    )


def _school_post(**changes):
    from mentorship.models import School

    school = School.objects.get()
    data = {name: getattr(school, name) for name in ("name", "short_name", "director", "address", "town", "district")}
    return data | {"phone": school.phone, "email": school.email, "website": school.website} | changes


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("curator", 403), ("director", 403), ("mentor_user", 403)])
def test_only_the_admin_changes_the_school_and_the_cached_page_stays_as_it_was(client, client_as, request, who, status):
    assert "Лицей имени Нового Названия" not in client.get("/mentoring/").content.decode()  # now cached
    editor = client_as(request.getfixturevalue(who)) if who else client
    response = editor.post(reverse("mentorship:school"), _school_post(name="Лицей имени Нового Названия"))
    assert response.status_code == status
    client.logout()
    assert "Лицей имени Нового Названия" not in client.get("/mentoring/").content.decode()


def test_a_change_of_the_schools_details_shows_on_the_cached_page_at_once(client, client_as, admin_user_role):
    page = client.get("/mentoring/").content.decode()  # now cached for PUBLIC_CACHE_SECONDS
    assert "Лицей имени Нового Названия" not in page and "+7 (83334) 9-99-99" not in page
    response = client_as(admin_user_role).post(
        reverse("mentorship:school"),
        _school_post(name="Лицей имени Нового Названия", short_name="Новый лицей", phone="+7 (83334) 9-99-99"),
    )
    assert response.status_code == 302
    client.logout()
    page = client.get("/mentoring/").content.decode()
    assert "Лицей имени Нового Названия" in page and "+7 (83334) 9-99-99" in page
    assert "Новый лицей" in client.get("/mentoring/embed/").content.decode()


def test_a_change_of_a_targets_or_a_forms_name_shows_on_the_cached_page_at_once(client):
    from indicators.models import Target

    MentorshipFactory()
    assert "ученик–ученик — 1" in client.get("/mentoring/").content.decode()
    mentorship_form = form("student_student")
    mentorship_form.name = "ученик–ученик (обновлено)"
    mentorship_form.save()
    assert "ученик–ученик (обновлено) — 1" in client.get("/mentoring/").content.decode()
    target = Target.objects.order_by("year").first()
    before = client.get("/mentoring/").content.decode()
    target.value = 99
    target.save()
    assert client.get("/mentoring/").content.decode() != before
