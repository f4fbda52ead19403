"""`python manage.py hub_school --code … --name … --municipality CODE [--no-portal]` (docs/hub.md).

Registers a school; for a school with a portal, issues its key and prints, once, the lines the school
pastes into its portal's environment (the secret is not stored: it cannot be printed again)."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from config.cli import BaseCommand
from hub.models import Organisation
from hub.services import organisation_save, school_key_issue

from .hub_organisation import error_text


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs str, not a lazy string
        return _("Registers a school at the hub and prints its portal's key once.")

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, metavar=_("CODE"), help=_("The school's code at the hub."))
        parser.add_argument("--name", required=True, metavar=_("NAME"), help=_("The school's full name."))
        parser.add_argument(
            "--municipality", required=True, metavar=_("CODE"), help=_("The code of the school's municipality.")
        )
        parser.add_argument(
            "--no-portal", action="store_true", help=_("The school has no portal: it uploads the Excel template.")
        )
        parser.add_argument(
            "--hub-url",
            default="https://hub.example.ru",
            metavar=_("ADDRESS"),
            help=_("The hub's address for HUB_URL (the reception is HUB_URL/hub/api/reports/)."),
        )

    def handle(self, *args, **options):
        municipality = Organisation.objects.filter(
            code=options["municipality"], kind=Organisation.Kind.MUNICIPALITY
        ).first()
        if municipality is None:
            raise CommandError(_("No municipality with the code «%(code)s».") % {"code": options["municipality"]})
        try:
            with transaction.atomic():
                school = organisation_save(
                    kind=Organisation.Kind.SCHOOL,
                    code=options["code"],
                    name=options["name"],
                    parent=municipality,
                    has_portal=not options["no_portal"],
                )
                key = secret = None
                if school.has_portal:
                    key, secret = school_key_issue(organisation=school)
        except ValidationError as error:
            raise CommandError(error_text(error)) from None
        self.stdout.write(_("School registered: %(name)s, code %(code)s.") % {"name": school.name, "code": school.code})
        if key is None:
            self.stdout.write(_("The school has no portal: its staff upload the Excel template at /hub/upload/."))
            return
        hub_url = options["hub_url"].rstrip("/")
        self.stdout.write(_("The portal's key (the secret is shown once and is not stored at the hub):"))
        self.stdout.write(_("Key ID: %(key)s") % {"key": key.key_id})
        self.stdout.write(_("Secret: %(secret)s") % {"secret": secret})
        self.stdout.write(_("Lines for the school portal's environment (.env):"))
        self.stdout.write(f"HUB_URL={hub_url}")
        self.stdout.write(f"HUB_SCHOOL_CODE={school.code}")
        self.stdout.write(f"HUB_KEY_ID={key.key_id}")
        self.stdout.write(f"HUB_KEY_SECRET={secret}")
