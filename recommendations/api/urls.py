"""The registry's endpoints, included under /api/v1/ by nrtd.api."""

from rest_framework.routers import SimpleRouter

from recommendations.api import views

router = SimpleRouter()
router.register("recommendations", views.RecommendationViewSet, basename="recommendations")
router.register("bodies", views.BodyViewSet, basename="bodies")
router.register("states", views.StateViewSet, basename="states")
router.register("themes", views.ThemeViewSet, basename="themes")
router.register("groups", views.GroupViewSet, basename="groups")
router.register("sdg-goals", views.SdgGoalViewSet, basename="sdg-goals")
router.register("sdg-targets", views.SdgTargetViewSet, basename="sdg-targets")
router.register("cluster-sets", views.ClusterSetViewSet, basename="cluster-sets")
router.register("clusters", views.ClusterViewSet, basename="clusters")
router.register("reviews", views.ReviewViewSet, basename="reviews")
router.register("activities", views.ActivityViewSet, basename="activities")
router.register("indicators", views.IndicatorViewSet, basename="indicators")
router.register("assessments", views.AssessmentViewSet, basename="assessments")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress-updates")
router.register("rounds", views.UpdateRoundViewSet, basename="rounds")
router.register("imports", views.ImportJobViewSet, basename="imports")
router.register("suggestions", views.SuggestionViewSet, basename="suggestions")

urlpatterns = router.urls
