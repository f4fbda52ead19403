"""python manage.py import_roster KIND FILE [--dry-run] [--sheet NAME] — see docs/roster.md."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.cli import BaseCommand
from roster.columns import KIND_NAMES, kind_code
from roster.services import import_recorded


class ProgressBar:
    """A text progress bar on stderr, redrawn at most once per per cent."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.last = None

    def __call__(self, done, total):
        percent = min(100, 100 * done // total) if total else 0
        if percent == self.last:
            return
        self.last = percent
        filled = self.WIDTH * percent // 100
        rows = ngettext("%(done)d of %(total)d row", "%(done)d of %(total)d rows", total) % {
            "done": done,
            "total": total,
        }
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}% {rows}")
        self.stream.flush()

    def close(self):
        if self.last is not None:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs str, not a lazy string
        return _("Import a roster (students, teachers, organisations, external mentors, mentorships).")

    def add_arguments(self, parser):
        # The kind is checked in handle(), so that a wrong one gets a Russian message, not argparse's English.
        parser.add_argument(
            "kind",
            metavar=_("KIND"),
            help=_("The kind of roster: %(kinds)s.") % {"kinds": ", ".join(KIND_NAMES)},
        )
        parser.add_argument("file", metavar=_("FILE"), help=_("The file to import."))
        parser.add_argument("--dry-run", action="store_true", help=_("Check the file and write nothing."))
        parser.add_argument(
            "--sheet", metavar=_("SHEET"), help=_("The sheet to read (default: the first with a header row).")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("No progress bar on stderr."))

    def handle(self, *args, **options):
        bar = None if options["no_progress"] else ProgressBar(self.stderr._out)
        with translation.override(settings.LANGUAGE_CODE):
            problem = self.argument_problem(options)
            if problem:
                self.stdout.write(problem)
                sys.exit(1)
            try:
                result = import_recorded(
                    kind=kind_code(options["kind"]),
                    path=options["file"],
                    sheet=options["sheet"],
                    dry_run=options["dry_run"],
                    progress=bar,
                )
            except Exception as exc:  # recorded in the journal as failed; the log has the traceback
                raise CommandError(_("The import failed: %(error)s") % {"error": exc}) from exc
            finally:
                if bar is not None:
                    bar.close()
            if result.errors:
                for error in result.errors:
                    self.stdout.write(str(error))
                sys.exit(1)
            self.stdout.write(result.summary())
            for line in result.report_lines():
                self.stdout.write(line)

    @staticmethod
    def argument_problem(options):
        if kind_code(options["kind"]) is None:  # `mentors` (the spec's name) is `external`
            return _("Unknown kind of roster «%(kind)s»: write one of %(kinds)s.") % {
                "kind": options["kind"],
                "kinds": ", ".join(KIND_NAMES),
            }
        if not Path(options["file"]).is_file():
            return _("There is no file «%(file)s».") % {"file": options["file"]}
        return ""
