"""`{% load roadmap_tags %}{% roadmap_upcoming_panel %}`: the roadmap's panel for any dashboard.

A template tag rather than a Python import, so the dashboard's app does not depend on the roadmap.
"""

from django import template

from ..selectors import upcoming_and_overdue

register = template.Library()


@register.inclusion_tag("roadmap/upcoming_panel.html", takes_context=True)
def roadmap_upcoming_panel(context, days=30, limit=5):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("roadmap.view_activity"):
        return {"panel": None}
    return {"panel": upcoming_and_overdue(days=days, limit=limit)}
