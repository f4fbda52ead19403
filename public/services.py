"""Writes of the public page. Every change bumps the page version, so the cached page changes at once."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from config.storage import delete_file_on_commit

from .file_types import identify
from .models import FeaturedMentor, PageVersion, Publishable, Status
from .rules import consent_allows, consent_text_errors

FILE_FIELDS = (("file", "content_type"), ("picture", "picture_content_type"), ("photo", "photo_content_type"))


def page_version_bump() -> None:
    updated = PageVersion.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        PageVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def _file_type(field_file: FieldFile | None) -> str | None:
    """The content type of a newly uploaded file (checked by the field's validator), or None if unchanged."""
    if not field_file or field_file._committed:  # type: ignore[attr-defined]  # set by FieldFile, not in the stubs
        return None
    kind = identify(field_file)
    return kind.content_type if kind else None


def _check_consent(item: Publishable) -> None:
    if item.status != Status.PUBLISHED:
        return
    if isinstance(item, FeaturedMentor) and not consent_allows(item):
        raise ValidationError(
            _("This student's parent has not given consent to publication: the entry cannot be published.")
        )
    errors = consent_text_errors(item)
    if errors:
        raise ValidationError(errors)


def _file_fields(item: Publishable) -> list[models.FileField]:
    return [field for field in item._meta.concrete_fields if isinstance(field, models.FileField)]


def _stored_file_names(item: Publishable) -> dict[models.FileField, str]:
    """{field: name} of the files the item's row names in the database now (empty for a new item)."""
    fields = _file_fields(item)
    if item.pk is None or not fields:
        return {}
    row = type(item).objects.filter(pk=item.pk).values(*(field.attname for field in fields)).first() or {}
    return {field: row.get(field.attname, "") for field in fields}


@transaction.atomic
def item_save(*, item: Publishable, user: User | None = None) -> Publishable:
    """Create or update a section, document, news item or best mentor (its status as the curator chose).

    A file the curator replaced or cleared leaves the disk when the transaction commits."""
    stored = _stored_file_names(item)
    item.updated_by = user
    item.full_clean()
    _check_consent(item)
    for field, type_field in FILE_FIELDS:
        if hasattr(item, field):
            content_type = _file_type(getattr(item, field))
            if content_type:
                setattr(item, type_field, content_type)
                if field == "file":
                    item.size = getattr(item, field).size  # type: ignore[attr-defined]  # a Document's file
            elif not getattr(item, field) and hasattr(item, type_field):
                setattr(item, type_field, "")
    if item.status == Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    item.save()
    for file_field, name in stored.items():
        if name and getattr(item, file_field.attname).name != name:
            delete_file_on_commit(storage=file_field.storage, name=name)
    page_version_bump()
    return item


@transaction.atomic
def item_publish(*, item: Publishable, user: User | None = None) -> Publishable:
    """Publish an item. A best mentor who is a student needs the parent's consent to publication."""
    item.status = Status.PUBLISHED
    item.published_at = item.published_at or timezone.now()
    item.updated_by = user
    item.full_clean()
    _check_consent(item)
    item.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
    page_version_bump()
    return item


@transaction.atomic
def item_unpublish(*, item: Publishable, user: User | None = None) -> Publishable:
    item.status = Status.DRAFT
    item.updated_by = user
    item.save(update_fields=["status", "updated_by", "updated_at"])
    page_version_bump()
    return item


@transaction.atomic
def item_delete(*, item: Publishable) -> None:
    """Delete an item; its files leave the disk when the transaction commits."""
    stored = _stored_file_names(item)
    item.delete()
    page_version_bump()
    for field, name in stored.items():
        delete_file_on_commit(storage=field.storage, name=name)
