"""Where private files live (evidence, reports, acts, the public page's files): under
PRIVATE_MEDIA_ROOT, which no URL serves; views hand them out after checking who asks.

The root is read from the settings each time it is used, so tests (and deployments that change
the setting) never write into a location captured at import time.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


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
