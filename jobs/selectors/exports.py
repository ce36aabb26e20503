"""CSV exports, as a header and lazily read rows (the views stream them)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from jobs.models import Application, Role
from jobs.templatetags.outlook import outcome_label
from portal.formatting import iso_timestamp


def _local_stamp(moment) -> str:
    return iso_timestamp(moment)


def applicant_export(*, role: Role) -> tuple[list[str], Iterator[list[str]]]:
    """A role's applicants: the header and the rows, read 500 at a time.

    The same facts the applicant page shows: never the date of birth or the
    account email. Withdrawn applications are left out.
    """
    header = [
        _("Name"),
        _("Headline"),
        _("Nationality"),
        _("Stage"),
        _("Applied at"),
        _("K-visa outlook"),
        _("Cover note"),
    ]
    applications = (
        Application.objects.filter(role=role)
        .active()
        .select_related("candidate__profile__screening")
        .order_by("applied_at", "pk")
    )

    def rows() -> Iterator[list[str]]:
        for application in applications.iterator(chunk_size=500):
            profile = (
                getattr(application.candidate, "profile", None)
                if application.candidate_id
                else None
            )
            screening = getattr(profile, "screening", None) if profile else None
            if profile is None:  # a deleted account: only the application is kept
                yield [
                    _("Deleted account"),
                    "",
                    "",
                    application.get_stage_display(),
                    _local_stamp(application.applied_at),
                    "",
                    application.cover_note,
                ]
                continue
            yield [
                profile.display_name,
                profile.headline,
                profile.nationality.name if profile.nationality else "",
                application.get_stage_display(),
                _local_stamp(application.applied_at),
                outcome_label(screening.outcome)
                if screening
                else _("Not screened yet"),
                application.cover_note,
            ]

    return header, rows()
