"""Messages: the seeker's page of an application, a conversation's thread, posting
to it without JavaScript, the poll that `messages.js` calls, and the inbox.

Every conversation is looked up through `conversation_for_viewer`, so another
seeker's or another company's thread (or one the company may no longer open) is
a 404. The employer's applicant page shows the same thread (jobs.views.employer).
"""

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import AuthenticatedRequest
from jobs.forms import MessageForm
from jobs.models import Application, ApplyInvitation, Conversation, Message, Side
from jobs.selectors import messages as selectors
from jobs.selectors import pages
from jobs.selectors.companies import company_for
from jobs.services import messages as services
from jobs.views.access import seeker_required
from portal.formatting import long_datetime

_DRAFT = "message_draft:{}"


def _viewer_side(request, conversation: Conversation) -> Side:
    return services.side_of(conversation=conversation, user=request.user)


def _conversation_or_404(request, pk: int) -> Conversation:
    conversation = selectors.conversation_for_viewer(user=request.user, pk=pk)
    if conversation is None:
        raise Http404
    return conversation


def thread_page_url(conversation: Conversation, side: Side) -> str:
    """Where the viewer on `side` reads this conversation."""
    if conversation.application_id:
        name = (
            "jobs:my_application_detail"
            if side == Side.CANDIDATE
            else "jobs:application_detail"
        )
        return reverse(name, args=[conversation.application_id])
    return reverse("jobs:conversation_detail", args=[conversation.pk])


def _label(message: Message, conversation: Conversation, side: Side) -> str:
    mine = message.from_candidate == (side == Side.CANDIDATE)
    if message.from_candidate:
        if mine:
            return _("You")
        candidate = conversation.candidate
        profile = getattr(candidate, "profile", None) if candidate else None
        return profile.display_name if profile else _("Candidate")
    if side == Side.CANDIDATE:
        # The company speaks as the company: a recruiter's identity is theirs.
        return conversation.role.company.name
    if message.sender_id == getattr(conversation, "_viewer_id", None):
        return _("You")
    return message.sender.email if message.sender else _("Former team member")


def thread_context(request, conversation: Conversation, side: Side) -> dict:
    """What `jobs/partials/thread.html` shows; marks the viewer's side read."""
    conversation._viewer_id = request.user.pk  # type: ignore[attr-defined]
    items = [
        {
            "message": message,
            "mine": message.from_candidate == (side == Side.CANDIDATE),
            "label": _label(message, conversation, side),
        }
        for message in selectors.thread(conversation=conversation)
    ]
    services.mark_read(conversation=conversation, side=side)
    draft = request.session.pop(_DRAFT.format(conversation.pk), None)
    form = MessageForm(draft) if draft is not None else MessageForm()
    return {
        "conversation": conversation,
        "thread_items": items,
        "last_message_id": items[-1]["message"].pk if items else 0,
        "message_form": form,
        "thread_closed": services.is_closed(conversation),
    }


@seeker_required
@require_GET
def my_application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The seeker's page of one application: role, stages, invitation, thread."""
    application = get_object_or_404(
        Application.objects.select_related("role__company"),
        pk=pk,
        candidate=request.user,
    )
    conversation = services.conversation_for_application(application=application)
    return render(
        request,
        "jobs/my_application_detail.html",
        {
            "application": application,
            "events": application.events.all(),
            "invitation": pages.invitation_behind(application=application),
            "withdrawable": application.stage not in {"withdrawn", "hired"},
            **thread_context(request, conversation, Side.CANDIDATE),
        },
    )


@login_required
@require_GET
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One conversation: an application's goes to its page on the viewer's side;
    an invitation's is shown here with the invitation."""
    conversation = _conversation_or_404(request, pk)
    side = _viewer_side(request, conversation)
    if conversation.application_id:
        return redirect(thread_page_url(conversation, side))
    return render(
        request,
        "jobs/conversation_detail.html",
        {
            "invitation": conversation.invitation,
            "viewer_is_candidate": side == Side.CANDIDATE,
            **thread_context(request, conversation, side),
        },
    )


@login_required
@require_GET
def invitation_thread(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Open (creating it on first use) the conversation of an invitation to apply."""
    invitations = ApplyInvitation.objects.none()
    if getattr(request.user, "is_seeker", False):
        invitations = ApplyInvitation.objects.filter(profile__user=request.user)
    elif (company := company_for(request.user)) is not None:
        invitations = ApplyInvitation.objects.filter(role__company=company)
    invitation = get_object_or_404(invitations, pk=pk)
    conversation = services.conversation_for_invitation(invitation=invitation)
    return redirect("jobs:conversation_detail", pk=conversation.pk)


@login_required
@require_POST
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a message; answers JSON to `messages.js`, else redirects to the thread
    (an error is flashed and the typed text kept for the form)."""
    conversation = _conversation_or_404(request, pk)
    side = _viewer_side(request, conversation)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    form = MessageForm(request.POST)
    error = ""
    limited = _sending_too_fast(request)
    if limited:
        error = str(
            _("You are sending messages too quickly. Wait a minute and send again.")
        )
    elif form.is_valid():
        try:
            services.post_message(
                conversation=conversation,
                sender=request.user,
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(e) for e in form.errors.get("body") or [])
    if wants_json:
        if error:
            return JsonResponse({"error": error}, status=429 if limited else 400)
        return JsonResponse({"ok": True})
    if error:
        flash.error(
            request, _("Your message was not sent: %(error)s") % {"error": error}
        )
        request.session[_DRAFT.format(conversation.pk)] = {
            "body": request.POST.get("body", "")[:8000]
        }
    url = thread_page_url(conversation, side)
    return redirect(f"{url}#message-form" if error else f"{url}#thread")


def _sending_too_fast(request: HttpRequest) -> bool:
    """True once this person used up `MESSAGE_RATE_LIMIT` (allauth's rate-limit
    store, the database cache, keyed by the user id)."""
    usage = ratelimit.consume(
        request,
        app="jobs",
        action="message_post",
        config={"message_post": settings.MESSAGE_RATE_LIMIT},
        key=str(request.user.pk),
    )
    return usage is None


@login_required
@require_GET
def message_poll(request: HttpRequest, pk: int) -> JsonResponse:
    """The messages after `?after=<id>`, for `messages.js`; marks the viewer's side
    read. A bad `after` counts as 0 (everything)."""
    conversation = _conversation_or_404(request, pk)
    side = _viewer_side(request, conversation)
    conversation._viewer_id = request.user.pk  # type: ignore[attr-defined]
    raw = request.GET.get("after", "")
    after = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 18 else 0
    items = [
        {
            "id": message.pk,
            "body": message.body,
            "mine": message.from_candidate == (side == Side.CANDIDATE),
            "sender": _label(message, conversation, side),
            "time": long_datetime(message.created_at),
        }
        for message in selectors.thread(conversation=conversation, after_id=after)
    ]
    if items:
        services.mark_read(conversation=conversation, side=side)
    return JsonResponse({"messages": items})


@login_required
@require_GET
def message_inbox(request: HttpRequest) -> HttpResponse:
    """The viewer's conversations, unread first (seekers and employers)."""
    user = request.user
    if not (getattr(user, "is_seeker", False) or getattr(user, "is_employer", False)):
        raise PermissionDenied
    return render(
        request,
        "jobs/message_inbox.html",
        {
            "conversations": selectors.conversations_for(user=user),
            "viewer_is_seeker": getattr(user, "is_seeker", False),
        },
    )
