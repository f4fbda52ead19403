import time

from django.core.management.base import BaseCommand, CommandError

from demo.history import demo_history_record
from demo.lyceum import DEMO_MENTOR_ROSTER_ID
from mentorship.selectors import person_by_roster_id
from reports.models import AnalyticSummary


class Command(BaseCommand):
    help = "Demo: record the indicators' snapshots and approved summaries of every past monitoring date."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only when no summary has been made yet.")

    def handle(self, *args, **options):
        if person_by_roster_id(DEMO_MENTOR_ROSTER_ID) is None:
            message = "История не создана: это не демо-лицей (сначала seed_demo)."
            if options["if_empty"]:
                self.stdout.write(message)
                return
            raise CommandError(message)
        if options["if_empty"] and AnalyticSummary.objects.exists():
            self.stdout.write("История уже есть: справки сформированы.")
            return
        began = time.monotonic()
        counts = demo_history_record()
        self.stdout.write(
            "История демо-лицея за {seconds:.1f} с: снимков показателей на даты мониторинга {snapshots}, "
            "справок сформировано {summaries}, утверждено {approved}.".format(
                seconds=time.monotonic() - began, **counts
            )
        )
