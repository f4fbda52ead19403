from django.core.management.base import BaseCommand

from demo.roadmap import demo_roadmap_progress
from roadmap.models import Occurrence
from roadmap.statuses import Status


class Command(BaseCommand):
    help = "Demo: mark the roadmap's past occurrences done (with a link as evidence), as a lyceum would have."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only when nothing has been marked yet.")

    def handle(self, *args, **options):
        if options["if_empty"] and Occurrence.objects.exclude(status=Status.PLANNED).exists():
            self.stdout.write("Дорожная карта уже ведётся: демо-отметки не нужны.")
            return
        count = demo_roadmap_progress()
        self.stdout.write(f"Демо-отметки дорожной карты: выполнено этапов {count}.")
