"""The open API's writes: tokens (created, revoked, marked used) and the registry's access journal."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.text import strip_forbidden

from .models import RegistryRead, Scope, Token

KEY_PREFIX = "nst_"
# last_used_at is written at most this often per token: a busy integration does not write on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)
# An active token is kept this long in the cache (never longer than API_CACHE_SECONDS; selectors.token_for_key).
TOKEN_CACHE_SECONDS = 10


def key_digest(key: str) -> str:
    """The stored form of a key: SHA-256 hex (the key is 256 random bits, so no salt is needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


def token_cache_key(digest: str) -> str:
    return f"api-token-{digest}"


def token_cache_seconds() -> int:
    """How long an active token is kept in the cache: TOKEN_CACHE_SECONDS while the API's cache is on —
    but 0 where the cache is each process's own (local memory, the default without CACHE_URL): there a
    revocation (the admin in one worker, `api_token revoke` in another process) could not reach the copies
    the other processes keep, and a revoked token must stop working at once. Redis is shared: it can."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return 0
    return max(0, min(int(settings.API_CACHE_SECONDS), TOKEN_CACHE_SECONDS))


def scopes_clean(scopes: list[str]) -> str:
    """The scopes as stored ("kpi,roadmap" in Scope's order); ValidationError for none or an unknown one."""
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}}, code="unknown_scope"
        )
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope.")}, code="no_scope")
    return ",".join(s for s in Scope.values if s in scopes)


@transaction.atomic
def token_create(*, name: str, scopes: list[str], created_by: User | None) -> tuple[Token, str]:
    """A new token and its key. The key is returned once and never stored: only its digest is."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = Token(
        name=name.strip(),
        scopes=scopes_clean(scopes),
        prefix=key[:12],
        digest=key_digest(key),
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, token: Token) -> Token:
    """The token stops working at once; revoking twice keeps the first date."""
    token = Token.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.full_clean()
        token.save(update_fields=["revoked_at"])
    # The kept copy goes with the revocation (and again after the commit, in case a request put it back).
    cache.delete(token_cache_key(token.digest))
    transaction.on_commit(lambda: cache.delete(token_cache_key(token.digest)))
    return token


def token_mark_used(*, token: Token, now: datetime.datetime | None = None) -> None:
    """Records when the token was last used, at most once a minute (one UPDATE, no read)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    Token.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    if token_cache_seconds() and cache.get(token_cache_key(token.digest)) is not None:
        # The kept copy learns the date too, or every request within its life would write it again.
        cache.set(token_cache_key(token.digest), token, token_cache_seconds())


@transaction.atomic
def registry_read_record(*, token: Token, path: str, query: str, count: int) -> RegistryRead:
    """A journal row for one registry request (the path carries no name; the query only filters)."""
    read = RegistryRead(
        token=token,
        path=strip_forbidden(path, multiline=False)[:500],
        query=strip_forbidden(query, multiline=False)[:500],
        count=count,
    )
    read.full_clean()
    read.save()
    return read
