"""A role approved with a real worker running has ranked matches within a minute.

The approval runs in a `manage.py shell` process whose Celery app publishes to the
test's Redis (the suite's own app is eager), as a moderator's request would; the
test then waits for the worker's refresh. The time from approval (the role's
`published_at`) to the first stored match is printed for the README.
"""

import pytest

from jobs.models import Match, Role
from tests.factories import PendingRoleFactory
from tests.jobs.test_matches import _candidate

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

APPROVE = """
from jobs.models import Role
from jobs.services.moderation import Decision, moderate_role
moderate_role(role=Role.objects.get(pk={pk}), decision=Decision.APPROVE, by=None)
print("approved")
"""


def test_approved_role_is_matched_by_the_worker_within_a_minute(pipeline):
    fit = _candidate()
    role = PendingRoleFactory(skills=["Python", "ROS", "C++"])
    (worker,) = pipeline.start_workers("w1")

    assert "approved" in pipeline.manage("shell", "-c", APPROVE.format(pk=role.pk))
    pipeline.wait_for(
        lambda: Match.objects.filter(role=role, for_candidate=True).exists(),
        "the role's matches",
    )

    assert Match.objects.filter(role=role, profile=fit, for_role=True).exists()
    assert "refresh_role_matches_task[" in worker.output()  # not run eagerly
    published_at = Role.objects.get(pk=role.pk).published_at
    first = Match.objects.filter(role=role).earliest("refreshed_at").refreshed_at
    print(f"approval to first match: {(first - published_at).total_seconds():.2f} s")
