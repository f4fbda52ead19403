"""Who sees what at the hub, in one place (docs/hub.md).

- Every hub page and the reception answer 404 where the portal is not a hub (settings.HUB_ENABLED off):
  `hub_view` wraps each view.
- A hub user sees the schools of their organisation (hub.Member): a region's staff every school of the
  region, a municipality's its own schools, a school's user only that school. A superuser sees all.
  Another's school or report is 404, never 403 (scoped selectors below).
- What one may do comes from the Django groups (portal/roles.py: «Аналитик мониторинга» reads,
  «Ответственный за отчёт школы» uploads its school's template, the administrator registers schools).
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Member, Organisation


def hub_enabled() -> bool:
    return bool(settings.HUB_ENABLED)


def hub_view(view: Callable) -> Callable:
    """The view, answering 404 where the portal is not a hub."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not hub_enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def member_organisation(user) -> Organisation | None:
    """The organisation the user belongs to at the hub, or None (a superuser without one sees everything)."""
    if not user.is_authenticated:
        return None
    member = Member.objects.select_related("organisation").filter(user=user).first()
    return member.organisation if member else None


def _subtree(organisation: Organisation) -> Q:
    """Organisations at or under `organisation` (the tree has three levels: region, municipality, school)."""
    return Q(pk=organisation.pk) | Q(parent=organisation) | Q(parent__parent=organisation)


def visible_organisations(user) -> QuerySet[Organisation]:
    """Every organisation the user may see: their organisation's subtree; all for a superuser; none else."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    organisation = member_organisation(user)
    if organisation is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(_subtree(organisation))


def visible_schools(user) -> QuerySet[Organisation]:
    return visible_organisations(user).filter(kind=Organisation.Kind.SCHOOL)


def may_read_hub(user) -> bool:
    """The navigation's and the dashboards' check: a hub, the permission, and an organisation to read."""
    return (
        hub_enabled()
        and user.is_authenticated
        and user.has_perm("hub.view_report")
        and (user.is_superuser or member_organisation(user) is not None)
    )


def may_upload_report(user) -> bool:
    return hub_enabled() and user.is_authenticated and user.has_perm("hub.upload_report")


def may_see_campaigns(user) -> bool:
    """The campaigns' pages: a hub and the permission (what the views check)."""
    return hub_enabled() and user.is_authenticated and user.has_perm("hub.view_campaign")


def may_upload_own_report(user) -> bool:
    """The upload page: the permission and a school of one's own at the hub (what the view checks)."""
    if not may_upload_report(user):
        return False
    organisation = member_organisation(user)
    return organisation is not None and organisation.kind == Organisation.Kind.SCHOOL
