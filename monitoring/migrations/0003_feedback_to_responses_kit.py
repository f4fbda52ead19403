"""Every «Отзыв о результатах наставничества» (mentorship.Feedback) becomes a response to the default satisfaction
questionnaire of its author: paper channel, the mentee or the mentor as the person, the six ratings, the two
texts and the two yes/no as answers, entered by and at the feedback's own user and time. The averages of the
summaries stay exactly the same (tests/monitoring/test_feedback_migration.py); mentorship's next migration then
removes the Feedback model.
"""

from django.db import migrations

RATINGS = (
    "expected_effectiveness",
    "actual_effectiveness",
    "communication_comfort",
    "meetings_usefulness",
    "plan_fulfilment",
    "expectations_met",
)
TEXTS = ("valuable", "missing")
FLAGS = ("would_continue", "would_become_mentor")


def feedback_to_responses(apps, schema_editor):
    Feedback = apps.get_model("mentorship", "Feedback")
    Questionnaire = apps.get_model("monitoring", "Questionnaire")
    Item = apps.get_model("monitoring", "Item")
    Response = apps.get_model("monitoring", "Response")
    Answer = apps.get_model("monitoring", "Answer")
    if not Feedback.objects.exists():
        return
    items = {}
    questionnaires = {}
    for role in ("mentor", "mentee"):
        questionnaire = Questionnaire.objects.get(code=f"satisfaction-{role}")
        questionnaires[role] = questionnaire
        current = {i.key: i for i in Item.objects.filter(questionnaire=questionnaire, retired_at__isnull=True)}
        missing = set(RATINGS + TEXTS + FLAGS) - set(current)
        if missing:
            raise RuntimeError(f"satisfaction-{role} lacks the items {sorted(missing)}")
        items[role] = current
    rows = list(Feedback.objects.select_related("mentorship").order_by("pk"))
    responses = Response.objects.bulk_create(
        Response(
            questionnaire=questionnaires[f.author_role],
            role=f.author_role,
            person_id=f.mentee_id if f.author_role == "mentee" else f.mentorship.mentor_id,
            mentorship_id=f.mentorship_id,
            channel="paper",
            entered_by_id=f.created_by_id,
            submitted_at=f.created_at,
        )
        for f in rows
    )
    answers = []
    for f, response in zip(rows, responses, strict=True):
        by_key = items[f.author_role]
        answers += [Answer(response=response, item=by_key[k], number=getattr(f, k)) for k in RATINGS]
        answers += [Answer(response=response, item=by_key[k], text=getattr(f, k)) for k in TEXTS if getattr(f, k)]
        answers += [Answer(response=response, item=by_key[k], flag=getattr(f, k)) for k in FLAGS]
    Answer.objects.bulk_create(answers, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_default_kit_kit"),
        ("mentorship", "0016_person_matching_profile"),
    ]

    operations = [migrations.RunPython(feedback_to_responses, migrations.RunPython.noop)]
