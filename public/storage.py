"""Where the public page's documents and pictures live: under PRIVATE_MEDIA_ROOT/public, which no URL
serves. The page's own views hand them out, and only for published items (a draft's file answers 404).

The root is read from the settings each time it is used, so tests and deployments that change the
setting never write into a location captured at import time.
"""

from config.storage import PrivateMediaStorage

_storage = PrivateMediaStorage(subdir="public")


def public_storage():
    return _storage
