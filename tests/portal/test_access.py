import pytest
from django.contrib.auth.models import Group

from portal.roles import ADMIN, CURATOR, DIRECTOR, HUB_ANALYST, MENTOR, SCHOOL_REPORTER


@pytest.mark.django_db
def test_roles_are_created_by_migrations_with_their_permissions():
    groups = {
        g.name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all()}
        for g in Group.objects.prefetch_related("permissions__content_type")
    }
    assert set(groups) == {ADMIN, DIRECTOR, CURATOR, MENTOR, HUB_ANALYST, SCHOOL_REPORTER}
    # The hub's roles read (and a school without a portal uploads) reports, nothing of a school's registry.
    assert groups[SCHOOL_REPORTER] == {"hub.view_report", "hub.view_campaign", "hub.upload_report"}
    assert all(perm.startswith("hub.view_") for perm in groups[HUB_ANALYST])
    assert "hub.add_schoolkey" in groups[ADMIN]
    assert "mentorship.change_school" in groups[ADMIN]
    assert "mentorship.view_school" in groups[DIRECTOR]
    assert "mentorship.change_school" not in groups[DIRECTOR]
    assert "mentorship.change_school" not in groups[CURATOR]
    # The mentor role works on its own mentorships (no other role holds that) and has its calendar feed.
    assert groups[MENTOR] == {"mentorship.work_as_mentor", "feeds.use_calendar", "notifications.view_notification"}
    assert all("feeds.use_calendar" in groups[role] for role in (ADMIN, DIRECTOR, CURATOR))
    assert all("mentorship.work_as_mentor" not in groups[role] for role in (ADMIN, DIRECTOR, CURATOR))


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_is_in_russian(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ru"' in html
    assert "Вход в портал" in html
    assert "Имя пользователя" in html


@pytest.mark.django_db
def test_login_with_a_wrong_password_shows_a_russian_error(client, curator):
    response = client.post("/accounts/login/", {"username": curator.username, "password": "wrong"})
    assert response.status_code == 200
    assert "правильные имя пользователя и пароль" in response.content.decode()


@pytest.mark.django_db
def test_user_in_no_group_sees_a_no_access_page(client_as, no_role_user):
    response = client_as(no_role_user).get("/")
    assert response.status_code == 403
    assert "Нет доступа" in response.content.decode()


@pytest.mark.django_db
def test_user_in_no_group_gets_403_on_a_staff_page_not_a_crash(client_as, no_role_user):
    response = client_as(no_role_user).get("/registry/school/")
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


@pytest.mark.django_db
def test_logout_ends_the_session(client_as, curator):
    client = client_as(curator)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_password_change_page_needs_login_and_works_for_a_user(client, client_as, curator):
    assert client.get("/accounts/password/").status_code == 302
    response = client_as(curator).post(
        "/accounts/password/",
        {
            "old_password": "secret-pass-123",
            "new_password1": "Vyatka-lyceum-2024!",
            "new_password2": "Vyatka-lyceum-2024!",
        },
    )
    assert response.status_code == 302
    curator.refresh_from_db()
    assert curator.check_password("Vyatka-lyceum-2024!")


@pytest.mark.parametrize(
    ("role_fixture", "expected"),
    [("admin_user_role", 200), ("director", 200), ("curator", 200), ("mentor_user", 403)],
)
@pytest.mark.django_db
def test_school_details_page_by_role(request, client_as, role_fixture, expected):
    user = request.getfixturevalue(role_fixture)
    assert client_as(user).get("/registry/school/").status_code == expected


@pytest.mark.django_db
def test_admin_edits_school_details(client_as, admin_user_role):
    from mentorship.models import School

    client = client_as(admin_user_role)
    school = School.objects.get()
    data = {f: getattr(school, f) for f in ["name", "short_name", "director", "address", "town", "district"]}
    data["director"] = "И.И. Новиков"
    response = client.post("/registry/school/", data)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.director == "И.И. Новиков"


@pytest.mark.django_db
def test_director_cannot_change_school_details(client_as, director):
    from mentorship.models import School

    response = client_as(director).post("/registry/school/", {"director": "Хакер"})
    assert response.status_code == 403
    assert School.objects.get().director == "В.Д. Смирнов"


@pytest.mark.django_db
def test_lyceum_from_the_seed_is_the_default_school():
    from mentorship.selectors import school_get

    school = school_get()
    assert school.short_name == "Вятский многопрофильный лицей"
    assert school.director == "В.Д. Смирнов"
    assert school.town == "Вятские Поляны"
    assert school.district == "Вятскополянский район"


@pytest.mark.django_db
def test_dates_are_shown_as_dd_mm_yyyy_in_kirov_time():
    import datetime

    from django.conf import settings
    from django.utils import formats, timezone

    assert settings.TIME_ZONE == "Europe/Kirov"
    assert formats.date_format(datetime.date(2024, 12, 20)) == "20.12.2024"
    moment = datetime.datetime(2024, 12, 20, 3, 0, tzinfo=datetime.UTC)
    assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == "20.12.2024 06:00"
