"""The stored search column of people and organisations (mentorship/search.py), filled for existing rows."""

from django.db import migrations

import config.text
from mentorship.search import fill_search_names


def fill(apps, schema_editor):
    for name in ("Person", "Organization"):
        model = apps.get_model("mentorship", name)
        fields = ["last_name", "first_name", "patronymic"] if name == "Person" else ["name"]
        batch = []
        for record in model.objects.only("pk", *fields).iterator(chunk_size=2000):
            batch.append(record)
            if len(batch) == 2000:
                fill_search_names(batch)
                model.objects.bulk_update(batch, ["search_name"])
                batch = []
        fill_search_names(batch)
        model.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0011_remove_rosterjob_borders"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="search_name",
            field=config.text.CharField(blank=True, editable=False, max_length=2000, verbose_name="name for search"),
        ),
        migrations.AddField(
            model_name="person",
            name="search_name",
            field=config.text.CharField(blank=True, editable=False, max_length=2000, verbose_name="name for search"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
