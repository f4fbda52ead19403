"""Where the generated PDFs live: under PRIVATE_MEDIA_ROOT, which no URL serves.

The root is read from the settings each time it is used (tests and deployments that change the
setting never write into a location captured at import time). The same idea as roadmap's evidence
storage, kept here because nothing may import from one app's internals into another's models.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateReportStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Reports have no public URL; use the download view.")


_storage = PrivateReportStorage()


def report_storage():
    return _storage
