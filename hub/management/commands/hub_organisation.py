"""`python manage.py hub_organisation --kind region|municipality --code … --name … [--parent CODE]` (docs/hub.md)."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from config.cli import BaseCommand
from hub.models import Organisation
from hub.services import organisation_save


def error_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for messages in error.message_dict.values() for m in messages)
    return " ".join(error.messages)


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs str, not a lazy string
        return _("Registers a region or a municipality at the hub (a school: hub_school).")

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=["region", "municipality"], help=_("What it is."))
        parser.add_argument("--code", required=True, metavar=_("CODE"), help=_("Its code at the hub."))
        parser.add_argument("--name", required=True, metavar=_("NAME"), help=_("Its full name."))
        parser.add_argument("--parent", default="", metavar=_("CODE"), help=_("The region's code (a municipality)."))

    def handle(self, *args, **options):
        parent = None
        if options["parent"]:
            parent = Organisation.objects.filter(code=options["parent"]).first()
            if parent is None:
                raise CommandError(_("No organisation with the code «%(code)s».") % {"code": options["parent"]})
        try:
            organisation = organisation_save(
                kind=options["kind"], code=options["code"], name=options["name"], parent=parent
            )
        except ValidationError as error:
            raise CommandError(error_text(error)) from None
        self.stdout.write(
            _("Registered: %(name)s (%(kind)s), code %(code)s.")
            % {"name": organisation.name, "kind": organisation.get_kind_display(), "code": organisation.code}
        )
