from notifications.selectors import can_have_notifications, unread_count

from .navigation import navigation_for, navigation_menu
from .roles import user_roles


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_menu": [], "user_roles": [], "unread_notifications": None}
    items = navigation_for(user)
    # The bell (staff and mentors): one query per page for the unread count.
    unread = unread_count(user=user) if can_have_notifications(user) else None
    return {
        "nav_items": items,
        "nav_menu": navigation_menu(items),
        "user_roles": sorted(user_roles(user)),
        "unread_notifications": unread,
    }
