from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore the database and the media files from a backup folder made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input("Все текущие данные будут заменены данными из копии. Продолжить? [да/нет] ")
            if answer.strip().lower() not in {"да", "yes", "y", "д"}:
                raise CommandError("Восстановление отменено.")
        try:
            backup_restore(folder=Path(options["folder"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Восстановлено из {options['folder']}")
