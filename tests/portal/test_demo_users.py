import pytest
from django.core.management import call_command

from portal.demo_users import DEMO_PASSWORD
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
