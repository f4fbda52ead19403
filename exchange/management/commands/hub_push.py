from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.models import Delivery
from exchange.services import delivery_queue, delivery_send, hub_configured, hub_not_configured_message
from mentorship.dates import parse_iso_date


class Command(BaseCommand):
    help = _(
        "Queue the monitoring report of a date for the hub; with --now, send it at once (without the broker) "
        "and print the hub's answer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help=_("Monitoring date, YYYY-MM-DD."))
        parser.add_argument("--now", action="store_true", help=_("Send at once and print the result."))
        parser.add_argument("--rebuild", action="store_true", help=_("Build the report anew (a delivered date)."))

    def handle(self, *args, **options):
        if not hub_configured():
            raise CommandError(hub_not_configured_message())
        try:
            as_of = parse_iso_date(options["date"])
        except ValueError:
            raise CommandError(_("Wrong date: use YYYY-MM-DD.")) from None
        try:
            delivery, queued = delivery_queue(as_of=as_of, rebuild=options["rebuild"], enqueue=not options["now"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        date = f"{as_of:%d.%m.%Y}"
        if not options["now"]:
            if queued:
                self.stdout.write(_("The report for %(date)s is queued for sending to the hub.") % {"date": date})
            else:
                self.stdout.write(_status_line(delivery, date))
            return
        sent = delivery_send(delivery_id=delivery.pk)
        delivery = sent or Delivery.objects.get(pk=delivery.pk)
        line = _status_line(delivery, date)
        if delivery.status == Delivery.Status.FAILED:
            raise CommandError(line)
        self.stdout.write(line)


def _status_line(delivery: Delivery, date: str) -> str:
    Status = Delivery.Status
    if delivery.status == Status.DELIVERED:
        return _("The report for %(date)s is delivered to the hub (answer %(code)s).") % {
            "date": date,
            "code": delivery.hub_status or "—",
        }
    if delivery.status == Status.RETRYING:
        when = timezone.localtime(delivery.next_attempt_at).strftime("%d.%m.%Y %H:%M")
        return _("The report for %(date)s did not reach the hub: %(error)s Next attempt at %(when)s.") % {
            "date": date,
            "error": delivery.last_error,
            "when": when,
        }
    if delivery.status == Status.FAILED:
        return _("The report for %(date)s is not delivered: %(error)s") % {"date": date, "error": delivery.last_error}
    return _("The report for %(date)s is already on its way.") % {"date": date}
