"""For data migrations that move a model to another app or rename it: its content type and permissions follow.

In config (the plumbing every app may import), so any app's migration can use it whatever its layer."""

DEFAULT_ACTIONS = ("add", "change", "delete", "view")


def model_permissions_move(apps, *, old: tuple[str, str], new: tuple[str, str]) -> None:
    """A model moved to another app or renamed (`(app_label, model_name)` before and after): its content type
    and its permissions follow it, with whoever holds them, so the roles, the users' own permissions and the
    audit history stay attached.

    Django renames the content type of a RenameModel only when `migrate` runs (not of a model moved between
    apps) and never the default permissions' codenames. When both content types exist already (a stale one),
    the holders of the old permissions get the new ones and the old permissions go."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old_type = ContentType.objects.filter(app_label=old[0], model=old[1]).first()
    new_type = ContentType.objects.filter(app_label=new[0], model=new[1]).first()
    if new_type is None:
        if old_type is None:  # a fresh database: both are created after migrate
            return
        old_type.app_label, old_type.model = new
        old_type.save(update_fields=["app_label", "model"])
        new_type, old_type = old_type, None
    for content_type in [new_type, old_type] if old_type else [new_type]:
        for permission in Permission.objects.filter(content_type=content_type):
            action, _sep, model = permission.codename.partition("_")
            renamed = action in DEFAULT_ACTIONS and model == old[1]
            codename = f"{action}_{new[1]}" if renamed else permission.codename
            if content_type == new_type and codename == permission.codename:
                continue
            twin = Permission.objects.filter(content_type=new_type, codename=codename).first()
            if twin is None:
                permission.content_type, permission.codename = new_type, codename
                permission.save(update_fields=["content_type", "codename"])
            else:
                twin.group_set.add(*permission.group_set.all())
                twin.user_set.add(*permission.user_set.all())
                permission.delete()
