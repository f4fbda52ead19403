"""A report's indicators as rows for the roll-ups: the one place a document becomes `ReportIndicator`s,
used by the single reception (hub/services.py) and the bulk load (hub/bulk.py) alike."""

from decimal import Decimal
from typing import Any

from .models import Organisation, Report, ReportIndicator


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def indicator_rows(*, report: Report, school: Organisation, document: dict[str, Any]) -> list[ReportIndicator]:
    """Unsaved rows, one per indicator of the (valid) document, with the school's municipality and region.

    `school` must come with its parent and grandparent loaded (select_related("parent__parent"))."""
    municipality = school.parent
    region = municipality.parent if municipality is not None else None
    return [
        ReportIndicator(
            report=report,
            monitoring_date=report.monitoring_date,
            school=school,
            municipality=municipality,
            region=region,
            code=row["code"],
            numerator=row["numerator"],
            denominator=row["denominator"],
            value=_decimal(row["value"]),
            target=_decimal(row["target"]),
        )
        for row in document["kpi"]
    ]
