import datetime
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"


def _attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_username_from_that_address_for_15_minutes(client, curator, time_machine):
    time_machine.move_to(datetime.datetime(2024, 12, 20, 9, tzinfo=datetime.UTC))
    for _ in range(5):
        _attempt(client, curator.username, "wrong")
    locked = _attempt(client, curator.username, "secret-pass-123")
    assert locked.status_code in (403, 429)
    assert "Слишком много неудачных попыток" in locked.content.decode()
    # The rest of the school behind the same address is not locked out…
    assert _attempt(Client(), "someone-else", "wrong").status_code == 200
    # …nor is the same person from another address.
    assert _attempt(Client(), curator.username, "secret-pass-123", ip="10.0.0.2").status_code == 302
    time_machine.move_to(datetime.datetime(2024, 12, 20, 9, 16, tzinfo=datetime.UTC))
    assert _attempt(Client(), curator.username, "secret-pass-123").status_code == 302


@pytest.mark.django_db
def test_session_key_rotates_on_login(client, curator):
    client.get(LOGIN)
    client.cookies["sessionid"] = "attacker-chosen"
    _attempt(client, curator.username, "secret-pass-123")
    assert client.cookies["sessionid"].value != "attacker-chosen"


@pytest.mark.django_db
def test_csrf_is_enforced_on_post(curator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    response = client.post(reverse("mentorship:organization_create"), {"name": "X", "territory": "town"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_pages_send_security_headers_and_a_csp_without_inline_scripts(client_as, curator):
    response = client_as(curator).get(reverse("mentorship:student_list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html


def test_deploy_check_passes_on_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE": "true",
        "ALLOWED_HOSTS": "nastavnichestvo.example",
        "SECRET_KEY": secrets.token_urlsafe(64),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_turn_on_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.CSRF_COOKIE_HTTPONLY)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECURE": "true",
        "SECRET_KEY": secrets.token_urlsafe(64),
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["31536000", "True", "True", "True", "True"]


@pytest.mark.django_db
def test_password_change_accepts_only_get_and_post(client_as, curator):
    client = client_as(curator)
    assert client.put("/accounts/password/").status_code == 405
    assert client.get("/accounts/password/").status_code == 200


def _start_settings(**variables):
    """Load the production settings in a fresh process with only these variables; (return code, output)."""
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.base", **variables}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize(
    "key",
    ["", "change-me-to-a-long-random-string", "django-insecure-embedded-default-change-me-in-production"],
)
@pytest.mark.parametrize("debug", [None, "false"])
def test_settings_refuse_to_start_without_a_key_of_their_own_when_debug_is_off(key, debug):
    variables = {"SECRET_KEY": key} | ({"DJANGO_DEBUG": debug} if debug else {})
    code, output = _start_settings(**variables)
    assert code != 0 and "started" not in output
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY не задан или взят из примера" in output


def test_settings_start_with_a_key_or_with_debug_on():
    assert _start_settings(SECRET_KEY=secrets.token_urlsafe(64)) == (0, "started\n")
    assert _start_settings(SECRET_KEY="", DJANGO_DEBUG="true") == (0, "started\n")
