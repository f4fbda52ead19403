"""Children's safety on the public page: only consented students, and never a category, a date of
birth or a class of anyone named, on any public URL or feed."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from mentorship.models import MenteeCategory, Person
from public import services
from public.models import FeaturedMentor, Status
from tests.factories import MentorshipFactory, TeacherFactory
from tests.public.factories import (
    DocumentFactory,
    FeaturedMentorFactory,
    NewsItemFactory,
    consented_student,
    png_upload,
    student_without_consent,
)

pytestmark = pytest.mark.django_db

CONSENTED_BIRTH = datetime.date(2008, 4, 17)
HIDDEN_BIRTH = datetime.date(2009, 11, 23)


@pytest.fixture
def seeded():
    categories = list(MenteeCategory.objects.all())
    consented = consented_student(
        last_name="Согласова", first_name="Алиса", birth_date=CONSENTED_BIRTH, grade=9, class_letter="Ж"
    )
    consented.categories.set(categories)
    hidden = student_without_consent(
        last_name="Скрытова", first_name="Вероника", birth_date=HIDDEN_BIRTH, grade=7, class_letter="Щ"
    )
    hidden.categories.set(categories)
    teacher = TeacherFactory(last_name="Педагогова", birth_date=datetime.date(1975, 2, 3))
    MentorshipFactory(mentor=consented, mentees=[hidden])
    MentorshipFactory(mentor=teacher, mentees=[consented])
    shown = FeaturedMentorFactory(
        role=FeaturedMentor.Role.STUDENT,
        person=consented,
        name="Алиса Согласова",
        role_text="наставник младших школьников",
        photo=png_upload(),
        photo_content_type="image/png",
    )
    FeaturedMentorFactory(role=FeaturedMentor.Role.TEACHER, person=teacher, name="Елена Педагогова")
    # An entry for a student without consent that is somehow published (an old row, a direct update):
    # the page must still leave it out.
    withheld = FeaturedMentorFactory(
        role=FeaturedMentor.Role.STUDENT,
        person=hidden,
        name="Вероника Скрытова",
        photo=png_upload(),
        photo_content_type="image/png",
    )
    news = NewsItemFactory(title="Встреча наставников")
    DocumentFactory(title="Положение о наставничестве")
    cache.clear()
    return {"consented": consented, "hidden": hidden, "shown": shown, "withheld": withheld, "news": news}


def public_urls(seeded):
    return [
        "/mentoring/",
        "/mentoring/embed/",
        "/mentoring/news/",
        f"/mentoring/news/{seeded['news'].pk}/",
        "/mentoring/news/rss/",
        "/mentoring/news/atom/",
        "/mentoring/documents/",
    ]


def forbidden_strings(seeded):
    strings = ["Скрытова", "Вероника"]
    for category in MenteeCategory.objects.all():
        strings += [category.short_name, category.name]
    for person in (seeded["consented"], seeded["hidden"]):
        strings += [person.birth_date.strftime("%d.%m.%Y"), person.birth_date.isoformat(), person.class_name]
        strings += [f"{person.grade} {person.class_letter}", f"{person.grade}-{person.class_letter}"]
    return strings


def test_no_hidden_name_category_birth_date_or_class_on_any_public_url(client, seeded):
    forbidden = forbidden_strings(seeded)
    for url in public_urls(seeded):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode().lower()
        for value in forbidden:
            assert value.lower() not in text, f"{value!r} appears on {url}"
    # The consented student and the teacher are shown, so the check above looks at a real page.
    page = client.get("/mentoring/").content.decode()
    assert "Алиса Согласова" in page
    assert "Елена Педагогова" in page


def test_photo_of_a_student_without_consent_answers_404(client, seeded):
    assert client.get(f"/mentoring/mentors/{seeded['shown'].pk}/photo/").status_code == 200
    assert client.get(f"/mentoring/mentors/{seeded['withheld'].pk}/photo/").status_code == 404


def test_a_withdrawn_consent_removes_the_entry_at_once_even_from_the_cached_page(client, seeded):
    assert "Алиса Согласова" in client.get("/mentoring/").content.decode()
    consented = seeded["consented"]
    consented.publication_consent = False
    consented.save()
    assert "Алиса Согласова" not in client.get("/mentoring/").content.decode()
    assert client.get(f"/mentoring/mentors/{seeded['shown'].pk}/photo/").status_code == 404


def test_a_consent_withdrawn_by_a_bulk_update_also_shows_at_once(client, seeded):
    assert "Алиса Согласова" in client.get("/mentoring/").content.decode()
    Person.objects.filter(pk=seeded["consented"].pk).update(publication_consent=False)
    assert "Алиса Согласова" not in client.get("/mentoring/").content.decode()


def test_a_student_without_consent_cannot_be_published(seeded):
    entry = FeaturedMentorFactory(role=FeaturedMentor.Role.STUDENT, person=seeded["hidden"], status=Status.DRAFT)
    with pytest.raises(ValidationError):
        services.item_publish(item=entry)
    entry.refresh_from_db()
    assert entry.status == Status.DRAFT
    entry.status = Status.PUBLISHED
    with pytest.raises(ValidationError):
        services.item_save(item=entry)


def test_a_student_with_consent_can_be_published(seeded):
    entry = FeaturedMentorFactory(role=FeaturedMentor.Role.STUDENT, person=seeded["consented"], status=Status.DRAFT)
    services.item_publish(item=entry)
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED


def test_a_student_cannot_be_typed_in_by_hand(seeded):
    entry = FeaturedMentor(role=FeaturedMentor.Role.STUDENT, name="Вероника Скрытова", role_text="ученица")
    with pytest.raises(ValidationError) as error:
        services.item_save(item=entry)
    assert "person" in error.value.message_dict


def test_a_registry_student_cannot_be_given_an_adult_role(seeded):
    for role in (FeaturedMentor.Role.TEACHER, FeaturedMentor.Role.PARENT, FeaturedMentor.Role.OTHER):
        entry = FeaturedMentor(role=role, person=seeded["hidden"], name="Вероника Скрытова", role_text="—")
        with pytest.raises(ValidationError) as error:
            services.item_save(item=entry)
        assert "role" in error.value.message_dict


def test_an_unlinked_student_entry_is_never_shown_however_it_got_there(client, seeded):
    # Saved around the services and the form (e.g. by a direct database edit).
    FeaturedMentor.objects.create(
        role=FeaturedMentor.Role.STUDENT, name="Вручную Вписанная", role_text="—", status="published"
    )
    assert "Вручную Вписанная" not in client.get("/mentoring/").content.decode()
