"""The navigation each role sees. Entries whose page does not exist yet are left out.

An entry is shown to the roles it is meant for, and only if the user passes the very check its view
makes (`allowed`: the view's permission, or the access function the view calls): the menu never offers
a page that would refuse the user.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hub.access import may_read_hub, may_see_campaigns, may_upload_own_report
from mentorship.access import is_mentor
from monitoring.campaign_selectors import may_read_campaigns
from roster.views import IMPORT_PERMISSION

from .roles import ADMIN, CURATOR, DIRECTOR, HUB_ANALYST, MENTOR, SCHOOL_REPORTER, user_roles


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise  # translated lazily, when the menu is built
    url_name: str
    roles: tuple
    icon: str = "circle"
    # The first entry marked home is where the role lands after login.
    home_for: tuple = ()
    group: str | Promise = ""
    # The view's check: a permission name, or a function of the user.
    allowed: str | Callable | None = None

    def allows(self, user):
        if self.allowed is None:
            return True
        if callable(self.allowed):
            return bool(self.allowed(user))
        return user.has_perm(self.allowed)


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
    icon: str = "journal-text"

    @property
    def urls(self):
        return [item.url for item in self.items]

    @property
    def url(self):
        """Where the dropdown's toggle leads without JavaScript: its first page."""
        return self.items[0].url


REGISTRY = _("Registry")
# The roadmap and the public page: the programme as the school shows it (one dropdown, so that the bar
# fits a 1366 px screen for every role; a role that sees one of them gets it as a plain item).
PROGRAMME = _("Programme")
# The hub's pages (hub/, HUB_ENABLED): the roll-ups of the schools' reports, for the monitoring analysts.
SCHOOL_MONITORING = _("School monitoring")
GROUP_ICONS = ((REGISTRY, "journal-text"), (PROGRAMME, "signpost-split"), (SCHOOL_MONITORING, "bar-chart-line"))


def _admin_site_opens(user):
    return user.is_active and user.is_staff  # what admin.site.has_permission asks


