"""Every string in the code and templates has a Russian translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["config", "portal", "mentorship", "roadmap", "indicators", "reports", "public", "templates"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext (xgettext) is not installed")
def test_every_string_has_a_russian_translation(tmp_path):
    # makemessages writes in place, so it runs on a copy of the sources with the current catalogue.
    for name in [*SOURCES, "manage.py"]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "locale"))
        elif src.exists():
            shutil.copy(src, tmp_path / name)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ru",
            "--no-obsolete",
            "--no-wrap",
            "-v0",
            "--ignore",
            "node_modules/*",
            "--ignore",
            ".venv/*",
        ],
        cwd=tmp_path,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.base", "PATH": "/usr/bin:/bin"},
    )
    catalogue = polib.pofile(str(tmp_path / "locale/ru/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    assert not missing, f"{len(missing)} string(s) without a Russian translation: {missing[:20]}"
