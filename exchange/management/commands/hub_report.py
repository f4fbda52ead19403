import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exchange.document import validate_document
from exchange.report import report_build
from mentorship.dates import parse_iso_date


class Command(BaseCommand):
    help = _("Print the monitoring report of a date as the hub would receive it (JSON), for checking.")

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help=_("Monitoring date, YYYY-MM-DD."))

    def handle(self, *args, **options):
        try:
            as_of = parse_iso_date(options["date"])
        except ValueError:
            raise CommandError(_("Wrong date: use YYYY-MM-DD.")) from None
        document = report_build(as_of=as_of)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))
        errors = validate_document(document)
        if errors:
            raise CommandError("\n".join(errors))
