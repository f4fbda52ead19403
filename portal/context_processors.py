from .navigation import navigation_for, navigation_menu
from .roles import user_roles


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_menu": [], "user_roles": []}
    items = navigation_for(user)
    return {"nav_items": items, "nav_menu": navigation_menu(items), "user_roles": sorted(user_roles(user))}
