"""Migration tests: move the test database to a past state and back."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def leaves():
    """The latest migration of every app: where a test returns the database to."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate_to(targets):
    """Migrate the database to `targets` and return the models as they are then. The state is that of exactly what
    is applied: an app that depends on a later migration of a target app (and so was unapplied with it) is left out
    rather than pulling the target app forward again."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps
