"""The contacts text promised details «указанным ниже» that were not there: it now says what follows it
(the curators who agreed to be listed, and the school's details). A text the curators changed is kept."""

from django.db import migrations

OLD_BODY = "Обратиться к кураторам можно через приёмную лицея по телефону или электронной почте, указанным ниже."
NEW_BODY = (
    "Ниже — кураторы программы, согласившиеся указать свои контакты, и сведения о лицее: обратиться к "
    "кураторам можно напрямую или через лицей."
)


def contacts_text_update(apps, schema_editor):
    PageText = apps.get_model("public", "PageText")
    PageText.objects.filter(key="contacts", body=OLD_BODY).update(body=NEW_BODY)


def contacts_text_back(apps, schema_editor):
    PageText = apps.get_model("public", "PageText")
    PageText.objects.filter(key="contacts", body=NEW_BODY).update(body=OLD_BODY)


class Migration(migrations.Migration):
    dependencies = [("public", "0004_featured_mentor_page_text_borders")]

    operations = [migrations.RunPython(contacts_text_update, contacts_text_back)]
