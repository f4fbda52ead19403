# Kept so that migrations referring to roadmap.storage.private_storage still import.
from config.storage import PrivateMediaStorage, private_storage

__all__ = ["PrivateMediaStorage", "private_storage"]
