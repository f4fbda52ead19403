"""RosterJob now lives in the roster app (roster 0001): only mentorship's state forgets it, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('mentorship', '0010_rosterjob_table_borders'),
        ('roster', '0001_initial_borders'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='RosterJob')]),
    ]
