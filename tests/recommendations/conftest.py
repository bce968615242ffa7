"""Fixtures of the registry and follow-up tests (people and institutions: tests/conftest.py)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from recommendations.models import Assignment
from tests.factories import ClusterFactory, RecommendationFactory


@pytest.fixture
def recs(own_institution, other_institution):
    """Two recommendations led by the own institution (one supported by the other), one led
    by the other institution."""
    cluster = ClusterFactory(name="Health")
    first = RecommendationFactory(paragraph="115.1", text="Ensure access to health care")
    second = RecommendationFactory(paragraph="115.2", text="Reduce maternal mortality")
    third = RecommendationFactory(paragraph="115.3", text="Reform the criminal code")
    first.clusters.add(cluster)
    Assignment.objects.create(recommendation=first, institution=own_institution, role="lead")
    Assignment.objects.create(
        recommendation=first, institution=other_institution, role="supporting"
    )
    Assignment.objects.create(recommendation=second, institution=own_institution, role="lead")
    Assignment.objects.create(recommendation=third, institution=other_institution, role="lead")
    return [first, second, third]


def migrate(targets):
    """Migrate the test database to ``targets``; returns the models as they were there. The
    test must migrate to the latest again (migrate_to_latest) whatever happens."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
