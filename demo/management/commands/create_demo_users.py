from django.core.management.base import BaseCommand

from demo.users import DEMO_PASSWORD, DEMO_USERS, demo_users_create


class Command(BaseCommand):
    help = "Create one demo user per role and print their logins."

    def handle(self, *args, **options):
        demo_users_create()
        self.stdout.write(f"Демо-пользователи (пароль у всех: {DEMO_PASSWORD}):")
        for username, role, *_rest in DEMO_USERS:
            self.stdout.write(f"  {username:<10} — {role}")
