"""One slug for the external mentor everywhere (the registry's URL /registry/external/, Person.Kind, the roster):
the roster kind «mentors» becomes «external», and the journal's existing jobs with it."""

from django.db import migrations, models


def kind_forward(apps, schema_editor):
    apps.get_model('roster', 'RosterJob').objects.filter(kind='mentors').update(kind='external')


def kind_back(apps, schema_editor):
    apps.get_model('roster', 'RosterJob').objects.filter(kind='external').update(kind='mentors')


class Migration(migrations.Migration):

    dependencies = [
        ('roster', '0001_initial_borders'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rosterjob',
            name='kind',
            field=models.CharField(choices=[('students', 'students'), ('teachers', 'teachers'), ('organizations', 'organisations'), ('external', 'external mentors'), ('mentorships', 'mentorships')], max_length=20, verbose_name='roster'),
        ),
        migrations.RunPython(kind_forward, kind_back),
    ]
