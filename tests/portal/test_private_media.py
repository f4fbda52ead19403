"""Private files are never served through /media/, not even with DEBUG; a PRIVATE_MEDIA_ROOT inside a served
folder (MEDIA_ROOT, STATIC_ROOT) stops the portal at start-up (config/checks.py)."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.urls import clear_url_caches

from config.checks import private_media_outside_served_roots

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def debug_urls(settings):
    """The URL conf as it is built with DJANGO_DEBUG=true; the normal one is put back afterwards."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_with_debug_a_private_file_under_media_answers_404(debug_urls, settings, client_as, admin_user_role):
    # The layout the portal used by default before: PRIVATE_MEDIA_ROOT = MEDIA_ROOT/private.
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT / "private"
    stored = settings.PRIVATE_MEDIA_ROOT / "evidence" / "2024" / "01" / "act.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 personal")
    (settings.MEDIA_ROOT / "note.txt").write_bytes(b"not private either")
    client = client_as(admin_user_role)
    for path in ("/media/private/evidence/2024/01/act.pdf", "/media/note.txt"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"personal" not in response.content


def test_with_debug_the_private_root_is_not_reachable_by_any_url(debug_urls, settings, client_as, admin_user_role):
    stored = settings.PRIVATE_MEDIA_ROOT / "reports" / "spravka.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 personal")
    client = client_as(admin_user_role)
    for path in ("/media/reports/spravka.pdf", "/media/private/reports/spravka.pdf", "/static/reports/spravka.pdf"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("inside", ["MEDIA_ROOT", "STATIC_ROOT"])
def test_the_check_refuses_a_private_root_inside_a_served_folder(settings, inside):
    served = Path(getattr(settings, inside))
    for private in (served / "private", served, served / "a" / ".." / "private"):
        settings.PRIVATE_MEDIA_ROOT = private
        errors = private_media_outside_served_roots()
        assert [error.id for error in errors] == ["config.E002"], private
        assert "не может лежать внутри" in errors[0].msg and inside in errors[0].msg


def test_the_check_accepts_a_private_root_beside_media(settings):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT.parent / "private"
    assert private_media_outside_served_roots() == []
    settings.PRIVATE_MEDIA_ROOT = Path(str(settings.MEDIA_ROOT) + "-private")  # a common prefix is not "inside"
    assert private_media_outside_served_roots() == []


def _manage_check(tmp_path, **variables):
    env = {k: v for k, v in os.environ.items() if k not in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "STATIC_ROOT")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.base", DJANGO_DEBUG="true", **variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_portal_refuses_to_start_with_private_files_inside_media_root(tmp_path):
    refused = _manage_check(tmp_path, MEDIA_ROOT=str(tmp_path / "m"), PRIVATE_MEDIA_ROOT=str(tmp_path / "m" / "p"))
    assert refused.returncode != 0
    assert "config.E002" in refused.stderr and "PRIVATE_MEDIA_ROOT" in refused.stderr
    default = _manage_check(tmp_path)  # the defaults of config/settings/base.py
    assert default.returncode == 0, default.stderr
    # Empty variables, as .env.example has them, mean the defaults too (not the current folder for all three).
    empty = _manage_check(tmp_path, MEDIA_ROOT="", PRIVATE_MEDIA_ROOT="", STATIC_ROOT="")
    assert empty.returncode == 0, empty.stderr


def test_docker_compose_keeps_private_files_beside_media():
    environment = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["x-portal"]["environment"]
    media, private = Path(environment["MEDIA_ROOT"]), Path(environment["PRIVATE_MEDIA_ROOT"])
    assert media not in private.parents and media != private
