"""What the API answers, field by field (the OpenAPI schema is built from these). Nothing personal leaves
the portal outside the `registry` scope: tests/api/test_schema.py walks the schema for such fields."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mentorship.dates import EARLIEST, LATEST, validate_date_in_range


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


@extend_schema_field({"type": "string", "format": "date", "pattern": r"^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$"})
class PortalDateField(serializers.DateField):
    """A date the portal works with (mentorship.dates: 01.01.1900–31.12.2999), so stated in the schema."""

    def __init__(self, **kwargs):
        super().__init__(validators=[validate_date_in_range], **kwargs)


class DateFilterSerializer(serializers.Serializer):
    as_of = PortalDateField(required=False, help_text="ГГГГ-ММ-ДД")
    year = serializers.IntegerField(
        required=False, min_value=EARLIEST.year, max_value=LATEST.year, help_text="when as_of is not given"
    )


class YearFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=EARLIEST.year, max_value=LATEST.year)


class ChangedSinceFilterSerializer(serializers.Serializer):
    changed_since = serializers.DateTimeField(required=False, help_text="ISO 8601")
    year = serializers.IntegerField(required=False, min_value=EARLIEST.year, max_value=LATEST.year)


class PeopleFilterSerializer(serializers.Serializer):
    changed_since = serializers.DateTimeField(required=False, help_text="ISO 8601")
    kind = serializers.ChoiceField(required=False, choices=["student", "teacher", "external"])


class PairsFilterSerializer(serializers.Serializer):
    changed_since = serializers.DateTimeField(required=False, help_text="ISO 8601")


# KPIs --------------------------------------------------------------------------------------------------------


class IndicatorValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    short_name = serializers.CharField()
    as_of = serializers.DateField()
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    achieved = serializers.BooleanField(allow_null=True)
    source = serializers.CharField(source="kind", help_text="live | recorded | entered")
    denominator_source = serializers.CharField()


class KpiSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    indicators = IndicatorValueSerializer(many=True)


class KpiYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    target = serializers.FloatField(allow_null=True)
    mid_year = IndicatorValueSerializer(allow_null=True)
    year_end = IndicatorValueSerializer(allow_null=True)
    is_today = serializers.BooleanField()
    achieved = serializers.BooleanField(allow_null=True)


class KpiIndicatorYearsSerializer(serializers.Serializer):
    code = serializers.CharField()
    short_name = serializers.CharField()
    years = KpiYearSerializer(many=True)


class KpiByYearSerializer(serializers.Serializer):
    today = serializers.DateField()
    indicators = KpiIndicatorYearsSerializer(many=True)


# Roadmap -----------------------------------------------------------------------------------------------------


class OccurrenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    period = serializers.SerializerMethodField()
    section = serializers.CharField(source="activity.section.title")
    activity_number = serializers.CharField(source="activity.number")
    activity = serializers.CharField(source="activity.title")
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.SerializerMethodField(help_text="planned | in_progress | done | overdue")
    completed_on = serializers.DateField(allow_null=True)
    evidence_count = serializers.IntegerField()
    updated_at = serializers.DateTimeField()

    def get_period(self, occurrence) -> str:
        return str(occurrence.activity.section.programme)

    def get_status(self, occurrence) -> str:
        from .selectors import occurrence_status

        return occurrence_status(occurrence, self.context["as_of"])


class RoadmapExecutionSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    as_of = serializers.DateField()
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())


# Aggregates --------------------------------------------------------------------------------------------------


class ParticipationRowSerializer(serializers.Serializer):
    form = serializers.CharField()
    role_model = serializers.CharField(allow_blank=True)
    mentorships = serializers.IntegerField()
    mentors = serializers.IntegerField()
    mentees = serializers.IntegerField()


class ParticipationFormSerializer(serializers.Serializer):
    form = serializers.CharField()
    mentorships = serializers.IntegerField()
    mentors = serializers.IntegerField()
    mentees = serializers.IntegerField()


class CountsSerializer(serializers.Serializer):
    mentorships = serializers.IntegerField()
    mentors = serializers.IntegerField()
    mentees = serializers.IntegerField()


class ParticipationSerializer(serializers.Serializer):
    rows = ParticipationRowSerializer(many=True)
    forms = ParticipationFormSerializer(many=True)
    total = CountsSerializer()


class StatusRowSerializer(serializers.Serializer):
    form = serializers.CharField()
    role_model = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    mentorships = serializers.IntegerField()


class MovementsTotalSerializer(serializers.Serializer):
    started = serializers.IntegerField()
    completed = serializers.IntegerField()
    terminated = serializers.IntegerField()


class MovementsFormSerializer(MovementsTotalSerializer):
    form = serializers.CharField()


class MovementsSerializer(serializers.Serializer):
    forms = MovementsFormSerializer(many=True)
    total = MovementsTotalSerializer()


class PlansTotalSerializer(serializers.Serializer):
    plans = serializers.IntegerField()
    items = serializers.IntegerField()
    done = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    planned = serializers.IntegerField()
    overdue = serializers.IntegerField()
    average_progress = serializers.IntegerField(allow_null=True)
    fully_done = serializers.IntegerField()


class PlansFormSerializer(PlansTotalSerializer):
    form = serializers.CharField()


class PlansSerializer(serializers.Serializer):
    forms = PlansFormSerializer(many=True)
    total = PlansTotalSerializer()


class RoadmapCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())


class AggregatesSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    as_of = serializers.DateField()
    participation = ParticipationSerializer()
    pairs_by_status = StatusRowSerializer(many=True)
    movements = MovementsSerializer()
    plans = PlansSerializer()
    roadmap = RoadmapCountsSerializer()
    sources = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Aggregates of other parts of the portal by name (the questionnaires, when they come).",
    )


# The monitoring checklist ------------------------------------------------------------------------------------


class ChecklistLinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    url = serializers.URLField()


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    present = serializers.BooleanField()
    count = serializers.IntegerField()
    links = ChecklistLinkSerializer(many=True)


class ChecklistSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    items = ChecklistItemSerializer(many=True)


# The registry ------------------------------------------------------------------------------------------------


class RegistryPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    roster_id = serializers.CharField(allow_null=True)
    last_name = serializers.CharField()
    first_name = serializers.CharField()
    patronymic = serializers.CharField(allow_blank=True)
    grade = serializers.IntegerField(allow_null=True)
    class_letter = serializers.CharField(allow_blank=True)
    position = serializers.CharField(allow_blank=True)
    organization = serializers.CharField(source="organization.name", allow_null=True, default=None)
    date_joined = serializers.DateField(allow_null=True)
    date_left = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()


class RegistryPairSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    roster_id = serializers.CharField(allow_null=True)
    form = serializers.CharField(source="form.name")
    role_model = serializers.CharField(source="role_model.name", allow_null=True, default=None)
    mentor = serializers.IntegerField(source="mentor_id")
    mentees = serializers.SerializerMethodField()
    status = serializers.CharField()
    start_date = serializers.DateField()
    planned_end_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()

    def get_mentees(self, mentorship) -> list[int]:
        return [p.pk for p in mentorship.mentees.all()]
