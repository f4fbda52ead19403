"""System checks of the deployment's settings, run by runserver, migrate (the web container's start) and
`manage.py check`: a misconfiguration that would expose personal data stops the portal at start-up."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error
from django.utils.translation import gettext as _


def _inside(path, root):
    path, root = Path(path).resolve(), Path(root).resolve()
    return path == root or root in path.parents


def private_media_outside_served_roots(app_configs=None, **kwargs):
    """PRIVATE_MEDIA_ROOT must not be, or lie inside, a folder that a URL serves (MEDIA_ROOT, STATIC_ROOT)."""
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if not private:
        return [Error(_("PRIVATE_MEDIA_ROOT is not set."), id="config.E001")]
    errors = []
    for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
        served = getattr(settings, setting, None)
        if served and _inside(private, served):
            errors.append(
                Error(
                    _("PRIVATE_MEDIA_ROOT (%(private)s) must not be inside %(setting)s (%(served)s).")
                    % {"private": private, "setting": setting, "served": served},
                    hint=_("Set PRIVATE_MEDIA_ROOT to a folder beside %(setting)s, e.g. /data/private.")
                    % {"setting": setting},
                    id="config.E002",
                )
            )
    return errors
