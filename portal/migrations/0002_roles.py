from django.db import migrations

from portal.role_sync import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("mentorship", "0002_lyceum"),
    ]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
