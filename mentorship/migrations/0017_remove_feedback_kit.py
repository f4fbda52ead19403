"""The feedback lives on as monitoring's satisfaction responses (monitoring 0003 moved every row)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0016_person_matching_profile"),
        ("monitoring", "0003_feedback_to_responses_kit"),
    ]

    operations = [migrations.DeleteModel(name="Feedback")]
