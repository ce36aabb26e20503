"""For staff: the screening file interface over HTTP, as `screen_profiles`.

The body is JSON Lines of candidate facts (SCREENING.md's file interface); the
answer is one JSON result a line, in input order, a bad line answered with an
`error` result rather than failing the batch — the command's output, line for
line. Nothing is stored.
"""

import json
from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from jobs.engines.screening.jsonl import screen_lines
from jobs.selectors.rules import current_rules
from jobs.views.api.auth import StaffKeyAuth, StaffSessionAuth
from jobs.views.api.problems import Problem

router = Router(tags=["staff: screening"])

JSONL = "application/x-ndjson"
# Lines per request: a bigger batch belongs in `screen_profiles` on the server.
MAX_LINES = 5000


class ScreeningQuery(Schema):
    as_of: date | None = None


_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            JSONL: {
                "schema": {"type": "string"},
                "example": '{"id": "c1", "birth_date": "1998-04-01", "degrees": []}\n',
            }
        },
    },
    "responses": {
        200: {
            "description": "One JSON result a line, in input order.",
            "content": {JSONL: {"schema": {"type": "string"}}},
        }
    },
}


@router.post(
    "/screening/",
    url_name="screening",
    auth=[StaffKeyAuth(), StaffSessionAuth()],
    openapi_extra=_BODY,
    response={200: None},
)
def screen(request, query: Query[ScreeningQuery]):
    """Screen candidate facts with the rules in force (`as_of`: the screening
    date for lines without their own; default today in Beijing)."""
    if request.content_type not in (
        JSONL,
        "application/jsonl",
        "application/json",
        "text/plain",
    ):
        raise Problem(415, _("Send JSON Lines as application/x-ndjson."))
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Problem(400, _("The body is not UTF-8 text.")) from error
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise Problem(
            413,
            _("At most %(n)s lines a request; run screen_profiles for more.")
            % {"n": MAX_LINES},
        )
    rules = current_rules()
    results = screen_lines(
        lines,
        config=rules.config,
        institutions=rules.institutions,
        today=query.as_of or timezone.localdate(),
    )
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    return HttpResponse(body, content_type=f"{JSONL}; charset=utf-8")
