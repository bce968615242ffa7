"""The public portal, mounted at the site's root. Internal screens live under /workspace/."""

from django.urls import path

from recommendations.portal import contributions, opendata, participation
from recommendations.portal import views as portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("recommendations/", portal_views.search, name="search"),
    path("recommendations/download.<str:fmt>", opendata.download, name="download"),
    path("recommendations/<int:pk>/", portal_views.recommendation_detail, name="recommendation"),
    path("indicators/download.<str:fmt>", opendata.indicators_download, name="indicators_download"),
    path("recommendations/<int:pk>/comment/", participation.comment_add, name="comment"),
    path("recommendations/<int:pk>/assess/", participation.assessment_add, name="assess"),
    path("institutions/<int:pk>/", portal_views.institution_detail, name="institution"),
    path("sdg/<int:number>/", portal_views.sdg_goal_detail, name="sdg_goal"),
    path("themes/<str:code>/", portal_views.theme_detail, name="theme"),
    path("clusters/<int:pk>/", portal_views.cluster_detail, name="cluster"),
    path("evidence/<int:pk>/", portal_views.evidence_download, name="evidence"),
    path("plans/", portal_views.plan_list, name="plans"),
    path("plans/<int:pk>/", portal_views.plan_detail, name="plan"),
    path("data/", portal_views.data_dictionary, name="data_dictionary"),
    path("my-contributions/", contributions.my_contributions, name="my_contributions"),
]
