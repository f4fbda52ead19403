"""Password reset by e-mail for the portal's staff (curators, the director, administrators, mentors).

Django's PasswordReset* views with three rules of ours:

* only an active account with a portal role (or a superuser) and an e-mail gets the letter; the answer
  is the same «check your mail» page whatever was typed, so it never tells whether an address exists;
* requests are throttled in the cache: `PASSWORD_RESET_PER_ADDRESS` letters per address and
  `PASSWORD_RESET_PER_IP` requests per IP address in `PASSWORD_RESET_WINDOW_MINUTES`; over the first
  limit nothing more is sent (and the page is the same), over the second the form says to wait (429);
* the letter (Russian) carries nothing personal — no name, no login — only the link, which works once
  and for `PASSWORD_RESET_TIMEOUT` seconds;
* the letter is sent by a Celery task (`portal.tasks.send_password_reset`, enqueued on commit, only the
  account's number, the portal's domain and the scheme as arguments; the token is made in the worker),
  so the answer takes as long for an address that exists as for one that does not.

The cache keys hold a keyed hash of the address, never the address itself.
"""

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from config.throttle import client_ip, throttle_hit, throttle_key

from .roles import ROLES

logger = logging.getLogger(__name__)

_SALT = "portal.passwords.reset-throttle"
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
EMAIL_TEMPLATE = "registration/password_reset_email.txt"


def _window_seconds() -> int:
    return int(getattr(settings, "PASSWORD_RESET_WINDOW_MINUTES", 60)) * 60


def _key(kind: str, value: str) -> str:
    return throttle_key(salt=_SALT, kind=kind, value=value)


def _hit(key: str, limit: int) -> bool:
    """config/throttle.py's count. With the cache down the request is let through: resetting a password
    must not depend on Redis; the login lockout (django-axes, in the database) still holds."""
    return throttle_hit(key=key, limit=limit, window_seconds=_window_seconds())


def reset_ip_allowed(request: HttpRequest) -> bool:
    return _hit(_key("ip", client_ip(request)), int(getattr(settings, "PASSWORD_RESET_PER_IP", 10)))


def reset_address_allowed(email: str) -> bool:
    return _hit(_key("address", email), int(getattr(settings, "PASSWORD_RESET_PER_ADDRESS", 3)))


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email: str) -> Iterable[User]:
        """Django's rule (active, usable password, the same address) narrowed to the portal's staff."""
        candidates = list(super().get_users(email))
        staff = set(
            User.objects.filter(pk__in=[user.pk for user in candidates])
            .filter(Q(is_superuser=True) | Q(groups__name__in=ROLES))
            .values_list("pk", flat=True)
        )
        return [user for user in candidates if user.pk in staff]

    def save(self, *, request: HttpRequest | None = None, use_https: bool = False, **kwargs: Any) -> None:  # type: ignore[override]
        """Queue one letter per staff account with this address, after commit; nothing is sent here."""
        if request is None:
            raise ValueError("the request is needed for the link's domain")
        domain = get_current_site(request).domain
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(partial(_enqueue_letter, user.pk, domain, use_https))


def _enqueue_letter(user_id: int, domain: str, use_https: bool) -> None:
    from .tasks import send_password_reset

    try:
        send_password_reset.delay(user_id, domain, use_https)
    except Exception:  # the broker's errors: the answer stays the same, the person may ask again
        logger.warning("Password reset letter for account %s not queued: the broker is unavailable", user_id)


def password_reset_send(*, user_id: int, domain: str, use_https: bool) -> bool:
    """Send the reset letter to one account (in the worker); True if sent. An account that is no longer
    active staff with an e-mail gets nothing, so a late or repeated task is harmless."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return False
    form = StaffPasswordResetForm()
    if user.pk not in {candidate.pk for candidate in form.get_users(user.email)}:
        return False
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
        "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
    }
    with translation.override(settings.LANGUAGE_CODE):
        form.send_mail(SUBJECT_TEMPLATE, EMAIL_TEMPLATE, context, None, user.email)
    return True
