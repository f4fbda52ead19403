"""A view says which scope it needs (`required_scope`); the token must carry it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import Token


class HasScope(permissions.BasePermission):
    message = _("The token has no access to this scope.")

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, Token):
            return False
        return view.required_scope in token.scope_list
