"""Every create, change and delete of people, consents, mentorships and plans goes to the audit log;
so does every view of a student's card."""

from auditlog.registry import auditlog
from auditlog.signals import accessed


def register_models():
    from .models import (
        BestMentor,
        IndividualPlan,
        Meeting,
        Mentorship,
        Organization,
        Person,
        PlanItem,
        School,
    )

    # The search column repeats the name (folded): the history shows the name once.
    auditlog.register(Person, m2m_fields={"categories"}, exclude_fields=["search_name"])
    auditlog.register(Organization, exclude_fields=["search_name"])
    auditlog.register(Mentorship, m2m_fields={"mentees"})
    for model in (IndividualPlan, PlanItem, Meeting, BestMentor, School):
        auditlog.register(model)


def record_card_view(person):
    accessed.send(sender=person.__class__, instance=person)
