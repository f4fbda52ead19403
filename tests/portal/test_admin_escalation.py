"""The administrator role manages accounts and roles, but cannot raise anyone (itself included) above it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.roles import ADMIN, CURATOR
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user_post(user, **extra):
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": "",
        "is_active": "on",
        "date_joined_0": "01.12.2026",
        "date_joined_1": "10:00:00",
        **extra,
    }


def test_the_admin_role_cannot_make_itself_superuser_nor_give_raw_permissions(client_as, admin_user_role):
    client = client_as(admin_user_role)
    everything = Permission.objects.get(codename="delete_logentry", content_type__app_label="auditlog")
    response = client.post(
        reverse("admin:auth_user_change", args=[admin_user_role.pk]),
        _user_post(
            admin_user_role,
            is_staff="on",
            is_superuser="on",
            groups=[Group.objects.get(name=ADMIN).pk],
            user_permissions=[everything.pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    admin_user_role.refresh_from_db()
    assert not admin_user_role.is_superuser
    assert not admin_user_role.user_permissions.exists()
    assert admin_user_role.groups.filter(name=ADMIN).exists()


def test_the_admin_role_still_gives_users_their_roles(client_as, admin_user_role):
    user = UserFactory()
    response = client_as(admin_user_role).post(
        reverse("admin:auth_user_change", args=[user.pk]),
        _user_post(user, groups=[Group.objects.get(name=CURATOR).pk], is_superuser="on"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == [CURATOR]
    assert not user.is_superuser


def test_the_admin_role_cannot_touch_a_superusers_account_or_password(client_as, admin_user_role, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="secret-pass-123")
    client = client_as(admin_user_role)
    response = client.post(
        reverse("admin:auth_user_change", args=[root.pk]), _user_post(root, is_active="", is_superuser="on")
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "taken-over-123", "password2": "taken-over-123"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active and root.check_password("secret-pass-123")


def test_the_admin_role_cannot_edit_a_roles_permissions(client_as, admin_user_role):
    group = Group.objects.get(name=ADMIN)
    before = set(group.permissions.values_list("pk", flat=True))
    response = client_as(admin_user_role).post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": ADMIN, "permissions": list(Permission.objects.values_list("pk", flat=True))},
    )
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_a_superuser_edits_superuser_status_and_permissions(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="secret-pass-123")
    client.force_login(root)
    user = UserFactory()
    perm = Permission.objects.get(codename="view_person")
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        _user_post(user, is_staff="on", is_superuser="on", user_permissions=[perm.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.is_superuser and list(user.user_permissions.all()) == [perm]
