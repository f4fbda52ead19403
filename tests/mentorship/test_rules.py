"""Every rule of a mentorship: each broken rule gives its Russian message and saves nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mentorship.models import Mentorship, MentorshipForm, Organization
from mentorship.services import mentorship_create, mentorship_terminate, mentorship_update
from tests.factories import (
    ExternalMentorFactory,
    MentorshipFactory,
    OrganizationFactory,
    StudentFactory,
    TeacherFactory,
    form,
)

pytestmark = pytest.mark.django_db

Code = MentorshipForm.Code
D = datetime.date


def _create(**kwargs):
    defaults = {"form": form(Code.STUDENT_STUDENT), "start_date": D(2022, 9, 1), "status": Mentorship.Status.ACTIVE}
    defaults.update(kwargs)
    return mentorship_create(**defaults)


def _errors(exc_info):
    return {field: " ".join(messages) for field, messages in exc_info.value.message_dict.items()}


def _assert_refused(field, text, **kwargs):
    before = Mentorship.objects.count()
    with pytest.raises(ValidationError) as exc_info:
        _create(**kwargs)
    assert text in _errors(exc_info)[field]
    assert Mentorship.objects.count() == before


def test_valid_pair_is_created_with_a_plan_per_mentee():
    mentees = [StudentFactory(), StudentFactory()]
    mentorship = _create(mentor=StudentFactory(grade=10), mentees=mentees)
    assert set(mentorship.mentees.all()) == set(mentees)
    assert mentorship.plans.count() == 2


def test_mentor_cannot_be_their_own_mentee():
    student = StudentFactory()
    _assert_refused("mentees", "Наставник не может быть своим наставляемым", mentor=student, mentees=[student])


def test_student_student_needs_a_student_mentor():
    _assert_refused(
        "mentor", "наставником должен быть обучающийся", mentor=TeacherFactory(), mentees=[StudentFactory()]
    )


def test_teacher_teacher_needs_teachers_only():
    _assert_refused(
        "mentees",
        "каждый наставляемый должен быть педагогом",
        form=form(Code.TEACHER_TEACHER),
        mentor=TeacherFactory(),
        mentees=[StudentFactory()],
    )


def test_employer_student_needs_a_mentor_from_an_enterprise():
    school_mentor = ExternalMentorFactory(organization=OrganizationFactory(kind=Organization.Kind.EDUCATIONAL))
    _assert_refused(
        "mentor",
        "внешний наставник от предприятия",
        form=form(Code.EMPLOYER_STUDENT),
        mentor=school_mentor,
        mentees=[StudentFactory()],
    )
    ok = _create(form=form(Code.EMPLOYER_STUDENT), mentor=ExternalMentorFactory(), mentees=[StudentFactory()])
    assert ok.pk


def test_university_student_form_needs_a_mentor_from_an_educational_institution():
    _assert_refused(
        "mentor",
        "от образовательной организации",
        form=form(Code.UNIVERSITY_STUDENT),
        mentor=ExternalMentorFactory(),
        mentees=[StudentFactory()],
    )
    student_mentor = ExternalMentorFactory(organization=OrganizationFactory(kind=Organization.Kind.EDUCATIONAL))
    assert _create(form=form(Code.UNIVERSITY_STUDENT), mentor=student_mentor, mentees=[StudentFactory()]).pk


def test_role_model_must_belong_to_the_form():
    other = form(Code.TEACHER_TEACHER).role_models.first()
    _assert_refused(
        "role_model", "относится к другой форме", mentor=StudentFactory(), mentees=[StudentFactory()], role_model=other
    )


def test_planned_end_before_start_is_refused():
    _assert_refused(
        "planned_end_date",
        "не может быть раньше даты начала",
        mentor=StudentFactory(),
        mentees=[StudentFactory()],
        planned_end_date=D(2022, 8, 31),
    )


def test_end_before_start_is_refused():
    _assert_refused(
        "end_date",
        "не может быть раньше даты начала",
        mentor=StudentFactory(),
        mentees=[StudentFactory()],
        end_date=D(2022, 8, 1),
        status=Mentorship.Status.COMPLETED,
    )


def test_nobody_takes_part_before_joining():
    late = StudentFactory(date_joined=D(2022, 9, 2))
    _assert_refused("start_date", "не может начаться раньше", mentor=StudentFactory(), mentees=[late])


def test_nobody_takes_part_after_leaving():
    gone = StudentFactory(date_left=D(2022, 12, 31))
    _assert_refused(
        "start_date",
        "после этой даты",
        mentor=StudentFactory(),
        mentees=[gone],
        planned_end_date=D(2023, 5, 31),
    )
    assert _create(mentor=StudentFactory(), mentees=[gone], planned_end_date=D(2022, 12, 31)).pk


def test_mentor_has_at_most_three_mentees_at_the_same_time(settings):
    settings.MENTOR_MAX_MENTEES = 3
    mentor = StudentFactory(grade=11)
    _create(mentor=mentor, mentees=[StudentFactory(), StudentFactory()])
    _assert_refused("mentees", "лимит — 3", mentor=mentor, mentees=[StudentFactory(), StudentFactory()])
    assert _create(mentor=mentor, mentees=[StudentFactory()]).pk


def test_mentee_limit_ignores_mentorships_that_do_not_overlap(settings):
    settings.MENTOR_MAX_MENTEES = 1
    mentor = StudentFactory(grade=11)
    MentorshipFactory(mentor=mentor, start_date=D(2021, 9, 1), planned_end_date=D(2022, 5, 31))
    assert _create(mentor=mentor, mentees=[StudentFactory()], start_date=D(2022, 9, 1)).pk


def test_mentee_limit_is_a_setting(settings):
    settings.MENTOR_MAX_MENTEES = 1
    _assert_refused("mentees", "лимит — 1", mentor=StudentFactory(), mentees=[StudentFactory(), StudentFactory()])


def test_no_second_active_mentorship_between_the_same_people():
    mentor, mentee = StudentFactory(grade=11), StudentFactory()
    _create(mentor=mentor, mentees=[mentee])
    _assert_refused("mentees", "уже есть активное наставничество", mentor=mentor, mentees=[mentee])


def test_a_completed_mentorship_does_not_block_a_new_one():
    mentor, mentee = StudentFactory(grade=11), StudentFactory()
    MentorshipFactory(mentor=mentor, mentees=[mentee], status=Mentorship.Status.COMPLETED, end_date=D(2022, 5, 31))
    assert _create(mentor=mentor, mentees=[mentee]).pk


def test_termination_needs_a_reason_in_the_browser():
    mentorship = MentorshipFactory()
    with pytest.raises(ValidationError) as exc_info:
        mentorship_terminate(mentorship=mentorship, end_date=D(2022, 1, 10), reason="  ")
    assert "Укажите причину" in _errors(exc_info)["reason"]
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE


def test_update_with_a_stale_version_is_refused_and_keeps_the_first_edit():
    mentorship = MentorshipFactory(goal="first")
    mentorship_update(mentorship=Mentorship.objects.get(pk=mentorship.pk), data={"goal": "A"}, expected_version=1)
    with pytest.raises(ValidationError) as exc_info:
        mentorship_update(mentorship=mentorship, data={"goal": "B"}, expected_version=1)
    assert "кто-то изменил" in str(exc_info.value).lower()
    mentorship.refresh_from_db()
    assert mentorship.goal == "A"