ENTRIES = [
    NavEntry(
        _("Dashboard"),
        "indicators:dashboard",
        (DIRECTOR, CURATOR),
        "speedometer2",
        (DIRECTOR, CURATOR),
        allowed="indicators.view_indicator",
    ),
    NavEntry(
        # Short: the director's menu must fit a 1366 px screen; the page itself says «Плановые значения».
        pgettext_lazy("navigation", "Targets"),
        "indicators:targets",
        (DIRECTOR, ADMIN),
        "bullseye",
        allowed="indicators.change_target",
    ),
    NavEntry(
        _("Mentorships"),
        "mentorship:mentorship_list",
        (DIRECTOR, CURATOR),
        "people",
        allowed="mentorship.view_mentorship",
    ),
    NavEntry(_("My mentorships"), "mentorship:my_mentorships", (MENTOR,), "person-heart", (MENTOR,), allowed=is_mentor),
    NavEntry(
        _("Students"),
        "mentorship:student_list",
        (DIRECTOR, CURATOR),
        "mortarboard",
        group=REGISTRY,
        allowed="mentorship.view_person",
    ),
    NavEntry(
        _("Teachers"),
        "mentorship:teacher_list",
        (DIRECTOR, CURATOR),
        "person-workspace",
        group=REGISTRY,
        allowed="mentorship.view_person",
    ),
    NavEntry(
        _("External mentors"),
        "mentorship:external_list",
        (DIRECTOR, CURATOR),
        "briefcase",
        group=REGISTRY,
        allowed="mentorship.view_person",
    ),
    NavEntry(
        _("Organisations"),
        "mentorship:organization_list",
        (DIRECTOR, CURATOR),
        "building",
        group=REGISTRY,
        allowed="mentorship.view_organization",
    ),
    NavEntry(
        _("Need attention"),
        "health:attention",
        (DIRECTOR, CURATOR, ADMIN),
        "exclamation-triangle",
        group=REGISTRY,
        allowed="health.view_pairhealth",
    ),
    NavEntry(
        # The matching assistant («Подбор пар»): in the registry's dropdown so the bar keeps one row.
        _("Matching"),
        "matching:session_list",
        (DIRECTOR, CURATOR),
        "diagram-3",
        group=REGISTRY,
        allowed="matching.view_matchingsession",
    ),
    NavEntry(
        _("Applications to join"),
        "applications:queue",
        (DIRECTOR, CURATOR),
        "envelope-paper",
        group=REGISTRY,
        allowed="joining.view_application",
    ),
    NavEntry(
        _("Roadmap"),
        "roadmap:table",
        (DIRECTOR, CURATOR, ADMIN),
        "signpost-split",
        group=PROGRAMME,
        allowed="roadmap.view_activity",
    ),
    NavEntry(
        _("Reports"),
        "reports:archive",
        (DIRECTOR, CURATOR),
        "file-earmark-text",
        allowed="reports.view_analyticsummary",
    ),
    # Monitoring campaigns (issue 18): run by curators, read by the director; mentors answer in the portal.
    NavEntry(
        _("Questionnaire campaigns"),
        "monitoring:campaign_list",
        (DIRECTOR, CURATOR),
        "ui-checks",
        group=PROGRAMME,
        allowed=may_read_campaigns,
    ),
    NavEntry(_("My questionnaires"), "monitoring:my_questionnaires", (MENTOR,), "ui-checks", allowed=is_mentor),
    NavEntry(_("My questionnaires"), "monitoring:my_questionnaires", (CURATOR,), "ui-checks", group=PROGRAMME),
    NavEntry(_("Public page"), "public:manage", (CURATOR,), "globe", group=PROGRAMME, allowed="public.view_newsitem"),
    NavEntry(
        _("Questionnaires"),
        "monitoring:questionnaire_list",
        (CURATOR, ADMIN),
        "ui-checks",
        group=PROGRAMME,
        allowed="monitoring.manage_questionnaires",
    ),
    # The monitoring report to the hub (exchange/): the director's and the administrator's.
    NavEntry(
        _("Reports to the hub"),
        "exchange:deliveries",
        (DIRECTOR, ADMIN),
        "send",
        group=PROGRAMME,
        allowed="exchange.view_delivery",
    ),
    NavEntry(
        _("Roster import"),
        "mentorship:import_journal",
        (ADMIN,),
        "file-earmark-spreadsheet",
        (ADMIN,),
        allowed=IMPORT_PERMISSION,
    ),
    NavEntry(
        _("Best mentors"),
        "mentorship:best_mentor_list",
        (ADMIN, DIRECTOR, CURATOR),
        "award",
        group=REGISTRY,
        allowed="mentorship.view_bestmentor",
    ),
    NavEntry(
        _("School details"),
        "mentorship:school",
        (ADMIN, DIRECTOR, CURATOR),
        "bank",
        group=REGISTRY,
        allowed="mentorship.view_school",
    ),
    NavEntry(
        _("Personal data destruction acts"),
        "mentorship:destruction_list",
        (ADMIN,),
        "shield-lock",
        group=REGISTRY,
        allowed="mentorship.view_destructionrecord",
    ),
    # The hub (hubviews): shown only where the views would open (hub.access.may_read_hub).
    NavEntry(
        _("Roll-up dashboard"),
        "hub:dashboard",
        # A school's reporter with a hub.Member school reads that school's pages too.
        (HUB_ANALYST, SCHOOL_REPORTER, ADMIN),
        "bar-chart-line",
        (HUB_ANALYST,),
        group=SCHOOL_MONITORING,
        allowed=may_read_hub,
    ),
    NavEntry(
        _("Report collections"),
        "hub:campaign_list",
        (HUB_ANALYST, SCHOOL_REPORTER),
        "calendar-check",
        group=SCHOOL_MONITORING,
        allowed=may_see_campaigns,
    ),
    # The hub's administrator opens and closes the collections; in the «Programme» dropdown, so that the
    # administrator's bar stays one row at 1366 px.
    NavEntry(
        _("Report collections"),
        "hub:campaign_list",
        (ADMIN,),
        "calendar-check",
        group=PROGRAMME,
        allowed=may_see_campaigns,
    ),
    NavEntry(
        _("Upload the report"),
        "hub:upload",
        (SCHOOL_REPORTER,),
        "upload",
        (SCHOOL_REPORTER,),
        group=SCHOOL_MONITORING,
        allowed=may_upload_own_report,
    ),
    NavEntry(_("Administration"), "admin:index", (ADMIN,), "gear", (ADMIN,), allowed=_admin_site_opens),
]


def navigation_for(user):
    roles = user_roles(user)
    items = []
    for entry in ENTRIES:
        if not roles & set(entry.roles) or not entry.allows(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(NavItem(str(entry.label), url, entry.icon, bool(roles & set(entry.home_for)), str(entry.group)))
    return items


def navigation_menu(items):
    """Top-level items and groups (dropdowns) in the order of their first entry; a group of one item is
    shown as that item (no dropdown that hides a single page)."""
    menu: list = []
    groups: dict = {}
    icons = {str(label): icon for label, icon in GROUP_ICONS}
    for item in items:
        if not item.group:
            menu.append(item)
        elif item.group in groups:
            groups[item.group].items.append(item)
        else:
            groups[item.group] = NavGroup(item.group, [item], icons.get(item.group, "journal-text"))
            menu.append(groups[item.group])
    return [entry.items[0] if isinstance(entry, NavGroup) and len(entry.items) == 1 else entry for entry in menu]
