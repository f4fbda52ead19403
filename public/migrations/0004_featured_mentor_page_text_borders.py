"""public.BestMentor becomes public.FeaturedMentor (a mentor featured on the public page, unlike
mentorship.BestMentor, the best mentor of the year) and public.Section becomes public.PageText (a text of the
page, unlike roadmap.Section). Rows, files, content types and permissions are kept; the permissions'
codenames follow the models' new names, so the roles and anyone holding them keep them."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from config.model_moves import model_permissions_move

RENAMED = [("bestmentor", "featuredmentor"), ("section", "pagetext")]


def permissions_forward(apps, schema_editor):
    for old, new in RENAMED:
        model_permissions_move(apps, old=("public", old), new=("public", new))


def permissions_back(apps, schema_editor):
    for old, new in RENAMED:
        model_permissions_move(apps, old=("public", new), new=("public", old))


def create_programme_texts(apps, schema_editor):
    """0002's texts of the page under the model's present name (tests/reference_data.py restores them)."""
    texts = importlib.import_module("public.migrations.0002_programme_texts").SECTIONS
    PageText = apps.get_model("public", "PageText")
    for key, title, body in texts:
        PageText.objects.get_or_create(key=key, defaults={"title": title, "body": body, "status": "published"})
    PageVersion = apps.get_model("public", "PageVersion")
    PageVersion.objects.get_or_create(pk=1, defaults={"number": 1})


class Migration(migrations.Migration):

    dependencies = [
        ('public', '0003_text_policy_text'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RenameModel(old_name='Section', new_name='PageText'),
        migrations.RenameModel(old_name='BestMentor', new_name='FeaturedMentor'),
        migrations.AlterField(
            model_name='featuredmentor',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='featured_on_public_page', to='mentorship.person', verbose_name='person in the registry'),
        ),
        migrations.RunPython(permissions_forward, permissions_back),
    ]
