"""Role–candidate matching: pure Python scores with every component explained.

No Django, no database, no clock. The Django side turns rows into
`RoleRequirements` and `CandidateSummary` and stores what `top_matches` returns.
"""

from jobs.engines.matching.config import DEFAULT_MATCH_CONFIG, MatchConfig
from jobs.engines.matching.engine import (
    score_match,
    scores_for_role,
    top_matches,
    top_roles,
)
from jobs.engines.matching.model import (
    CandidateSummary,
    Component,
    MatchResult,
    RoleRequirements,
    Scored,
)
from jobs.engines.matching.synonyms import satisfies, skill_credit

__all__ = [
    "DEFAULT_MATCH_CONFIG",
    "CandidateSummary",
    "Component",
    "MatchConfig",
    "MatchResult",
    "RoleRequirements",
    "Scored",
    "satisfies",
    "score_match",
    "scores_for_role",
    "skill_credit",
    "top_matches",
    "top_roles",
]
