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

urlpatterns = [
    path("institutions/", institutions.InstitutionListView.as_view(), name="institution_list"),
    path(
        "institutions/new/", institutions.InstitutionCreateView.as_view(), name="institution_create"
    ),
    path(
        "institutions/<int:pk>/",
        institutions.InstitutionDetailView.as_view(),
        name="institution_detail",
    ),
    path(
        "institutions/<int:pk>/edit/",
        institutions.InstitutionUpdateView.as_view(),
        name="institution_update",
    ),
    path(
        "institutions/<int:pk>/deactivate/",
        institutions.InstitutionDeactivateView.as_view(),
        name="institution_deactivate",
    ),
    path(
        "institutions/<int:pk>/history/",
        history.HistoryView.as_view(kind="institution"),
        name="institution_history",
    ),
    path("seats/", seats.SeatListView.as_view(), name="seat_list"),
    path("seats/new/", seats.SeatCreateView.as_view(), name="seat_create"),
    path("seats/<int:pk>/", seats.SeatDetailView.as_view(), name="seat_detail"),
    path("seats/<int:pk>/transfer/", seats.SeatTransferView.as_view(), name="seat_transfer"),
    path("seats/<int:pk>/history/", history.HistoryView.as_view(kind="seat"), name="seat_history"),
    path("users/", users.UserListView.as_view(), name="user_list"),
    path("users/invite/", users.UserInviteView.as_view(), name="user_invite"),
    path("users/<int:pk>/", users.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/deactivate/", users.UserDeactivateView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/history/", history.HistoryView.as_view(kind="user"), name="user_history"),
    path(
        "invitation/<str:uidb64>/<str:token>/",
        users.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("stakeholders/", stakeholders.StakeholderListView.as_view(), name="stakeholder_list"),
    path(
        "stakeholders/new/", stakeholders.StakeholderCreateView.as_view(), name="stakeholder_create"
    ),
    path(
        "stakeholders/<int:pk>/",
        stakeholders.StakeholderDetailView.as_view(),
        name="stakeholder_detail",
    ),
    path(
        "stakeholders/<int:pk>/edit/",
        stakeholders.StakeholderUpdateView.as_view(),
        name="stakeholder_update",
    ),
    path(
        "stakeholders/<int:pk>/history/",
        history.HistoryView.as_view(kind="stakeholder"),
        name="stakeholder_history",
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
    path("mechanism/meetings/new/", mechanism.MeetingCreateView.as_view(), name="meeting_create"),
    path(
        "mechanism/meetings/<int:pk>/", mechanism.MeetingDetailView.as_view(), name="meeting_detail"
    ),
    path(
        "mechanism/meetings/<int:pk>/edit/",
        mechanism.MeetingUpdateView.as_view(),
        name="meeting_update",
    ),
    path(
        "mechanism/meetings/<int:pk>/history/",
        history.HistoryView.as_view(kind="meeting"),
        name="meeting_history",
    ),
    path("account/two-factor/", two_factor.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path(
        "account/two-factor/verify/",
        two_factor.TwoFactorVerifyView.as_view(),
        name="two_factor_verify",
    ),
]
