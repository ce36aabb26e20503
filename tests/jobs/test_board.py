"""A role's pipeline board: columns, moves, notes, bulk reject, CSV export, access."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application, ApplicationEvent, Stage
from jobs.services.applications import reject_applications
from tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    CandidateProfileFactory,
    EmployerFactory,
    MembershipFactory,
    RoleFactory,
    ScreeningFactory,
    SeekerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership():
    return MembershipFactory()


@pytest.fixture
def role(membership):
    return RoleFactory(company=membership.company, title="Chip designer")


@pytest.fixture
def employer_client(client, membership):
    client.force_login(membership.user)
    return client


def _board(role) -> str:
    return reverse("jobs:role_board", args=[role.pk])


def _move(role) -> str:
    return reverse("jobs:role_board_move", args=[role.pk])


def _reject(role) -> str:
    return reverse("jobs:role_board_reject", args=[role.pk])


def _csv(role) -> str:
    return reverse("jobs:role_applicants_csv", args=[role.pk])


def _stage(application) -> str:
    application.refresh_from_db()
    return application.stage


# --- The board ---------------------------------------------------------------------


def test_board_has_a_column_per_stage_and_a_card_per_applicant(employer_client, role):
    screening = ScreeningFactory(
        outcome="likely",
        profile__given_name="Ada",
        profile__family_name="Lovelace",
        profile__headline="Analytical engine engineer",
    )
    ada = ApplicationFactory(role=role, candidate=screening.profile.user)
    grace = ApplicantFactory(role=role, stage=Stage.INTERVIEW, outcome="doubtful")
    fresh = ApplicantFactory(role=role, outcome=None)
    gone = ApplicantFactory(role=role, stage=Stage.WITHDRAWN)
    ApplicantFactory(role=RoleFactory(company=role.company), outcome="likely")

    response = employer_client.get(_board(role))

    assert response.status_code == 200
    columns = {c.stage: c.applications for c in response.context["columns"]}
    assert list(columns) == [
        "applied",
        "reviewing",
        "interview",
        "offer",
        "hired",
        "rejected",
    ]
    assert columns["applied"] == [ada, fresh]
    assert columns["interview"] == [grace]
    assert response.context["withdrawn"] == [gone]
    text = response.text
    assert "Ada Lovelace" in text
    assert "Analytical engine engineer" in text
    assert reverse("jobs:application_detail", args=[ada.pk]) in text
    assert "Likely eligible" in text
    assert "text-bg-success" in text
    assert "Doubtful — needs review" in text
    assert "Not screened yet" in text
    assert timezone.localtime(ada.applied_at).strftime("%Y-%m-%d") in text
    assert ada.candidate.email not in text
    assert "1997" not in text  # the date of birth


def test_board_shows_the_latest_internal_note(employer_client, role):
    application = ApplicantFactory(role=role)
    ApplicationEvent.objects.create(
        application=application, from_stage="", to_stage="applied", note="Old note"
    )
    ApplicationEvent.objects.create(
        application=application,
        from_stage="applied",
        to_stage="applied",
        note="Strong on Verilog",
    )
    text = employer_client.get(_board(role)).text
    assert "Strong on Verilog" in text
    assert "2 notes" in text


# --- Moves -------------------------------------------------------------------------


def test_moving_a_card_emails_the_candidate(
    employer_client, membership, role, django_capture_on_commit_callbacks
):
    application = ApplicantFactory(role=role)
    with django_capture_on_commit_callbacks(execute=True):
        response = employer_client.post(
            _move(role), {"application": application.pk, "stage": "interview"}
        )
    assert response.status_code == 302
    assert response["Location"] == f"{_board(role)}#application-{application.pk}"
    assert _stage(application) == Stage.INTERVIEW
    event = application.events.get()
    assert (event.from_stage, event.to_stage, event.by) == (
        "applied",
        "interview",
        membership.user,
    )
    assert [m.to for m in mail.outbox] == [[application.candidate.email]]
    assert "Interview" in mail.outbox[0].subject


def test_a_note_without_a_move_is_kept_and_not_emailed(
    employer_client, role, django_capture_on_commit_callbacks
):
    application = ApplicantFactory(role=role)
    with django_capture_on_commit_callbacks(execute=True):
        employer_client.post(
            _move(role),
            {"application": application.pk, "stage": "applied", "note": "Call back"},
        )
    assert _stage(application) == Stage.APPLIED
    assert application.events.get().note == "Call back"
    assert mail.outbox == []
    assert "Call back" in employer_client.get(_board(role)).text


def test_an_application_of_another_role_is_a_404(employer_client, role):
    sibling = ApplicantFactory(role=RoleFactory(company=role.company))
    foreign = ApplicantFactory()
    for application in (sibling, foreign):
        response = employer_client.post(
            _move(role), {"application": application.pk, "stage": "hired"}
        )
        assert response.status_code == 404
        assert _stage(application) == Stage.APPLIED


def test_a_bad_stage_changes_nothing(employer_client, role):
    application = ApplicantFactory(role=role)
    response = employer_client.post(
        _move(role), {"application": application.pk, "stage": "withdrawn"}
    )
    assert response.status_code == 302
    assert _stage(application) == Stage.APPLIED


def test_a_withdrawn_application_cannot_be_moved(employer_client, role):
    application = ApplicantFactory(role=role, stage=Stage.WITHDRAWN)
    response = employer_client.post(
        _move(role), {"application": application.pk, "stage": "offer"}, follow=True
    )
    assert "withdrew" in response.text
    assert _stage(application) == Stage.WITHDRAWN


# --- Bulk reject -------------------------------------------------------------------


def test_bulk_reject_emails_each_candidate_the_reason(
    employer_client, role, django_capture_on_commit_callbacks
):
    first, second, kept = ApplicantFactory.create_batch(3, role=role)
    other_role = ApplicantFactory(role=RoleFactory(company=role.company))
    elsewhere = ApplicantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = employer_client.post(
            _reject(role),
            {
                "applications": [first.pk, second.pk, other_role.pk, elsewhere.pk],
                "reason": "We hired someone with a PhD in photonics.",
            },
            follow=True,
        )
    assert "2 applicants rejected" in response.text
    assert [_stage(a) for a in (first, second, kept)] == [
        "rejected",
        "rejected",
        "applied",
    ]
    # Ids of other roles, even the company's own, are ignored.
    assert _stage(other_role) == Stage.APPLIED
    assert _stage(elsewhere) == Stage.APPLIED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [first.candidate.email, second.candidate.email]
    )
    for message in mail.outbox:
        assert "We hired someone with a PhD in photonics." in message.body
        assert "Not selected" in message.subject


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_bulk_reject_without_a_reason_changes_nothing(
    employer_client, role, reason, django_capture_on_commit_callbacks
):
    first, second = ApplicantFactory.create_batch(2, role=role)
    with django_capture_on_commit_callbacks(execute=True):
        response = employer_client.post(
            _reject(role), {"applications": [first.pk], "reason": reason}
        )
    assert response.status_code == 400
    assert "Give the candidates a reason." in response.text
    assert response.context["reject_form"].errors["reason"]
    assert [_stage(first), _stage(second)] == ["applied", "applied"]
    assert not ApplicationEvent.objects.exists()
    assert mail.outbox == []
    # The ticked box stays ticked for the second try.
    assert f'value="{first.pk}" form="bulk-reject" id="select-{first.pk}" checked' in (
        response.text
    )


def test_bulk_reject_needs_a_ticked_applicant(employer_client, role):
    application = ApplicantFactory(role=role)
    response = employer_client.post(_reject(role), {"reason": "Position filled."})
    assert response.status_code == 400
    assert "Tick at least one applicant." in response.text
    assert _stage(application) == Stage.APPLIED


def test_bulk_reject_refuses_ids_that_are_not_numbers(employer_client, role):
    application = ApplicantFactory(role=role)
    response = employer_client.post(
        _reject(role), {"applications": [application.pk, "1 OR 1=1"], "reason": "No."}
    )
    assert response.status_code == 400
    assert "Choose applicants from the list." in response.text
    assert _stage(application) == Stage.APPLIED


def test_bulk_reject_skips_withdrawn_rejected_and_deleted(membership, role):
    withdrawn = ApplicantFactory(role=role, stage=Stage.WITHDRAWN)
    rejected = ApplicantFactory(role=role, stage=Stage.REJECTED)
    deleted = ApplicationFactory(role=role, candidate=None)
    events = reject_applications(
        role=role,
        application_ids=[withdrawn.pk, rejected.pk, deleted.pk],
        reason="Filled.",
        by=membership.user,
    )
    assert events == []
    assert not ApplicationEvent.objects.exists()


# --- CSV export --------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_export_lists_applicants_without_email_or_birth_date(employer_client, role):
    profile = CandidateProfileFactory(
        given_name="Ada",
        family_name="Lovelace",
        headline="Analytical engine engineer",
        nationality="GB",
    )
    ApplicationFactory(role=role, candidate=profile.user, cover_note="=HYPERLINK(evil)")
    ApplicantFactory(role=role, outcome="doubtful", stage=Stage.INTERVIEW)
    ApplicantFactory(role=role, stage=Stage.WITHDRAWN)
    ApplicationFactory(role=role, candidate=None, cover_note="")
    ApplicantFactory(role=RoleFactory(company=role.company))

    response = employer_client.get(_csv(role))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"applicants-role-{role.pk}-" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == [
        "Name",
        "Headline",
        "Nationality",
        "Stage",
        "Applied at",
        "K-visa outlook",
        "Cover note",
    ]
    assert len(rows) == 4  # header, Ada, the interviewee, the deleted account
    ada = rows[1]
    assert ada[:4] == [
        "Ada Lovelace",
        "Analytical engine engineer",
        "United Kingdom",
        "Applied",
    ]
    assert ada[5:] == ["Not screened yet", "'=HYPERLINK(evil)"]
    assert rows[2][3] == "Interview"
    assert rows[2][5] == "Doubtful — needs review"
    assert rows[3][0] == "Deleted account"
    text = "\n".join(",".join(row) for row in rows)
    assert "@" not in text
    assert "1997" not in text


# --- Access --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "outsider",
    [
        pytest.param(lambda: MembershipFactory(role="recruiter").user, id="recruiter"),
        pytest.param(lambda: CandidateProfileFactory().user, id="seeker"),
        pytest.param(EmployerFactory, id="employer-without-company"),
    ],
)
def test_outsiders_get_404_or_no_access(client, role, outsider):
    application = ApplicantFactory(role=role)
    user = outsider()
    client.force_login(user)
    responses = [
        client.get(_board(role)),
        client.get(_csv(role)),
        client.post(_move(role), {"application": application.pk, "stage": "hired"}),
        client.post(_reject(role), {"applications": [application.pk], "reason": "No."}),
    ]
    if user.is_employer and not hasattr(user, "membership"):
        # An employer with no company yet is sent to create one.
        assert {r.status_code for r in responses} == {302}
    else:
        assert {r.status_code for r in responses} == {404}
    assert _stage(application) == Stage.APPLIED


def test_anonymous_users_are_sent_to_log_in(client, role):
    response = client.get(_board(role))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_recruiter_of_the_company_works_the_board(client, role):
    recruiter = MembershipFactory(company=role.company, role="recruiter").user
    application = ApplicantFactory(role=role)
    client.force_login(recruiter)
    assert client.get(_board(role)).status_code == 200
    client.post(_move(role), {"application": application.pk, "stage": "reviewing"})
    assert _stage(application) == Stage.REVIEWING


# --- Queries -------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def _role_with_applicants(company, count: int):
    role = RoleFactory(company=company)
    stages = [Stage.APPLIED, Stage.REVIEWING, Stage.INTERVIEW, Stage.WITHDRAWN]
    outcomes = ["likely", None, "unlikely"]
    for n in range(count):
        application = ApplicantFactory(
            role=role, stage=stages[n % len(stages)], outcome=outcomes[n % 3]
        )
        ApplicationEvent.objects.create(
            application=application, from_stage="", to_stage="applied", note=f"n{n}"
        )
    ApplicationFactory(role=role, candidate=None)
    return role


def test_board_and_export_queries_do_not_grow_with_applicants(
    employer_client, membership
):
    few = _role_with_applicants(membership.company, 2)
    many = _role_with_applicants(membership.company, 20)
    assert _queries(employer_client, _board(few)) == _queries(
        employer_client, _board(many)
    )
    assert _queries(employer_client, _csv(few)) == _queries(employer_client, _csv(many))
    assert Application.objects.filter(role=many).count() == 21


def test_board_is_linked_from_the_dashboard_and_the_role_page(employer_client, role):
    url = _board(role)
    assert url in employer_client.get(reverse("jobs:employer_dashboard")).text
    assert (
        url in employer_client.get(reverse("jobs:employer_role", args=[role.pk])).text
    )


def test_seeker_is_not_an_employer(client, role):
    client.force_login(SeekerFactory())
    assert client.get(_board(role)).status_code == 404
