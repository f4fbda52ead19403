import pytest
from django.core.management import call_command

from demo.users import DEMO_PASSWORD, demo_users_create
from portal.roles import ADMIN, CURATOR, DIRECTOR, MENTOR


@pytest.mark.django_db
def test_demo_users_command_creates_one_user_per_role_and_prints_logins(capsys):
    from django.contrib.auth import get_user_model

    call_command("create_demo_users")
    call_command("create_demo_users")  # twice: nothing duplicated
    out = capsys.readouterr().out
    users = get_user_model().objects.prefetch_related("groups")
    roles = {u.username: [g.name for g in u.groups.all()] for u in users}
    assert roles == {"admin": [ADMIN], "director": [DIRECTOR], "curator": [CURATOR], "mentor": [MENTOR]}
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    assert "curator" in out and DEMO_PASSWORD in out


@pytest.mark.django_db
def test_demo_users_link_the_demo_teacher_and_curate_the_demo_mentorships():
    from demo.lyceum import DEMO_MENTOR_ROSTER_ID
    from tests.factories import MentorshipFactory, TeacherFactory

    teacher = TeacherFactory(roster_id=DEMO_MENTOR_ROSTER_ID)
    mentorship = MentorshipFactory(curator=None)
    users = demo_users_create()
    users = demo_users_create()  # twice: the same link, nothing duplicated
    teacher.refresh_from_db()
    mentorship.refresh_from_db()
    assert teacher.user == users[MENTOR]
    assert mentorship.curator == users[CURATOR]


@pytest.mark.django_db
def test_demo_users_without_the_demo_lyceum_link_nobody():
    from mentorship.models import Person
    from tests.factories import MentorshipFactory, TeacherFactory

    TeacherFactory()
    mentorship = MentorshipFactory(curator=None)
    demo_users_create()
    mentorship.refresh_from_db()
    assert not Person.objects.exclude(user=None).exists()
    assert mentorship.curator is None
