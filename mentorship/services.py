from django.db import transaction

from .models import School


@transaction.atomic
def school_update(*, school: School, data: dict) -> School:
    for field, value in data.items():
        setattr(school, field, value)
    school.full_clean()
    school.save()
    return school
