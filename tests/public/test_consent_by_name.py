"""No way round the consent: a student typed by hand, under any role or in any published text, is
recognised by name (any case and word order, ё or е) and refused while the parent's consent is missing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from public import services
from public.models import Document, FeaturedMentor, NewsItem, PageText, Status
from tests.factories import StudentFactory
from tests.public.factories import FeaturedMentorFactory, NewsItemFactory

pytestmark = pytest.mark.django_db

REFUSED = "не дал согласия на публикацию"


@pytest.fixture
def without_consent(db):
    return StudentFactory(last_name="Королёва", first_name="Алёна", patronymic="Игоревна", publication_consent=False)


@pytest.mark.parametrize(
    "name", ["Алёна Королёва", "Королева Алена", "КОРОЛЁВА А. И.", "А.И. Королёва", "Королёва, Алёна Игоревна"]
)
def test_a_best_mentor_typed_by_hand_under_another_role_is_refused(without_consent, name):
    entry = FeaturedMentor(role=FeaturedMentor.Role.OTHER, name=name, role_text="активистка", status=Status.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        services.item_save(item=entry)
    assert REFUSED in " ".join(error.value.message_dict["name"])
    assert not FeaturedMentor.objects.exists()


def test_a_declined_name_in_the_words_is_refused_at_publication(without_consent):
    entry = FeaturedMentorFactory(status=Status.DRAFT, words="Помогала Алёне Королёвой с физикой")
    with pytest.raises(ValidationError) as error:
        services.item_publish(item=entry)
    assert "words" in error.value.message_dict
    entry.refresh_from_db()
    assert entry.status == Status.DRAFT


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (NewsItem, {"title": "Итоги", "date": datetime.date(2024, 5, 1), "text": "Поздравляем Алёну Королёву!"}),
        (
            Document,
            {"title": "Приказ о награждении Королёвой А. И.", "kind": "order", "date": datetime.date(2024, 5, 1)},
        ),
    ],
)
def test_news_and_document_titles_naming_her_cannot_be_published(without_consent, model, fields):
    item = model(**fields, status=Status.PUBLISHED)
    if model is Document:
        from tests.public.factories import pdf_upload

        item.file = pdf_upload()
    with pytest.raises(ValidationError):
        services.item_save(item=item)
    item.status = Status.DRAFT
    services.item_save(item=item)  # a draft is the curator's workspace
    assert model.objects.get().status == Status.DRAFT


def test_a_text_of_the_page_naming_her_cannot_be_published(without_consent):
    section = PageText.objects.get(key=PageText.Key.CONTACTS)
    section.body = "Вопросы — Королёвой Алёне, 8 «Б»"
    section.status = Status.PUBLISHED
    with pytest.raises(ValidationError):
        services.item_save(item=section)


def test_with_the_consent_recorded_the_same_text_is_published(without_consent):
    without_consent.publication_consent = True
    without_consent.save()
    item = services.item_save(item=NewsItemFactory.build(text="Поздравляем Алёну Королёву!"))
    assert item.status == Status.PUBLISHED


def test_the_surname_alone_or_another_first_name_is_not_her(without_consent):
    for text in ("Королёва Мария победила", "Благодарим семью Королёвых", "Алёна Петрова"):
        assert services.item_save(item=NewsItemFactory.build(text=text)).status == Status.PUBLISHED


def test_a_purged_student_is_not_matched(without_consent):
    from django.utils import timezone

    without_consent.purged_at = timezone.now()
    without_consent.save()
    assert services.item_save(item=NewsItemFactory.build(text="Алёна Королёва")).status == Status.PUBLISHED


def test_the_curators_page_shows_the_message_at_the_field(client_as, curator, without_consent):
    response = client_as(curator).post(
        "/mentoring/manage/mentors/new/",
        {"role": "other", "name": "Королёва Алёна", "role_text": "активистка", "status": "published", "order": 0},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not FeaturedMentor.objects.exists()
