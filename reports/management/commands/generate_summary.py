from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mentorship.dates import parse_iso_date
from reports.models import AnalyticSummary
from reports.services import summary_dates_missing, summary_generate, summary_pdf_path, summary_request


class Command(BaseCommand):
    help = _(
        "Generate the analytic summary for a date (synchronously, without the broker) and print the PDF's path. "
        "Without --date: every monitoring date since the programme's start that has no generated summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("Date, YYYY-MM-DD."))
        parser.add_argument("--regenerate", action="store_true", help=_("Generate again even if already done."))

    def handle(self, *args, **options):
        if options["date"]:
            try:
                dates = [parse_iso_date(options["date"])]
            except ValueError:
                raise CommandError(_("Wrong date: use YYYY-MM-DD.")) from None
        else:
            dates = summary_dates_missing()
            if not dates:
                self.stderr.write(_("Every monitoring date already has a generated summary."))
        failed = []
        for as_of in dates:
            try:
                summary, _queued = summary_request(as_of=as_of, regenerate=options["regenerate"], enqueue=False)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            summary = summary_generate(summary_id=summary.pk)
            if summary.status == AnalyticSummary.Status.DONE:
                self.stdout.write(str(summary_pdf_path(summary)))
            else:
                failed.append(f"{as_of:%d.%m.%Y}: {summary.error or summary.get_status_display()}")
        if failed:
            raise CommandError("\n".join(failed))
