"""Tokens in the Django admin: created through the service (the key shown once), revoked by an action."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from config.admin_base import ReadOnlyAdmin, ServiceAdmin

from .models import RegistryRead, Scope, Token
from .services import token_create, token_revoke


class TokenForm(forms.ModelForm):
    scope_choices = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Token
        fields = ["name"]


@admin.register(Token)
class TokenAdmin(ServiceAdmin):
    form = TokenForm
    list_display = ["name", "prefix", "scopes", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "scopes", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "scope_choices"]
        return ["name", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return ["name", *self.readonly_fields] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        # A token is never edited: its scopes are fixed at creation (revoke it and create another).
        return super().has_change_permission(request, obj) if obj is None else False

    def service_save(self, request, obj, form, change):
        token, key = token_create(
            name=form.cleaned_data["name"], scopes=form.cleaned_data["scope_choices"], created_by=request.user
        )
        messages.warning(
            request,
            _("The token of «%(name)s» (shown once, copy it now): %(key)s") % {"name": token.name, "key": key},
        )
        return token

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token)
        messages.success(request, _("Tokens revoked: %(count)d.") % {"count": queryset.count()})


@admin.register(RegistryRead)
class RegistryReadAdmin(ReadOnlyAdmin):
    list_display = ["at", "token", "path", "query", "count"]
    list_filter = ["token"]
