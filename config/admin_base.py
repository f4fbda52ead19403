"""The two kinds of ModelAdmin the portal's registry models may have.

`ServiceAdmin`: the admin form writes through the same service as the pages. The service runs while the
form is validated, in a savepoint of the admin's own transaction, so its Russian ValidationError appears on
the form and nothing is saved; `save_model` / `save_related` then only hand the saved object to the admin.
Nothing is deleted from here and the inlines are shown read-only: a row an inline saved would bypass the
service.

`ReadOnlyAdmin`: the model is listed and shown, never added, changed or deleted here — the pages are the
place to edit it.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from config.forms import add_service_errors


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdmin(admin.ModelAdmin):
    """Subclasses implement `service_save(request, obj, form, change)`, which returns the saved object."""

    list_editable = ()  # the change list's own formset would save without the service

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if self.list_editable:
            raise TypeError(f"{type(self).__name__}: list_editable would save without the service")

    def service_save(self, request, obj, form, change):
        raise NotImplementedError

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            if not isinstance(inline, ReadOnlyInline):
                raise TypeError(f"{type(self).__name__}: inline {type(inline).__name__} must be a ReadOnlyInline")
        return instances

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceForm(form_class):  # type: ignore[valid-type,misc]  # the admin builds the form class
            def _post_clean(self):
                super()._post_clean()
                if self._errors:
                    return
                try:
                    with transaction.atomic():
                        self.saved = model_admin.service_save(request, self.instance, self, change)
                except ValidationError as error:
                    add_service_errors(self, error)

        ServiceForm.__name__ = form_class.__name__
        return ServiceForm

    def save_model(self, request, obj, form, change):
        obj.pk = form.saved.pk  # the service has saved it

    def save_related(self, request, form, formsets, change):
        # The service has set the many-to-many fields; the inlines are read-only and save nothing.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if request.method == "POST":
            # The form is shown again, so nothing of this request may stay (the admin's transaction is rolled
            # back as the view returns; the page renders after that).
            transaction.set_rollback(True)
        return response

    def has_delete_permission(self, request, obj=None):
        return False
