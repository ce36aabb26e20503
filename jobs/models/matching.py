"""Matching: each candidate's facts as matching reads them, stored best matches,
invitations to apply, and the log of employers viewing profiles (PIPL)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models.companies import Company
from jobs.models.roles import Role


class CandidateCard(models.Model):
    """What matching reads about a candidate, denormalised into one row.

    Rebuilt with every screening chunk, so refreshing a role's matches reads
    one table instead of profiles, degrees, skills and languages.
    """

    profile = models.OneToOneField(
        "accounts.CandidateProfile", on_delete=models.CASCADE, related_name="match_card"
    )
    skills = models.JSONField(default=list)
    field_categories = models.JSONField(default=list)
    highest_degree = models.CharField(max_length=16, blank=True)
    years_experience = models.FloatField(null=True, blank=True)
    english_level = models.CharField(max_length=16, blank=True)
    hsk_level = models.PositiveSmallIntegerField(null=True, blank=True)
    desired_cities = models.JSONField(default=list)
    willing_to_relocate = models.BooleanField(default=True)
    salary_expectation = models.PositiveIntegerField(null=True, blank=True)
    # Visible to verified employers with both consents: may appear in matches.
    discoverable = models.BooleanField(default=False, db_index=True)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("candidate card")
        verbose_name_plural = _("candidate cards")

    def __str__(self) -> str:
        return f"card {self.profile_id}"


class Match(models.Model):
    """A stored (role, candidate) score.

    `for_role`: among the role's best candidates; `for_candidate`: among the
    candidate's best roles. One row serves both lists. Why the pair scores what it
    does is not stored: `jobs.selectors.matching.explain_matches` gives the rows a
    page shows their `components`, `summary` and `summary_phrases` (a first
    screening stores hundreds of thousands of pairs; explaining each one when it was
    written was most of that work).
    """

    # Set by `explain_matches` (not columns).
    components: list[dict]
    summary: str
    summary_phrases: list[dict]

    # No index of their own: `one_match_per_pair` and `match_role_best` lead with
    # the role, `match_candidate_best` with the profile (two fewer indexes to
    # write for each of the hundreds of thousands of rows a first screening stores).
    # No database constraint either: the deferred check of two foreign keys took as
    # long at commit as writing the row (5.8 s for 600,000 rows on PostgreSQL 15).
    # The rows are derived (matching rebuilds them), deleting a role or a profile
    # still deletes its rows (Django's CASCADE), every reader joins the role and the
    # profile, and `delete_orphan_matches` (nightly) removes a row written by a
    # refresh that raced the deletion of its role or profile.
    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        related_name="matches",
        db_index=False,
        db_constraint=False,
    )
    profile = models.ForeignKey(
        "accounts.CandidateProfile",
        on_delete=models.CASCADE,
        related_name="matches",
        db_index=False,
        db_constraint=False,
    )
    score = models.PositiveSmallIntegerField()
    for_role = models.BooleanField(default=False)
    for_candidate = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "profile"], name="one_match_per_pair"
            )
        ]
        indexes = [
            models.Index(fields=["role", "for_role", "-score"], name="match_role_best"),
            models.Index(
                fields=["profile", "for_candidate", "-score"],
                name="match_candidate_best",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role_id} × {self.profile_id}: {self.score}"


class ApplyInvitation(models.Model):
    """An employer invites a candidate to apply to a role."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="apply_invitations"
    )
    profile = models.ForeignKey(
        "accounts.CandidateProfile",
        on_delete=models.CASCADE,
        related_name="apply_invitations",
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at"]
        verbose_name = _("invitation to apply")
        verbose_name_plural = _("invitations to apply")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "profile"], name="one_invitation_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} invited to {self.role_id}"


class ProfileView(models.Model):
    """Audit: an employer opened a candidate's profile. Seekers see their log."""

    profile = models.ForeignKey(
        "accounts.CandidateProfile", on_delete=models.CASCADE, related_name="views_log"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("profile view")
        verbose_name_plural = _("profile views")
        indexes = [models.Index(fields=["profile", "-viewed_at"])]

    def __str__(self) -> str:
        return f"{self.company} viewed {self.profile_id}"


class RoleMatchState(models.Model):
    """When a role's best candidates were last computed in full."""

    role = models.OneToOneField(
        Role, on_delete=models.CASCADE, related_name="match_state"
    )
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("role match state")
        verbose_name_plural = _("role match states")

    def __str__(self) -> str:
        return f"{self.role_id} refreshed {timezone.localtime(self.refreshed_at):%Y-%m-%d %H:%M}"
