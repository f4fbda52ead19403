"""Users and roles in the admin: administrators manage accounts and their roles, nobody raises themself.

A staff user who is not a superuser (the «Администратор» role) can neither make anyone a superuser nor
give raw permissions, nor edit a role's permissions, nor touch a superuser's account (its password
included): only superusers can.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin  # registers the defaults that are replaced below
from django.contrib.auth.models import Group, User

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


class PortalUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [field for field in SUPERUSER_ONLY_FIELDS if field not in readonly]
        return readonly

    def _touches_a_superuser(self, request, obj):
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._touches_a_superuser(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._touches_a_superuser(request, obj)


class PortalGroupAdmin(GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("permissions")
        return readonly

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, PortalUserAdmin)
admin.site.register(Group, PortalGroupAdmin)
