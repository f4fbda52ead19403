import pytest
from django.test import override_settings


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


def _menu(response):
    """The bar as drawn: a label per top-level entry, with its pages for a dropdown."""
    return [
        (entry.label, [item.label for item in entry.items]) if hasattr(entry, "items") else (entry.label, None)
        for entry in response.context["nav_menu"]
    ]


@pytest.mark.django_db
def test_the_curators_bar_groups_the_roadmap_and_the_public_page_into_one_dropdown(client_as, curator):
    menu = dict(_menu(client_as(curator).get("/registry/school/")))
    assert menu["Программа"] == ["Дорожная карта", "Опросы", "Мои анкеты", "Публичная страница", "Анкеты"]
    assert "Дорожная карта" not in menu and "Публичная страница" not in menu and "Анкеты" not in menu
    assert menu["Реестр"][0] == "Обучающиеся"
    # Six entries at most: the bar stays one row on a 1366 px screen (tests/browser/test_fit_every_page.py).
    assert len(menu) <= 6


@pytest.mark.django_db
def test_a_group_of_one_page_is_a_plain_item_not_a_dropdown(client_as, director, admin_user_role):
    director_menu = dict(_menu(client_as(director).get("/registry/school/")))
    # The director has no public page to manage, but reads the questionnaire campaigns.
    assert director_menu["Программа"] == ["Дорожная карта", "Опросы", "Отчёты в хаб мониторинга"]
    # The administrator adapts questionnaires too: the roadmap and «Анкеты» share the «Программа» dropdown
    # (with the reports to the hub, the director's and the administrator's, and — where the portal is a hub,
    # as in the tests — the hub's report collections, which only the administrator opens).
    admin_menu = dict(_menu(client_as(admin_user_role).get("/registry/school/")))
    assert admin_menu["Программа"] == ["Дорожная карта", "Анкеты", "Отчёты в хаб мониторинга", "Сборы отчётов"]
    with override_settings(HUB_ENABLED=False):
        admin_menu = dict(_menu(client_as(admin_user_role).get("/registry/school/")))
    assert admin_menu["Программа"] == ["Дорожная карта", "Анкеты", "Отчёты в хаб мониторинга"]


@pytest.mark.django_db
def test_a_dropdowns_toggle_leads_to_its_first_page_without_javascript(client_as, curator):
    html = client_as(curator).get("/registry/school/").content.decode()
    assert 'class="nav-link dropdown-toggle active" href="/registry/students/"' in html  # on a Registry page
    assert 'class="nav-link dropdown-toggle" href="/roadmap/"' in html
    assert '<ul class="navbar-nav nav-nojs d-lg-none w-100">' in html
