"""Models of the recommendations app, split by concept."""

from .reference import (
    AffectedGroup,
    Body,
    Mechanism,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    State,
    Theme,
)
from .registry import (
    Assignment,
    Cluster,
    ClusterSet,
    ImportJob,
    Priority,
    Recommendation,
    RecommendationLink,
    Response,
    ResponseEntry,
    Review,
    Status,
    cycle_for_session,
)

__all__ = [
    "AffectedGroup",
    "Assignment",
    "Body",
    "Cluster",
    "ClusterSet",
    "ImportJob",
    "Mechanism",
    "Priority",
    "Recommendation",
    "RecommendationLink",
    "Response",
    "ResponseEntry",
    "Review",
    "SdgGoal",
    "SdgIndicator",
    "SdgTarget",
    "State",
    "Status",
    "Theme",
    "cycle_for_session",
]
