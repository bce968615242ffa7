from django.urls import path

from mechanisms import views

app_name = "mechanisms"

urlpatterns = [
    path("institutions/", views.InstitutionListView.as_view(), name="institution_list"),
    path("institutions/new/", views.InstitutionCreateView.as_view(), name="institution_create"),
    path(
        "institutions/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution_detail"
    ),
    path(
        "institutions/<int:pk>/edit/",
        views.InstitutionUpdateView.as_view(),
        name="institution_update",
    ),
    path(
        "institutions/<int:pk>/deactivate/",
        views.InstitutionDeactivateView.as_view(),
        name="institution_deactivate",
    ),
    path(
        "institutions/<int:pk>/history/",
        views.HistoryView.as_view(kind="institution"),
        name="institution_history",
    ),
    path("seats/", views.SeatListView.as_view(), name="seat_list"),
    path("seats/new/", views.SeatCreateView.as_view(), name="seat_create"),
    path("seats/<int:pk>/", views.SeatDetailView.as_view(), name="seat_detail"),
    path("seats/<int:pk>/transfer/", views.SeatTransferView.as_view(), name="seat_transfer"),
    path("seats/<int:pk>/history/", views.HistoryView.as_view(kind="seat"), name="seat_history"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/invite/", views.UserInviteView.as_view(), name="user_invite"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/deactivate/", views.UserDeactivateView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/history/", views.HistoryView.as_view(kind="user"), name="user_history"),
    path(
        "invitation/<str:uidb64>/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("stakeholders/", views.StakeholderListView.as_view(), name="stakeholder_list"),
    path("stakeholders/new/", views.StakeholderCreateView.as_view(), name="stakeholder_create"),
    path(
        "stakeholders/<int:pk>/", views.StakeholderDetailView.as_view(), name="stakeholder_detail"
    ),
    path(
        "stakeholders/<int:pk>/edit/",
        views.StakeholderUpdateView.as_view(),
        name="stakeholder_update",
    ),
    path(
        "stakeholders/<int:pk>/history/",
        views.HistoryView.as_view(kind="stakeholder"),
        name="stakeholder_history",
    ),
    path(
        "stakeholders/members/<int:pk>/verify/",
        views.StakeholderMemberVerifyView.as_view(),
        name="stakeholder_member_verify",
    ),
    path("mechanism/", views.MechanismDetailView.as_view(), name="mechanism"),
    path("mechanism/edit/", views.MechanismUpdateView.as_view(), name="mechanism_update"),
    path(
        "mechanism/history/",
        views.HistoryView.as_view(kind="mechanism"),
        name="mechanism_history",
    ),
    path(
        "mechanism/members/add/",
        views.MechanismMemberAddView.as_view(),
        name="mechanism_member_add",
    ),
    path("mechanism/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("mechanism/meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "mechanism/meetings/<int:pk>/edit/",
        views.MeetingUpdateView.as_view(),
        name="meeting_update",
    ),
    path(
        "mechanism/meetings/<int:pk>/history/",
        views.HistoryView.as_view(kind="meeting"),
        name="meeting_history",
    ),
    path("account/two-factor/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path(
        "account/two-factor/verify/",
        views.TwoFactorVerifyView.as_view(),
        name="two_factor_verify",
    ),
]
