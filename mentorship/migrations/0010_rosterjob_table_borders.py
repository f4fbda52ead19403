"""The roster journal's table gets the name of its new app (roster 0001 adopts the model); rows kept."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('mentorship', '0009_mentorship_work_as_mentor'),
    ]

    operations = [
        migrations.AlterModelTable(name='rosterjob', table='roster_rosterjob'),
    ]
