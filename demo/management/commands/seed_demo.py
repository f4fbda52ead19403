import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from demo.lyceum import demo_lyceum_build
from mentorship.models import Person


def _default_curators():
    """Users who may edit mentorships but are not administrators: the curators, if there are any yet."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .filter(
            Q(groups__permissions__codename="change_mentorship") | Q(user_permissions__codename="change_mentorship")
        )
        .distinct()
        .order_by("username")
    )


class Command(BaseCommand):
    help = "Fill an empty registry with the demo lyceum: students, teachers, organisations and mentorships."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the registry already has people (for make run)."
        )
        parser.add_argument("--seed", type=int, default=2020, help="Random seed: the same seed gives the same lyceum.")
        parser.add_argument(
            "--curator",
            action="append",
            default=[],
            metavar="USERNAME",
            help="Curator of the demo mentorships (repeatable). Default: users who may edit mentorships.",
        )

    def handle(self, *args, **options):
        if Person.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Демо-данные не созданы: в реестре уже есть люди.")
                return
            raise CommandError(
                "В реестре уже есть люди: демо-данные создаются только в пустой базе. "
                "Запустите с --if-empty, чтобы пропустить этот шаг."
            )
        User = get_user_model()
        if options["curator"]:
            curators = list(User.objects.filter(username__in=options["curator"]).order_by("username"))
            missing = set(options["curator"]) - {u.username for u in curators}
            if missing:
                raise CommandError(f"Нет пользователей: {', '.join(sorted(missing))}.")
        else:
            curators = _default_curators()
        began = time.monotonic()
        counts = demo_lyceum_build(seed=options["seed"], curators=curators)
        template = (
            "Демо-лицей создан за {seconds:.1f} с: учеников {students}, педагогов {teachers}, "
            "организаций {organizations}, внешних наставников {external_mentors}, наставничеств {mentorships}, "
            "пунктов планов {plan_items}, встреч {meetings}, отзывов {feedback}, лучших наставников {best_mentors}."
        )
        self.stdout.write(template.format(seconds=time.monotonic() - began, **counts))
