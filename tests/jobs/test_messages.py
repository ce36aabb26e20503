"""Messages between candidates and companies (issue 16): both directions, who may
read a thread, unread counts and the nav badge, the poll, batched emails in each
reader's language, My data and account deletion."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Visibility
from accounts.services import delete_account, export_data
from jobs.models import ApplyInvitation, Conversation, Message, OutboxEmail, Side
from jobs.selectors.messages import conversations_for, unread_count
from jobs.services.applications import withdraw_application
from jobs.services.messages import (
    conversation_for_application,
    conversation_for_invitation,
    mark_read,
    notify_unread_messages,
    post_message,
)
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    EmployerFactory,
    MembershipFactory,
    RoleFactory,
    SeekerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(settings):
    settings.MESSAGE_EMAIL_DELAY_SECONDS = 0
    owner = MembershipFactory(user=EmployerFactory(language="zh-hans"))
    recruiter = MembershipFactory(
        company=owner.company, user=EmployerFactory(language="en")
    )
    role = RoleFactory(company=owner.company, title="Robot arm engineer")
    profile = CandidateProfileFactory(user=SeekerFactory(language="en"))
    application = ApplicationFactory(role=role, candidate=profile.user)
    conversation = conversation_for_application(application=application)
    return {
        "owner": owner.user,
        "recruiter": recruiter.user,
        "seeker": profile.user,
        "profile": profile,
        "role": role,
        "application": application,
        "conversation": conversation,
    }


def _post(client, conversation, body, **headers):
    return client.post(
        reverse("jobs:message_post", args=[conversation.pk]), {"body": body}, **headers
    )


def test_candidate_and_company_write_to_each_other(client, thread):
    conversation = thread["conversation"]
    client.force_login(thread["seeker"])
    response = _post(client, conversation, "  Hello, is the role still open?  ")
    assert response.status_code == 302
    assert response.url.startswith(
        reverse("jobs:my_application_detail", args=[thread["application"].pk])
    )
    client.force_login(thread["recruiter"])
    response = _post(client, conversation, "Yes! When can you talk?")
    assert response.url.startswith(
        reverse("jobs:application_detail", args=[thread["application"].pk])
    )
    first, second = Message.objects.order_by("id")
    assert (first.body, first.from_candidate) == (
        "Hello, is the role still open?",
        True,
    )
    assert (second.from_candidate, second.sender) == (False, thread["recruiter"])

    # Both company members see the company's thread; the seeker sees it too.
    for user in (thread["owner"], thread["recruiter"]):
        client.force_login(user)
        page = client.get(
            reverse("jobs:application_detail", args=[thread["application"].pk])
        )
        assert page.text.count('class="message ') == 2
        assert 'id="message-form"' in page.text
    client.force_login(thread["seeker"])
    page = client.get(
        reverse("jobs:my_application_detail", args=[thread["application"].pk])
    )
    assert "Yes! When can you talk?" in page.text
    assert f'data-message-id="{second.pk}"' in page.text
    # The candidate sees the company, not the recruiter's address.
    assert thread["recruiter"].email not in page.text


def test_outsiders_get_404(client, thread):
    conversation = thread["conversation"]
    post_message(conversation=conversation, sender=thread["seeker"], body="Hi")
    other_company = MembershipFactory().user
    other_seeker = CandidateProfileFactory().user
    for user in (other_company, other_seeker):
        client.force_login(user)
        poll = client.get(reverse("jobs:message_poll", args=[conversation.pk]))
        assert poll.status_code == 404
        assert _post(client, conversation, "Let me in").status_code == 404
        assert (
            client.get(
                reverse("jobs:conversation_detail", args=[conversation.pk])
            ).status_code
            == 404
        )
    client.force_login(other_seeker)
    page = client.get(
        reverse("jobs:my_application_detail", args=[thread["application"].pk])
    )
    assert page.status_code == 404
    assert Message.objects.count() == 1


def test_a_bad_message_is_refused_and_the_typed_text_kept(client, thread):
    conversation = thread["conversation"]
    client.force_login(thread["seeker"])
    long_text = "x" * 4001
    response = _post(client, conversation, long_text)
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Your message was not sent" in page.text
    assert long_text in page.text  # back in the textarea
    assert _post(client, conversation, "   ").status_code == 302
    json = _post(client, conversation, "", HTTP_ACCEPT="application/json")
    assert json.status_code == 400
    assert json.json()["error"] == "Write a message first."
    assert not Message.objects.exists()
    with pytest.raises(ValidationError):
        post_message(conversation=conversation, sender=thread["seeker"], body=" ")


def test_unread_counts_and_the_nav_badge_in_one_query(client, thread):
    conversation = thread["conversation"]
    seeker, recruiter = thread["seeker"], thread["recruiter"]
    post_message(conversation=conversation, sender=seeker, body="One")
    post_message(conversation=conversation, sender=seeker, body="Two")
    assert unread_count(user=recruiter) == 1
    assert unread_count(user=thread["owner"]) == 1
    assert unread_count(user=seeker) == 0
    assert unread_count(user=MembershipFactory().user) == 0

    with CaptureQueriesContext(connection) as queries:
        assert unread_count(user=recruiter) == 1
    assert len(queries) == 1

    client.force_login(recruiter)
    page = client.get(reverse("jobs:team"))
    assert '<span class="badge text-bg-warning" id="unread-messages">1</span>' in (
        page.text
    )
    # Opening the applicant page marks the company side read, for the whole team.
    client.get(reverse("jobs:application_detail", args=[thread["application"].pk]))
    assert unread_count(user=thread["owner"]) == 0
    post_message(conversation=conversation, sender=recruiter, body="Hi")
    assert unread_count(user=seeker) == 1
    client.force_login(seeker)
    client.get(reverse("jobs:my_application_detail", args=[thread["application"].pk]))
    assert unread_count(user=seeker) == 0


def test_the_nav_badge_costs_nothing_for_anonymous_visitors(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("jobs:role_search"))
    assert 'id="unread-messages"' not in page.text
    assert not [q for q in queries if "jobs_message" in q["sql"]]


def test_the_poll_returns_only_newer_messages_and_marks_read(client, thread):
    conversation = thread["conversation"]
    first = post_message(conversation=conversation, sender=thread["owner"], body="A")
    second = post_message(conversation=conversation, sender=thread["owner"], body="B")
    client.force_login(thread["seeker"])
    assert unread_count(user=thread["seeker"]) == 1
    url = reverse("jobs:message_poll", args=[conversation.pk])
    data = client.get(url, {"after": first.pk}).json()
    assert [m["id"] for m in data["messages"]] == [second.pk]
    item = data["messages"][0]
    assert item["body"] == "B"
    assert item["mine"] is False
    assert item["sender"] == thread["role"].company.name
    assert unread_count(user=thread["seeker"]) == 0
    assert client.get(url, {"after": second.pk}).json() == {"messages": []}
    # A garbled `after` is everything, not an error.
    assert len(client.get(url, {"after": "x1"}).json()["messages"]) == 2


def test_the_poll_says_the_time_in_the_readers_language(client, thread):
    conversation = thread["conversation"]
    post_message(conversation=conversation, sender=thread["seeker"], body="你好")
    client.force_login(thread["owner"])
    url = reverse("jobs:message_poll", args=[conversation.pk])
    (item,) = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["messages"]
    assert "年" in item["time"]


def test_three_quick_messages_are_one_email_per_recipient(
    django_capture_on_commit_callbacks, thread
):
    conversation = thread["conversation"]
    # The delay: the tasks run after all three messages were written.
    with django_capture_on_commit_callbacks() as callbacks:
        for body in ("One", "Two", "Three"):
            post_message(conversation=conversation, sender=thread["seeker"], body=body)
    for callback in callbacks:
        callback()
    rows = list(OutboxEmail.objects.all())
    recipients = sorted(r for row in rows for r in row.recipients)
    assert recipients == sorted([thread["owner"].email, thread["recruiter"].email])
    for row in rows:
        assert "One" in row.body
        assert "Three" in row.body
    # The seeker wrote them: no email to the seeker.
    assert thread["seeker"].email not in recipients
    # A later task finds nothing new.
    assert notify_unread_messages(conversation_id=conversation.pk) == 0


def test_no_email_when_the_thread_was_read_before_the_task(
    django_capture_on_commit_callbacks, thread
):
    conversation = thread["conversation"]
    with django_capture_on_commit_callbacks() as callbacks:
        post_message(conversation=conversation, sender=thread["owner"], body="Hi")
    mark_read(conversation=conversation, side=Side.CANDIDATE)
    for callback in callbacks:
        callback()
    assert not OutboxEmail.objects.exists()


def test_each_recipient_is_emailed_in_their_language(
    django_capture_on_commit_callbacks, thread
):
    conversation = thread["conversation"]
    with django_capture_on_commit_callbacks(execute=True):
        post_message(conversation=conversation, sender=thread["seeker"], body="Hi")
    rows = {row.language: row for row in OutboxEmail.objects.all()}
    assert rows["zh-hans"].recipients == [thread["owner"].email]
    assert "候选人" in rows["zh-hans"].subject
    assert rows["en"].recipients == [thread["recruiter"].email]
    OutboxEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        post_message(conversation=conversation, sender=thread["owner"], body="好的")
    (row,) = OutboxEmail.objects.all()
    assert row.recipients == [thread["seeker"].email]
    assert row.language == "en"
    assert row.subject == "New messages about Robot arm engineer"
    assert reverse("jobs:conversation_detail", args=[conversation.pk]) in row.body


def test_a_withdrawn_hidden_candidates_thread_is_404_for_the_company(client, thread):
    conversation = thread["conversation"]
    post_message(conversation=conversation, sender=thread["seeker"], body="Hi")
    profile = thread["profile"]
    profile.visibility = Visibility.HIDDEN
    profile.save()
    withdraw_application(application=thread["application"])
    client.force_login(thread["recruiter"])
    assert (
        client.get(reverse("jobs:message_poll", args=[conversation.pk])).status_code
        == 404
    )
    assert _post(client, conversation, "Come back").status_code == 404
    assert conversations_for(user=thread["recruiter"]) == []
    # The seeker still reads it, but the thread is closed.
    client.force_login(thread["seeker"])
    page = client.get(
        reverse("jobs:my_application_detail", args=[thread["application"].pk])
    )
    assert "the conversation is closed" in page.text
    assert 'id="message-form"' not in page.text


def test_invitation_threads_and_the_inbox(client, thread):
    profile = CandidateProfileFactory(user=SeekerFactory())
    invitation = ApplyInvitation.objects.create(
        role=thread["role"], profile=profile, invited_by=thread["owner"]
    )
    client.force_login(profile.user)
    page = client.get(reverse("jobs:roles_for_you"))
    link = reverse("jobs:invitation_thread", args=[invitation.pk])
    assert link in page.text
    response = client.get(link)
    conversation = Conversation.objects.get(invitation=invitation)
    assert response.url == reverse("jobs:conversation_detail", args=[conversation.pk])
    _post(client, conversation, "Tell me more about the team")
    client.force_login(thread["recruiter"])
    inbox = client.get(reverse("jobs:message_inbox"))
    assert f'data-conversation-id="{conversation.pk}"' in inbox.text
    assert "Unread" in inbox.text
    page = client.get(reverse("jobs:conversation_detail", args=[conversation.pk]))
    assert "Tell me more about the team" in page.text
    # Another seeker can neither open the invitation's thread nor make one.
    client.force_login(thread["seeker"])
    assert client.get(link).status_code == 404
    assert (
        f'data-conversation-id="{conversation.pk}"'
        not in client.get(reverse("jobs:message_inbox")).text
    )


def test_the_inbox_lists_unread_first(thread):
    older = thread["conversation"]
    other = conversation_for_application(
        application=ApplicationFactory(role=thread["role"])
    )
    post_message(conversation=older, sender=thread["seeker"], body="Old, unread")
    post_message(conversation=other, sender=other.application.candidate, body="New")
    mark_read(conversation=other, side=Side.COMPANY)
    Message.objects.filter(conversation=older).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    listed = conversations_for(user=thread["owner"])
    assert [c.pk for c in listed] == [older.pk, other.pk]
    assert listed[0].unread
    assert not listed[1].unread


def test_my_data_holds_the_messages_and_deletion_removes_them(thread):
    conversation = thread["conversation"]
    post_message(conversation=conversation, sender=thread["seeker"], body="Mine")
    post_message(conversation=conversation, sender=thread["owner"], body="Theirs")
    invitation = ApplyInvitation.objects.create(
        role=RoleFactory(company=thread["role"].company), profile=thread["profile"]
    )
    post_message(
        conversation=conversation_for_invitation(invitation=invitation),
        sender=thread["seeker"],
        body="About the invitation",
    )
    data = export_data(user=thread["seeker"])
    by_about = {row["about"]: row for row in data["messages"]}
    assert [(m["from"], m["body"]) for m in by_about["application"]["messages"]] == [
        ("you", "Mine"),
        (thread["role"].company.name, "Theirs"),
    ]
    assert by_about["invitation"]["messages"][0]["body"] == "About the invitation"
    # The recruiter's address stays out of the seeker's export.
    assert thread["owner"].email not in str(data["messages"])

    delete_account(user=thread["seeker"])
    assert not Message.objects.exists()


def test_a_burst_is_one_email_even_when_tasks_run_at_once(
    django_capture_on_commit_callbacks, settings, thread
):
    # The embedded default runs each message's task at commit (eager Celery):
    # the first message is emailed, the next ones wait for the gap to pass.
    settings.MESSAGE_EMAIL_DELAY_SECONDS = 300
    conversation = thread["conversation"]
    for body in ("One", "Two", "Three"):
        with django_capture_on_commit_callbacks(execute=True):
            post_message(conversation=conversation, sender=thread["owner"], body=body)
    (row,) = OutboxEmail.objects.all()
    assert row.recipients == [thread["seeker"].email]
    assert "One" in row.body
    assert "Two" not in row.body


def test_the_sweep_emails_what_a_lost_task_left_and_only_once(settings, thread):
    from jobs.services.messages import notify_all_unread_messages

    settings.MESSAGE_EMAIL_DELAY_SECONDS = 300
    conversation = thread["conversation"]
    # Written while the broker was down: the task is lost (never run here).
    post_message(conversation=conversation, sender=thread["owner"], body="Still there?")
    assert notify_all_unread_messages() == 0  # not yet due: the delay runs
    Message.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    assert notify_all_unread_messages() == 1
    (row,) = OutboxEmail.objects.all()
    assert "Still there?" in row.body
    assert notify_all_unread_messages() == 0


def test_the_sweep_leaves_read_threads_alone(settings, thread):
    from jobs.services.messages import notify_all_unread_messages

    settings.MESSAGE_EMAIL_DELAY_SECONDS = 300
    conversation = thread["conversation"]
    post_message(conversation=conversation, sender=thread["seeker"], body="Hello")
    Message.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    mark_read(conversation=conversation, side=Side.COMPANY)
    assert notify_all_unread_messages() == 0
    assert not OutboxEmail.objects.exists()


def test_a_flood_of_messages_is_refused_with_a_clear_answer(client, settings, thread):
    settings.MESSAGE_RATE_LIMIT = "3/1m/key"
    conversation = thread["conversation"]
    client.force_login(thread["seeker"])
    for n in range(3):
        response = _post(
            client, conversation, f"Note {n}", HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 200
    response = _post(
        client, conversation, "One too many", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 429
    assert "too quickly" in response.json()["error"]
    assert not Message.objects.filter(body="One too many").exists()
    # Without JavaScript: the page says why, and the typed text waits in the form.
    response = _post(client, conversation, "Still too many", follow=True)
    assert "too quickly" in response.text
    assert "Still too many" in response.text
    # Another person's allowance is their own.
    client.force_login(thread["owner"])
    response = _post(client, conversation, "Hello", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
