"""CSV exports of filtered admin lists stream their rows."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from jobs.services.screening import screen_candidates
from tests.factories import (
    ApplicationFactory,
    EducationFactory,
    PendingRoleFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def _export(client, url, action, ids, **filters):
    query = "?" + "&".join(f"{k}={v}" for k, v in filters.items()) if filters else ""
    response = client.post(
        url + query,
        {"action": action, "select_across": "1", "index": "0", "_selected_action": ids},
    )
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_export_roles_of_the_filtered_list(staff_client):
    pending = PendingRoleFactory(title="=cmd|calc", city="Chengdu")
    ApplicationFactory(role=pending)
    published = RoleFactory()
    url = reverse("admin:jobs_role_changelist")
    rows = _export(staff_client, url, "export_csv", [pending.pk], status="pending")
    assert [int(r["id"]) for r in rows] == [pending.pk]
    row = rows[0]
    assert row["title"] == "'=cmd|calc"  # no formula injection
    assert (row["status"], row["city"], row["applicants"]) == (
        "pending",
        "Chengdu",
        "1",
    )
    assert row["company"] == pending.company.name
    everything = _export(staff_client, url, "export_csv", [published.pk])
    assert {int(r["id"]) for r in everything} == {pending.pk, published.pk}


def test_export_applications_with_outcomes(staff_client):
    profile = EducationFactory().profile
    screen_candidates(profile_ids=[profile.pk])
    application = ApplicationFactory(candidate=profile.user)
    other = ApplicationFactory()
    rows = _export(
        staff_client,
        reverse("admin:jobs_application_changelist"),
        "export_csv",
        [application.pk],
    )
    by_id = {int(r["id"]): r for r in rows}
    assert set(by_id) == {application.pk, other.pk}
    assert by_id[application.pk]["candidate_email"] == profile.user.email
    assert by_id[application.pk]["k_visa_outcome"] == "likely"
    assert by_id[application.pk]["role"] == application.role.title
    assert by_id[other.pk]["k_visa_outcome"] == ""  # no profile: no outcome


def test_export_uses_a_constant_number_of_queries(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:jobs_application_changelist")
    ids = [ApplicationFactory().pk for _ in range(2)]
    with CaptureQueriesContext(connection) as few:
        _export(staff_client, url, "export_csv", ids)
    ids += [ApplicationFactory().pk for _ in range(12)]
    with CaptureQueriesContext(connection) as many:
        assert len(_export(staff_client, url, "export_csv", ids)) == 14
    assert len(many) == len(few)
