"""python manage.py roster_template KIND FILE — the import template (header row and one example row)."""

from pathlib import Path

from django.utils.translation import gettext as _

from config.cli import BaseCommand
from config.xlsx import rows_to_xlsx
from roster.columns import KIND_NAMES, kind_code
from roster.exporting import template_rows


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs str, not a lazy string
        return _("Write the .xlsx import template of a roster kind.")

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            choices=KIND_NAMES,
            metavar=_("KIND"),
            help=_("The kind of roster: %(kinds)s.") % {"kinds": ", ".join(KIND_NAMES)},
        )
        parser.add_argument("file", metavar=_("FILE"), help=_("The .xlsx file to write."))

    def handle(self, *args, **options):
        kind = kind_code(options["kind"])  # `mentors` (the spec's name) is `external`
        Path(options["file"]).write_bytes(rows_to_xlsx(template_rows(kind), kind))
        self.stdout.write(options["file"])
