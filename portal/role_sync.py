"""Shared by the data migrations that (re)grant the roles' permissions after new models appear."""

from django.contrib.auth.management import create_permissions

from portal.roles import sync_role_permissions


def sync_roles(apps, schema_editor):
    # Permissions are normally created after migrate; a data migration needs them now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    sync_role_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
