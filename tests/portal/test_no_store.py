"""Every page and download behind the login answers `Cache-Control: no-store, private` (portal/middleware.py);
the public page and static files keep their caching. The URLs are walked from the URL conf, with the role
matrix of test_access_matrix.py, so a new page is covered the day it is added."""

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.portal.test_access_matrix import MATRIX, ROLES, _iter_names, _url, world  # noqa: F401 — world: fixture

LOGIN = "login"


def _cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_every_page_behind_the_login_answers_no_store(request, client, world):  # noqa: F811
    users = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    checked, stored = [], []
    for name in sorted(set(_iter_names(get_resolver()))):
        expected = MATRIX[name]
        if expected[0] != LOGIN:
            continue  # a public view (login_not_required)
        role = next((r for r, status in zip(ROLES, expected, strict=True) if status == 200), None)
        if role is None:
            continue  # POST-only or a redirect for everyone
        client.logout()
        client.force_login(users[role])
        response = client.get(_url(name, world))
        assert response.status_code == 200, name
        checked.append(name)
        if not {"no-store", "private"} <= _cache_control(response):
            stored.append(f"{name} as {role}: {response.get('Cache-Control')!r}")
    assert len(checked) > 60
    assert {"mentorship:person_export", "indicators:drilldown_export", "mentorship:destruction_pdf",
            "mentorship:person_detail", "mentorship:plan_edit", "reports:download"} <= set(checked)  # fmt: skip
    assert not stored, "\n".join(stored)


def test_refusals_and_missing_pages_of_a_logged_in_user_are_not_stored(client_as, mentor_user):
    client = client_as(mentor_user)
    for url in ("/dashboard/", "/registry/students/999999/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "no-store" in _cache_control(response), url


@pytest.mark.parametrize("role", ["anonymous", "curator"])
def test_the_public_page_stays_cacheable(db, request, client, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for url in ("/mentoring/", "/mentoring/news/", "/mentoring/documents/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in _cache_control(response), url
        assert "public" in _cache_control(response), url


def test_static_files_stay_cacheable(settings, tmp_path, curator):
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "css").mkdir(parents=True)
    (settings.STATIC_ROOT / "css" / "probe.css").write_text("body { color: black; }")
    client = Client()  # a fresh handler: WhiteNoise reads STATIC_ROOT when the middleware is built
    client.force_login(curator)
    response = client.get("/static/css/probe.css")
    assert response.status_code == 200
    assert "no-store" not in _cache_control(response)
    assert any(part.startswith("max-age=") and part != "max-age=0" for part in _cache_control(response))
