"""Where private files live (evidence, reports, acts): under PRIVATE_MEDIA_ROOT, which no URL serves.

The root is read from the settings each time it is used, so tests (and deployments that change
the setting) never write into a location captured at import time.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateMediaStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # Files are only ever served by the permission-checking download view.
        raise ValueError("Private files have no public URL; use the download view.")


_storage = PrivateMediaStorage()


def private_storage():
    return _storage
