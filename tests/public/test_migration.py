"""public.BestMentor and public.Section got their new names (FeaturedMentor, PageText): an existing database
migrates with its rows and its permissions."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from public.models import FeaturedMentor, PageText
from tests.migrations import migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("public", "0003_text_policy_text")]


def test_an_existing_page_migrates_to_the_new_names_with_its_rows_and_permissions():
    old = migrate_to(BEFORE)
    try:
        ContentType = old.get_model("contenttypes", "ContentType")
        Permission = old.get_model("auth", "Permission")
        mentor_type = ContentType.objects.get_or_create(app_label="public", model="bestmentor")[0]
        permission = Permission.objects.get_or_create(
            content_type=mentor_type, codename="view_bestmentor", defaults={"name": "Can view best mentor"}
        )[0]
        old.get_model("auth", "Group").objects.create(name="Редакторы").permissions.add(permission)
        entry = old.get_model("public", "BestMentor").objects.create(
            role="teacher", name="Ольга Петрова", role_text="учитель физики"
        )
        text = old.get_model("public", "Section").objects.get(key="contacts")
    finally:
        call_command("migrate", verbosity=0)  # as on the server: Django renames the content types too

    assert FeaturedMentor.objects.get(pk=entry.pk).name == "Ольга Петрова"
    assert PageText.objects.get(pk=text.pk).key == "contacts"
    assert (FeaturedMentor._meta.db_table, PageText._meta.db_table) == ("public_featuredmentor", "public_pagetext")
    held = Group.objects.get(name="Редакторы").permissions.get()
    assert (held.content_type.model, held.codename) == ("featuredmentor", "view_featuredmentor")
