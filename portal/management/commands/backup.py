from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the PostgreSQL database (pg_dump -Fc) and the media files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="backups", help="Where to create the backup folder.")

    def handle(self, *args, **options):
        try:
            folder = backup_create(target_dir=Path(options["dir"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
