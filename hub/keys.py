"""A school portal's key: the ID is random and stored, the secret is derived from it and never stored.

`secret_for(key_id)` is an HMAC of the key ID under the hub's SECRET_KEY, so the hub shows the secret once
(at registration), keeps nothing a database leak would reveal, and checks a signature by deriving the
secret again (exchange/signing.py). Rotating the hub's SECRET_KEY invalidates every school's secret:
the schools then need new keys (docs/hub.md).
"""

import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

from .models import SchoolKey

KEY_SALT = "hub.school-key"
KEY_PREFIX = "k_"
KEY_ID_MAX_LENGTH = 40  # SchoolKey.key_id


def secret_for(key_id: str) -> str:
    """The secret of the key `key_id` (hex), derived from the hub's SECRET_KEY."""
    return salted_hmac(KEY_SALT, key_id, secret=settings.SECRET_KEY, algorithm="sha256").hexdigest()


def key_id_new() -> str:
    """A fresh key ID: «k_» and 32 URL-safe characters (fits SchoolKey.key_id)."""
    return KEY_PREFIX + secrets.token_urlsafe(24)


def active_key(key_id: str) -> SchoolKey | None:
    """The key with this ID if it exists and is not revoked, with its school and the school's tree."""
    if not key_id or len(key_id) > KEY_ID_MAX_LENGTH:
        return None
    return (
        SchoolKey.objects.select_related("organisation__parent__parent")
        .filter(key_id=key_id, revoked_at__isnull=True)
        .first()
    )
