from django.contrib import admin

from .models import School


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["short_name", "director", "town", "district"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not School.objects.exists()
