"""The four roles of the portal as Django groups, and the model permissions each one holds.

Group names are data shown to people, so they are Russian. Permissions are given by patterns
(`app_label.action_*`, `app_label.codename`), so a new model of an app is covered by the next sync.
"""

from fnmatch import fnmatch

ADMIN = "Администратор"
DIRECTOR = "Директор"
CURATOR = "Куратор"
MENTOR = "Наставник"
# The hub's roles (hub/, docs/hub.md): the staff of a municipality or a region read the schools' reports of
# their organisation (hub.Member); a school without a portal uploads its own as the Excel template.
HUB_ANALYST = "Аналитик мониторинга"
SCHOOL_REPORTER = "Ответственный за отчёт школы"
ROLES = (ADMIN, DIRECTOR, CURATOR, MENTOR, HUB_ANALYST, SCHOOL_REPORTER)

_STAFF_APPS = ("mentorship", "roster", "roadmap", "indicators", "reports", "public", "matching", "joining")
# The personal calendar feed (feeds/): every role gets its own.
_CALENDAR = "feeds.use_calendar"

ROLE_PERMISSIONS = {
    ADMIN: [
        "auth.*_user",
        "auth.view_group",
        *(f"{app}.*" for app in _STAFF_APPS),
        "portal.*",
        # Questionnaires and campaigns (monitoring): adapted and run by curators and administrators.
        "monitoring.manage_questionnaires",
        "monitoring.view_*",
        "auditlog.view_logentry",
        "axes.view_*",
        "axes.delete_accessattempt",
        "health.*",
        "notifications.view_notification",
        _CALENDAR,
        # The hub's organisations, keys and campaigns (a hub's administrator), the school's deliveries.
        "hub.*",
        "exchange.*",
    ],
    DIRECTOR: [
        *(f"{app}.view_*" for app in _STAFF_APPS),
        "reports.approve_*",
        # The director sets the indicators' targets and the number of enterprises (the targets page).
        "indicators.add_target",
        "indicators.change_target",
        "indicators.add_enterprisecount",
        "indicators.change_enterprisecount",
        # Pair health of every pair, read only; the bell.
        "health.view_pairhealth",
        "health.view_all_pairhealth",
        "notifications.view_notification",
        # The school's reports to its hub (exchange/): the deliveries, sending a date's report.
        "exchange.view_delivery",
        "exchange.add_delivery",
        _CALENDAR,
    ],
    CURATOR: [
        "mentorship.view_*",
        "mentorship.add_*",
        "mentorship.change_*",
        "mentorship.curate_mentorships",
        "roster.view_*",
        "roster.add_*",
        "roster.change_*",
        "roadmap.*",
        "indicators.view_*",
        "reports.view_*",
        "reports.add_*",
        "reports.change_*",
        "public.*",
        # «Требуют внимания» of the curator's own pairs (Mentorship.curator), recomputed on demand; the bell.
        "health.view_pairhealth",
        "health.refresh_pairhealth",
        "notifications.view_notification",
        "monitoring.manage_questionnaires",
        "matching.*",
        # Applications to join (joining/): the queue, accepting and declining.
        "joining.view_*",
        "joining.change_*",
        "joining.decide_*",
        _CALENDAR,
    ],
    MENTOR: ["mentorship.work_as_mentor", "notifications.view_notification", _CALENDAR],
    HUB_ANALYST: ["hub.view_*"],
    SCHOOL_REPORTER: ["hub.view_report", "hub.view_campaign", "hub.upload_report"],
}

# Curators and the director work with the registry but must not edit school details or delete people.
# The roadmap is the curators' own: the director and the administrators only read it, but an administrator
# may open the next roadmap period (`roadmap.add_programme`: the pattern leaves out every other add_*).
# Working on one's own mentorships as their mentor is the mentor role's alone; being offered as a
# mentorship's curator is the curator role's alone.
ROLE_EXCLUDED = {
    CURATOR: ["mentorship.change_school", "mentorship.add_school", "mentorship.delete_*"],
    ADMIN: [
        "roadmap.add_[!p]*",
        "roadmap.change_*",
        "roadmap.delete_*",
        "mentorship.work_as_mentor",
        "mentorship.curate_mentorships",
    ],
}


def _matches(perm_key, patterns):
    return any(fnmatch(perm_key, pattern) for pattern in patterns)


def sync_role_permissions(group_model, permission_model):
    """Create the four groups and give each exactly the permissions its patterns match."""
    permissions = list(permission_model.objects.select_related("content_type"))
    for role in ROLES:
        group, _created = group_model.objects.get_or_create(name=role)
        patterns = ROLE_PERMISSIONS[role]
        excluded = ROLE_EXCLUDED.get(role, [])
        wanted = [
            p
            for p in permissions
            if _matches(f"{p.content_type.app_label}.{p.codename}", patterns)
            and not _matches(f"{p.content_type.app_label}.{p.codename}", excluded)
        ]
        group.permissions.set(wanted)


def user_roles(user):
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_portal_roles"):
        user._portal_roles = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            user._portal_roles.add(ADMIN)
    return user._portal_roles
