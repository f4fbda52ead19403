"""The navigation each role sees. Entries whose page does not exist yet are left out."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import ADMIN, CURATOR, DIRECTOR, MENTOR, user_roles


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: tuple
    icon: str = "circle"
    # The first entry marked home is where the role lands after login.
    home_for: tuple = ()
    group: str = ""


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    home: bool
    group: str = ""


@dataclass
class NavGroup:
    label: str
    items: list


REGISTRY = _("Registry")

ENTRIES = [
    NavEntry(_("Dashboard"), "indicators:dashboard", (DIRECTOR, CURATOR), "speedometer2", (DIRECTOR, CURATOR)),
    NavEntry(_("Mentorships"), "mentorship:mentorship_list", (DIRECTOR, CURATOR), "people"),
    NavEntry(_("My mentorships"), "mentorship:my_mentorships", (MENTOR,), "person-heart", (MENTOR,)),
    NavEntry(_("Students"), "mentorship:student_list", (DIRECTOR, CURATOR), "mortarboard", group=REGISTRY),
    NavEntry(_("Teachers"), "mentorship:teacher_list", (DIRECTOR, CURATOR), "person-workspace", group=REGISTRY),
    NavEntry(_("External mentors"), "mentorship:external_list", (DIRECTOR, CURATOR), "briefcase", group=REGISTRY),
    NavEntry(_("Organisations"), "mentorship:organization_list", (DIRECTOR, CURATOR), "building", group=REGISTRY),
    NavEntry(_("Roadmap"), "roadmap:table", (DIRECTOR, CURATOR, ADMIN), "signpost-split"),
    NavEntry(_("Reports"), "reports:archive", (DIRECTOR, CURATOR), "file-earmark-text"),
    NavEntry(_("Public page"), "public:manage", (CURATOR,), "globe"),
    NavEntry(_("Roster import"), "mentorship:import_journal", (ADMIN,), "file-earmark-spreadsheet", (ADMIN,)),
    NavEntry(_("School details"), "mentorship:school", (ADMIN, DIRECTOR, CURATOR), "bank", group=REGISTRY),
    NavEntry(
        _("Personal data destruction acts"), "mentorship:destruction_list", (ADMIN,), "shield-lock", group=REGISTRY
    ),
    NavEntry(_("Administration"), "admin:index", (ADMIN,), "gear", (ADMIN,)),
]


def navigation_for(user):
    roles = user_roles(user)
    items = []
    for entry in ENTRIES:
        if not roles & set(entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(NavItem(str(entry.label), url, entry.icon, bool(roles & set(entry.home_for)), str(entry.group)))
    return items


def navigation_menu(items):
    """Top-level items and groups (dropdowns) in the order of their first entry."""
    menu, groups = [], {}
    for item in items:
        if not item.group:
            menu.append(item)
        elif item.group in groups:
            groups[item.group].items.append(item)
        else:
            groups[item.group] = NavGroup(item.group, [item])
            menu.append(groups[item.group])
    return menu
