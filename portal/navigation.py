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


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    home: bool


ENTRIES = [
    NavEntry(_("Dashboard"), "indicators:dashboard", (DIRECTOR, CURATOR), "speedometer2", (DIRECTOR, CURATOR)),
    NavEntry(_("Mentorships"), "mentorship:mentorship_list", (DIRECTOR, CURATOR), "people"),
    NavEntry(_("My mentorships"), "mentorship:my_mentorships", (MENTOR,), "person-heart", (MENTOR,)),
    NavEntry(_("Students"), "mentorship:student_list", (DIRECTOR, CURATOR), "mortarboard"),
    NavEntry(_("Teachers"), "mentorship:teacher_list", (DIRECTOR, CURATOR), "person-workspace"),
    NavEntry(_("External mentors"), "mentorship:external_list", (DIRECTOR, CURATOR), "briefcase"),
    NavEntry(_("Organisations"), "mentorship:organization_list", (DIRECTOR, CURATOR), "building"),
    NavEntry(_("Roadmap"), "roadmap:table", (DIRECTOR, CURATOR, ADMIN), "signpost-split"),
    NavEntry(_("Reports"), "reports:archive", (DIRECTOR, CURATOR), "file-earmark-text"),
    NavEntry(_("Public page"), "public:manage", (CURATOR,), "globe"),
    NavEntry(_("Roster import"), "mentorship:import_journal", (ADMIN,), "file-earmark-spreadsheet", (ADMIN,)),
    NavEntry(_("School details"), "mentorship:school", (ADMIN, DIRECTOR, CURATOR), "bank"),
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
        items.append(NavItem(str(entry.label), url, entry.icon, bool(roles & set(entry.home_for))))
    return items
