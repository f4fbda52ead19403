"""Personal links of a campaign: `/q/<token>/`.

The token is `secrets.token_urlsafe` signed with django.core.signing under its own salt; the database keeps
only the sha256 digest of the random part (Invitation.token_digest), so a copy of the database opens no
link. The signature tells a tampered or made-up token (400) from a well-formed one the portal does not
know — replaced by a newer letter or never issued (404). The URL carries nothing about the person.
"""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "monitoring.invitation-link"
SEPARATOR = "."
RANDOM_BYTES = 16


class TamperedToken(ValueError):
    """The token's signature does not match: it was changed or made up."""


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=SEPARATOR)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(the signed token for the link, the digest to store)."""
    raw = secrets.token_urlsafe(RANDOM_BYTES)
    return _signer().sign(raw), digest(raw)


def unused_digest() -> str:
    """A digest no token opens: an invitation's link is issued when its letter or sheet is made."""
    return digest(secrets.token_urlsafe(32) + ":unissued")


def digest_of(token: str) -> str:
    """The stored digest a link's token stands for; TamperedToken when the signature is wrong."""
    try:
        raw = _signer().unsign(token)
    except signing.BadSignature:
        raise TamperedToken(token[:20]) from None
    return digest(raw)


def link_path(token: str) -> str:
    return reverse("answer_by_link", kwargs={"token": token})


def link_url(token: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + link_path(token)
