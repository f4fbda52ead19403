from django.db import migrations

LYCEUM = {
    "name": "Кировское областное государственное общеобразовательное автономное учреждение "
    "«Вятский многопрофильный лицей»",
    "short_name": "Вятский многопрофильный лицей",
    "director": "В.Д. Смирнов",
    "address": "Кировская область, г. Вятские Поляны",
    "town": "Вятские Поляны",
    "district": "Вятскополянский район",
}


def create_lyceum(apps, schema_editor):
    School = apps.get_model("mentorship", "School")
    if not School.objects.exists():
        School.objects.create(**LYCEUM)


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0001_initial")]
    operations = [migrations.RunPython(create_lyceum, migrations.RunPython.noop)]
