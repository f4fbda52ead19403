"""`python manage.py api_token create ИМЯ --scopes kpi,roadmap` | `revoke ИМЯ` | `list` — in Russian (docs/api.md)."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from api.models import Token
from api.services import token_create, token_revoke
from config.cli import BaseCommand


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs str, not a lazy string
        return _("Creates, revokes or lists the tokens of the open API (the key is printed once).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke", "list"], help=_("What to do."))
        parser.add_argument("name", nargs="?", default="", metavar=_("NAME"), help=_("The integration's name."))
        parser.add_argument(
            "--scopes",
            default="",
            metavar=_("SCOPES"),
            help=_("Comma-separated: kpi, roadmap, aggregates, checklist, registry (for create)."),
        )

    def handle(self, *args, **options):
        action, name = options["action"], options["name"].strip()
        if action == "list":
            for token in Token.objects.order_by("name"):
                state = _("revoked") if token.revoked_at else _("active")
                self.stdout.write(f"{token.name}\t{token.prefix}…\t{token.scopes}\t{state}")
            return
        if not name:
            raise CommandError(_("Give the integration's name."))
        if action == "create":
            scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
            try:
                token, key = token_create(name=name, scopes=scopes, created_by=None)
            except ValidationError as error:
                raise CommandError(" ".join(m for messages in error.message_dict.values() for m in messages)) from None
            self.stdout.write(
                _("Token «%(name)s» created, scopes: %(scopes)s.") % {"name": name, "scopes": token.scopes}
            )
            self.stdout.write(_("The key (shown once, only its digest is kept):"))
            self.stdout.write(key)
            return
        token = Token.objects.filter(name=name).first()
        if token is None:
            raise CommandError(_("No token «%(name)s».") % {"name": name})
        token_revoke(token=token)
        self.stdout.write(_("Token «%(name)s» revoked.") % {"name": name})
