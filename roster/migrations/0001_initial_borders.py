"""RosterJob moves from mentorship into its own app, its rows kept.

mentorship 0010 renames the table (mentorship_rosterjob -> roster_rosterjob); this migration adopts the
model into the `roster` state without touching the database, and moves its content type, so the
permissions (`import_roster` and the model's own) and the audit history stay attached to it.
mentorship 0011 then drops the model from mentorship's state, again without touching the database.
"""

import config.text
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from config.model_moves import model_permissions_move


def content_type_move(apps, schema_editor):
    model_permissions_move(apps, old=('mentorship', 'rosterjob'), new=('roster', 'rosterjob'))


def content_type_back(apps, schema_editor):
    model_permissions_move(apps, old=('roster', 'rosterjob'), new=('mentorship', 'rosterjob'))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('mentorship', '0010_rosterjob_table_borders'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='RosterJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('import', 'import'), ('export', 'export')], default='import', max_length=10, verbose_name='action')),
                ('kind', models.CharField(choices=[('students', 'students'), ('teachers', 'teachers'), ('organizations', 'organisations'), ('mentors', 'external mentors'), ('mentorships', 'mentorships')], max_length=20, verbose_name='roster')),
                ('source', models.CharField(choices=[('web', 'portal'), ('command', 'command line')], default='web', max_length=10, verbose_name='source')),
                ('file_name', config.text.CharField(max_length=255, verbose_name='file name')),
                ('stored_file', models.CharField(blank=True, max_length=255, verbose_name='stored file')),
                ('sheet', config.text.CharField(blank=True, max_length=100, verbose_name='sheet')),
                ('dry_run', models.BooleanField(default=False, verbose_name='dry run')),
                ('stage', models.CharField(choices=[('check', 'check'), ('import', 'import')], default='check', max_length=10, verbose_name='stage')),
                ('status', models.CharField(choices=[('queued', 'queued'), ('running', 'running'), ('preview', 'awaiting confirmation'), ('done', 'done'), ('failed', 'failed'), ('cancelled', 'cancelled')], default='queued', max_length=10, verbose_name='status')),
                ('rows_total', models.PositiveIntegerField(blank=True, null=True, verbose_name='rows (estimate)')),
                ('rows_done', models.PositiveIntegerField(default=0, verbose_name='rows processed')),
                ('created', models.PositiveIntegerField(default=0, verbose_name='created')),
                ('updated', models.PositiveIntegerField(default=0, verbose_name='updated')),
                ('unchanged', models.PositiveIntegerField(default=0, verbose_name='unchanged')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
                ('preview', models.JSONField(blank=True, default=list, verbose_name='preview')),
                ('message', models.TextField(blank=True, verbose_name='message')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='roster_jobs', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'roster import or export',
                'verbose_name_plural': 'roster imports and exports',
                'ordering': ['-created_at', '-pk'],
                'permissions': [('import_roster', 'Can import rosters')],
            },
        )]),
        migrations.RunPython(content_type_move, content_type_back),
    ]
