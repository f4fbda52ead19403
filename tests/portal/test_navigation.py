import pytest


def _nav_labels(response):
    return [item.label for item in response.context["nav_items"]]


@pytest.mark.django_db
def test_each_role_sees_only_its_navigation(client_as, admin_user_role, director, curator, mentor_user):
    admin_nav = _nav_labels(client_as(admin_user_role).get("/registry/school/"))
    assert "Администрирование" in admin_nav
    director_nav = _nav_labels(client_as(director).get("/registry/school/"))
    assert "Администрирование" not in director_nav
    assert "Сведения об ОО" in director_nav


@pytest.mark.django_db
def test_admin_lands_on_the_administration_pages(client_as, admin_user_role):
    response = client_as(admin_user_role).get("/")
    assert response.status_code == 302
