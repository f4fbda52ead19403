"""Re-creates what the data migrations put in a fresh database.

Transactional tests (browser, worker) end with a flush that also empties the migrations' data;
the next one gets it back from the very functions the migrations run, applied to the live models.
"""

import importlib

from django.apps import apps

# (module, function) in migration order; later features append theirs.
DATA_MIGRATIONS = [
    ("mentorship.migrations.0002_lyceum", "create_lyceum"),
    ("mentorship.migrations.0004_reference_data", "create_reference_data"),
    ("roadmap.migrations.0002_lyceum_roadmap", "create_lyceum_roadmap"),
    ("indicators.migrations.0002_seed", "create_indicators"),
    ("public.migrations.0004_featured_mentor_page_text_borders", "create_programme_texts"),
    ("public.migrations.0005_contacts_text_fit", "contacts_text_update"),
    ("monitoring.migrations.0002_default_kit_kit", "create_default_kit"),
    ("portal.role_sync", "sync_roles"),
]


def restore_reference_data():
    for module_name, function_name in DATA_MIGRATIONS:
        getattr(importlib.import_module(module_name), function_name)(apps, None)
