from django.urls import path

from mechanisms.views import (
    history,
    institutions,
    mechanism,
    seats,
    stakeholders,
    two_factor,
    users,
)

app_name = "mechanisms"


def _record_urls(prefix: str, kind: str, **views) -> list:
    """The routes of one kind of record, those it has of: its list, ``new/``, detail and
    ``edit/`` (``kind``_list, _create, _detail, _update), and always its history."""
    routes = {
        "list": ("", "list"),
        "create": ("new/", "create"),
        "detail": ("<int:pk>/", "detail"),
        "update": ("<int:pk>/edit/", "update"),
    }
    patterns = [
        path(f"{prefix}{route}", views[key].as_view(), name=f"{kind}_{suffix}")
        for key, (route, suffix) in routes.items()
        if key in views
    ]
    history_route = f"{prefix}<int:pk>/history/"
    patterns.append(
        path(history_route, history.HistoryView.as_view(kind=kind), name=f"{kind}_history")
    )
    return patterns


urlpatterns = [
    *_record_urls(
        "institutions/",
        "institution",
        list=institutions.InstitutionListView,
        create=institutions.InstitutionCreateView,
        detail=institutions.InstitutionDetailView,
        update=institutions.InstitutionUpdateView,
    ),
    path(
        "institutions/<int:pk>/deactivate/",
        institutions.InstitutionDeactivateView.as_view(),
        name="institution_deactivate",
    ),
    *_record_urls(
        "seats/",
        "seat",
        list=seats.SeatListView,
        create=seats.SeatCreateView,
        detail=seats.SeatDetailView,
    ),
    path("seats/<int:pk>/transfer/", seats.SeatTransferView.as_view(), name="seat_transfer"),
    *_record_urls("users/", "user", list=users.UserListView, detail=users.UserDetailView),
    path("users/invite/", users.UserInviteView.as_view(), name="user_invite"),
    path("users/<int:pk>/deactivate/", users.UserDeactivateView.as_view(), name="user_deactivate"),
    path(
        "invitation/<str:uidb64>/<str:token>/",
        users.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    *_record_urls(
        "stakeholders/",
        "stakeholder",
        list=stakeholders.StakeholderListView,
        create=stakeholders.StakeholderCreateView,
        detail=stakeholders.StakeholderDetailView,
        update=stakeholders.StakeholderUpdateView,
    ),
    path(
        "stakeholders/members/<int:pk>/verify/",
        stakeholders.StakeholderMemberVerifyView.as_view(),
        name="stakeholder_member_verify",
    ),
    path("mechanism/", mechanism.MechanismDetailView.as_view(), name="mechanism"),
    path("mechanism/edit/", mechanism.MechanismUpdateView.as_view(), name="mechanism_update"),
    path(
        "mechanism/history/",
        history.HistoryView.as_view(kind="mechanism"),
        name="mechanism_history",
    ),
    path(
        "mechanism/members/add/",
        mechanism.MechanismMemberAddView.as_view(),
        name="mechanism_member_add",
    ),
    *_record_urls(
        "mechanism/meetings/",
        "meeting",
        create=mechanism.MeetingCreateView,
        detail=mechanism.MeetingDetailView,
        update=mechanism.MeetingUpdateView,
    ),
    path("account/two-factor/", two_factor.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path(
        "account/two-factor/verify/",
        two_factor.TwoFactorVerifyView.as_view(),
        name="two_factor_verify",
    ),
]
