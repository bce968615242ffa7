"""Models of the recommendations app, split by concept."""

from recommendations.models.disaggregation import (
    DisaggregationCategory,
    DisaggregationDimension,
)
from recommendations.models.followup import (
    ActionPlan,
    ActionPlanItem,
    Activity,
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    ReminderLog,
    RoundTask,
    SheetUpload,
    UpdateRound,
)
from recommendations.models.participation import Assessment, Comment, Reply
from recommendations.models.reference import (
    AffectedGroup,
    Body,
    Mechanism,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    State,
    StateAlias,
    Theme,
)
from recommendations.models.registry import (
    ActionCategory,
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
from recommendations.models.special import Communication, Visit

__all__ = [
    "ActionPlan",
    "ActionPlanItem",
    "Activity",
    "Assessment",
    "Comment",
    "DisaggregationCategory",
    "DisaggregationDimension",
    "Evidence",
    "Indicator",
    "IndicatorValue",
    "ProgressUpdate",
    "ReminderLog",
    "Reply",
    "RoundTask",
    "SheetUpload",
    "UpdateRound",
    "AffectedGroup",
    "Assignment",
    "Body",
    "Cluster",
    "ClusterSet",
    "ImportJob",
    "Mechanism",
    "ActionCategory",
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
    "StateAlias",
    "Status",
    "Theme",
    "cycle_for_session",
    "Communication",
    "Visit",
]
from recommendations.models.assistant import ClassifierModel, LabelKind, SuggestionFeedback  # noqa: E402

__all__ += ["ClassifierModel", "LabelKind", "SuggestionFeedback"]
