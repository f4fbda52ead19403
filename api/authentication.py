"""`Authorization: Bearer <key>`: the integration's token, found by the digest of its key."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .selectors import token_for_key
from .services import token_mark_used


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Wrong Authorization header: use «Bearer <token>»."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is unknown or revoked.")) from None
        token = token_for_key(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown or revoked."))
        token_mark_used(token=token)
        # The integration is no portal user: it has no session, groups or permissions, only its scopes.
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
