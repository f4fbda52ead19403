"""Every string in the code and templates has a Russian translation.

The strings are extracted with makemessages (on a copy of the sources) and each one is looked up
through Django's own translation machinery, so a translation may live in `locale/` or in an app's
own `locale/` directory.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
# Every app of the portal (the ones in INSTALLED_APPS that live in this checkout), the plumbing and the
# project's templates: a new app is checked without anyone remembering to list it here.
SOURCES = [
    "config",
    *(app.name for app in apps.get_app_configs() if Path(app.path).resolve().parent == ROOT and app.name != "config"),
    "templates",
]


def _extract(tmp_path):
    for name in [*SOURCES, "manage.py"]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "locale"))
        elif src.exists():
            shutil.copy(src, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-wrap", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.base", "PATH": "/usr/bin:/bin", "SECRET_KEY": "makemessages"},
    )
    return polib.pofile(str(tmp_path / "locale/ru/LC_MESSAGES/django.po"))


def _translated(entry):
    if entry.msgid_plural:
        one = (
            translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
            if entry.msgctxt
            else (translation.ngettext(entry.msgid, entry.msgid_plural, 1))
        )
        return one != entry.msgid
    if entry.msgctxt:
        return translation.pgettext(entry.msgctxt, entry.msgid) != entry.msgid
    return translation.gettext(entry.msgid) != entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext (xgettext) is not installed")
def test_every_string_has_a_russian_translation(tmp_path):
    catalogue = _extract(tmp_path)
    assert len(catalogue) > 50  # the extraction itself worked
    with translation.override("ru"):
        missing = [entry.msgid for entry in catalogue if not _translated(entry)]
    assert not missing, f"{len(missing)} string(s) without a Russian translation: {missing[:30]}"
