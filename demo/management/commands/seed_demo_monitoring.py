import time

from django.core.management.base import BaseCommand, CommandError

from demo.lyceum import DEMO_MENTOR_ROSTER_ID
from demo.monitoring import demo_answers_record
from mentorship.selectors import person_by_roster_id
from monitoring.models import Purpose, Response


class Command(BaseCommand):
    help = "Demo: the mentees' entry, exit and satisfaction answers (growth and SWOT)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when no entry or exit answers are stored yet."
        )

    def handle(self, *args, **options):
        if person_by_roster_id(DEMO_MENTOR_ROSTER_ID) is None:
            message = "Анкеты не заполнены: это не демо-лицей (сначала seed_demo)."
            if options["if_empty"]:
                self.stdout.write(message)
                return
            raise CommandError(message)
        # The demo's own part is stage 2 (entry and exit); satisfaction answers come with seed_demo (the feedback).
        if (
            options["if_empty"]
            and Response.objects.filter(questionnaire__purpose__in=(Purpose.ENTRY, Purpose.EXIT)).exists()
        ):
            self.stdout.write("Ответы на анкеты уже есть.")
            return
        began = time.monotonic()
        counts = demo_answers_record()
        self.stdout.write(
            "Анкеты демо-лицея за {seconds:.1f} с: на входе {entry}, на выходе {exit}, "
            "удовлетворённость {satisfaction}.".format(seconds=time.monotonic() - began, **counts)
        )
