"""`python manage.py kpi --as-of YYYY-MM-DD --format json|table` (or `--year Y`), as docs/indicators.md says."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.selectors import kpi_compute, year_date
from mentorship.dates import parse_iso_date, validate_year


def _date(raw):
    try:
        return parse_iso_date(raw)
    except ValueError:
        raise CommandError(_("Wrong date «%(value)s»: use YYYY-MM-DD.") % {"value": raw}) from None


def _year(raw):
    try:
        year = int(raw)
        validate_year(year)
    except (ValueError, ValidationError):
        raise CommandError(_("Wrong year «%(value)s».") % {"value": raw}) from None
    return year


def render_json(as_of, values):
    """One JSON object laid out as the spec prints it: one line per indicator."""
    lines = [json.dumps(v.as_json(), ensure_ascii=False) for v in values]
    body = ",\n".join(f"    {line}" for line in lines)
    return f'{{\n  "as_of": "{as_of.isoformat()}",\n  "indicators": [\n{body}\n  ]\n}}'


def _number(value):
    return "нет данных" if value is None else f"{value:.1f}".replace(".", ",")


def render_table(as_of, values):
    header = ["Показатель", "Числитель", "Знаменатель", "Значение, %", "План, %", "Выполнен"]
    rows = [
        [
            v.short_name,
            str(v.numerator),
            str(v.denominator) + (" (введён)" if v.denominator_source == "entered" else ""),
            _number(v.value),
            "—" if v.target is None else _number(v.target),
            {True: "да", False: "нет", None: "—"}[v.achieved],
        ]
        for v in values
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        pairs = enumerate(zip(cells, widths, strict=True))
        return " | ".join(cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in pairs)

    out = [f"Показатели на {as_of:%d.%m.%Y}", line(header), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


class Command(BaseCommand):
    help = "Prints the four indicators as of a date, computed from the registry."

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--as-of", type=_date, help="YYYY-MM-DD; today when neither --as-of nor --year is given")
        when.add_argument("--year", type=_year, help="the year's value: as of 20 December of that year")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, **options):
        as_of = options["as_of"] or timezone.localdate()
        if options["year"] is not None:
            as_of = year_date(options["year"])
        values = kpi_compute(as_of=as_of)
        render = render_json if options["format"] == "json" else render_table
        self.stdout.write(render(as_of, values))
