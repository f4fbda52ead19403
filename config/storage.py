"""Where private files live (evidence, reports, acts, the public page's files): under
PRIVATE_MEDIA_ROOT, which no URL serves; views hand them out after checking who asks.

The root is read from the settings each time it is used, so tests (and deployments that change
the setting) never write into a location captured at import time.

A private file edited in a form (PrivateFileField) answers `.url` with its permission-checking view,
so Django's and crispy's file widgets can show "currently: …" and the "clear" box. A file that is
replaced, cleared or whose row is deleted leaves the disk when the transaction commits
(delete_file_on_commit), so a rollback never loses the file the row still names.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse


class PrivateMediaStorage(FileSystemStorage):
    def __init__(self, subdir="", **kwargs):
        self.subdir = subdir
        super().__init__(**kwargs)

    @property
    def base_location(self):
        root = settings.PRIVATE_MEDIA_ROOT
        return str(root / self.subdir if self.subdir else root)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # Files are only ever served by the permission-checking views.
        raise ValueError("Private files have no public URL; use the download view.")


_storage = PrivateMediaStorage()


def private_storage():
    return _storage


class PrivateFieldFile(FieldFile):
    @property
    def url(self):
        if not self:
            raise ValueError("The field has no file associated with it.")
        view = getattr(self.field, "download_view", None)
        if not view or self.instance.pk is None:
            raise ValueError("Private files have no public URL; use the download view.")
        return reverse(view, args=[self.instance.pk])


class PrivateFileField(models.FileField):
    """A FileField on a private storage whose `.url` is `download_view` (a URL name taking the row's pk)."""

    attr_class = PrivateFieldFile

    def __init__(self, *args, download_view=None, **kwargs):
        self.download_view = download_view
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # The download view is no database matter: migrations see a plain FileField.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


def delete_file_on_commit(*, storage, name):
    """Delete a stored file once the current transaction commits (at once outside a transaction)."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))
