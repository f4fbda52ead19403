"""One demo account per role, for trying the portal out. Never used with production data."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from demo.lyceum import DEMO_MENTOR_ROSTER_ID
from mentorship.selectors import person_by_roster_id
from mentorship.services import mentorships_curator_fill, person_link_user
from portal.roles import ADMIN, CURATOR, DIRECTOR, MENTOR

DEMO_PASSWORD = "nastavnik-demo"  # noqa: S105 — demo accounts only, printed by make run

DEMO_USERS = [
    # username, role, first name, last name, staff (Django admin access)
    ("admin", ADMIN, "Ольга", "Администраторова", True),
    ("director", DIRECTOR, "Владимир", "Смирнов", False),
    ("curator", CURATOR, "Наталья", "Кураторова", False),
    ("mentor", MENTOR, "Ирина", "Наставникова", False),
]


@transaction.atomic
def demo_users_create(*, password=DEMO_PASSWORD):
    User = get_user_model()
    users = {}
    for username, role, first_name, last_name, is_staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "is_staff": is_staff},
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    _link_demo_data(users)
    return users


def _link_demo_data(users):
    """With the demo lyceum loaded (seed_demo): `mentor` is its demo teacher, `curator` curates its mentorships."""
    person = person_by_roster_id(DEMO_MENTOR_ROSTER_ID)
    if person is None:
        return
    mentor = users[MENTOR]
    linked = getattr(mentor, "person", None)
    if person.user_id in (None, mentor.pk) and (linked is None or linked.pk == person.pk):
        person_link_user(person=person, user=mentor)
    mentorships_curator_fill(curator=users[CURATOR])
