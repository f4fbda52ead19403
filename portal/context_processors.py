from .navigation import navigation_for
from .roles import user_roles


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    return {"nav_items": navigation_for(user), "user_roles": sorted(user_roles(user))}
