"""The registry's endpoints, included under /api/v1/ by nrtd.api."""

from rest_framework.routers import SimpleRouter

from recommendations.api.views import (
    assistant,
    followup,
    imports,
    participation,
    plans,
    reference,
    registry,
    sheet,
    special,
)

router = SimpleRouter()
router.register("recommendations", registry.RecommendationViewSet, basename="recommendations")
router.register("bodies", reference.BodyViewSet, basename="bodies")
router.register("states", reference.StateViewSet, basename="states")
router.register("themes", reference.ThemeViewSet, basename="themes")
router.register("groups", reference.GroupViewSet, basename="groups")
router.register("sdg-goals", reference.SdgGoalViewSet, basename="sdg-goals")
router.register("sdg-targets", reference.SdgTargetViewSet, basename="sdg-targets")
router.register("cluster-sets", reference.ClusterSetViewSet, basename="cluster-sets")
router.register("clusters", reference.ClusterViewSet, basename="clusters")
router.register("reviews", reference.ReviewViewSet, basename="reviews")
router.register("activities", followup.ActivityViewSet, basename="activities")
router.register("indicators", followup.IndicatorViewSet, basename="indicators")
router.register("assessments", participation.AssessmentViewSet, basename="assessments")
router.register("replies", participation.ReplyViewSet, basename="replies")
router.register("progress-updates", followup.ProgressUpdateViewSet, basename="progress-updates")
router.register("action-plans", plans.ActionPlanViewSet, basename="action-plans")
router.register("plan-items", plans.ActionPlanItemViewSet, basename="plan-items")
router.register("rounds", followup.UpdateRoundViewSet, basename="rounds")
router.register("imports", imports.ImportJobViewSet, basename="imports")
router.register("sheet-uploads", sheet.SheetUploadViewSet, basename="sheet-uploads")
router.register("assignment-uploads", sheet.AssignmentUploadViewSet, basename="assignment-uploads")
router.register("visits", special.VisitViewSet, basename="visits")
router.register("communications", special.CommunicationViewSet, basename="communications")
router.register("suggestions", assistant.SuggestionViewSet, basename="suggestions")

urlpatterns = router.urls
