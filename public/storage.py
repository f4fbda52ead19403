"""Where the public page's documents and pictures live: under PRIVATE_MEDIA_ROOT/public, which no URL
serves. The page's own views hand them out, and only for published items (a draft's file answers 404).

The root is read from the settings each time it is used, so tests and deployments that change the
setting never write into a location captured at import time.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PublicFilesStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT / "public")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Files of the public page are served by its views only.")


_storage = PublicFilesStorage()


def public_storage():
    return _storage
