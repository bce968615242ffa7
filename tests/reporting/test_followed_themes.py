"""Organisations follow UHRI themes; a consultation can go to every CSO following a theme,
its invitations e-mailed by a Celery job."""

import datetime

import pytest
from django.utils import timezone

from mechanisms.models import Stakeholder
from recommendations.models import Theme
from reporting.models import Consultation, FollowedTheme, ReportDraft
from tests.factories import GOVERNMENT, ROLES, SECRETARIAT, make_user
from tests.reporting.conftest import stakeholder_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(db):
    group = Theme.objects.create(code="D", name="Rights related to women")
    return {
        "women": Theme.objects.create(
            code="F12", name="Discrimination against women", parent=group
        ),
        "torture": Theme.objects.create(code="D25", name="Prohibition of torture", parent=group),
    }


def test_secretariat_sets_an_organisations_themes_and_lists_by_theme(client, people, themes):
    cso = stakeholder_of(people["cso"])
    client.force_login(people["secretariat_staff"])
    path = f"/workspace/reports/organisations/{cso.pk}/themes/"
    assert client.post(path, {"themes": [themes["women"].pk]}).status_code == 302
    assert list(cso.followed_themes.values_list("theme__code", flat=True)) == ["F12"]
    listing = client.get("/workspace/reports/organisations/?theme=F12").content.decode()
    assert cso.name in listing
    assert stakeholder_of(people["nhri"]).name not in listing
    assert (
        cso.name not in client.get("/workspace/reports/organisations/?theme=D25").content.decode()
    )


def test_a_member_sets_their_own_organisations_themes_only(client, people, themes):
    cso = stakeholder_of(people["cso"])
    nhri = stakeholder_of(people["nhri"])
    client.force_login(people["cso"])
    assert client.get("/workspace/reports/organisations/mine/themes/")["Location"] == (
        f"/workspace/reports/organisations/{cso.pk}/themes/"
    )
    own = f"/workspace/reports/organisations/{cso.pk}/themes/"
    assert client.post(own, {"themes": [themes["torture"].pk]}).status_code == 302
    assert cso.followed_themes.get().theme == themes["torture"]
    other = f"/workspace/reports/organisations/{nhri.pk}/themes/"
    assert client.post(other, {"themes": [themes["torture"].pk]}).status_code == 404
    assert not nhri.followed_themes.exists()


@pytest.mark.parametrize("role", ROLES)
def test_theme_pages_per_role(client, people, themes, role):
    cso = stakeholder_of(people["cso"])
    client.force_login(people[role])
    listing = client.get("/workspace/reports/organisations/")
    path = f"/workspace/reports/organisations/{cso.pk}/themes/"
    edit = client.get(path)
    post = client.post(path, {"themes": [themes["women"].pk]})
    if role in SECRETARIAT:
        assert (listing.status_code, edit.status_code, post.status_code) == (200, 200, 302)
    elif role in GOVERNMENT:  # read the list, change nothing
        assert (listing.status_code, edit.status_code, post.status_code) == (200, 403, 403)
    elif role == "cso":  # its own organisation
        assert (listing.status_code, edit.status_code, post.status_code) == (403, 200, 302)
    else:  # the NHRI: another organisation
        assert (listing.status_code, edit.status_code, post.status_code) == (403, 404, 404)
    followed = cso.followed_themes.exists()
    assert followed == (role in [*SECRETARIAT, "cso"])


def test_theme_pages_anonymous_and_wrong_method(client, people, themes):
    cso = stakeholder_of(people["cso"])
    for path in [
        "/workspace/reports/organisations/",
        f"/workspace/reports/organisations/{cso.pk}/themes/",
        "/workspace/reports/organisations/mine/themes/",
    ]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    client.force_login(people["secretariat_admin"])
    assert client.post("/workspace/reports/organisations/").status_code == 405
    assert client.put(f"/workspace/reports/organisations/{cso.pk}/themes/").status_code == 405
    assert client.get("/workspace/reports/organisations/mine/themes/").status_code == 404


def test_a_consultation_reaches_every_verified_cso_following_a_theme(
    client, people, themes, mailoutbox, django_capture_on_commit_callbacks
):
    following = stakeholder_of(people["cso"])
    FollowedTheme.objects.create(stakeholder=following, theme=themes["women"])
    second = make_user("cso", username="cso-two")
    second_org = stakeholder_of(second)
    FollowedTheme.objects.create(stakeholder=second_org, theme=themes["women"])
    unverified = Stakeholder.objects.create(name="Not yet verified", kind="cso")
    FollowedTheme.objects.create(stakeholder=unverified, theme=themes["women"])
    other_theme = make_user("cso", username="cso-three")
    FollowedTheme.objects.create(stakeholder=stakeholder_of(other_theme), theme=themes["torture"])
    draft = ReportDraft.objects.create(title="Report on women's rights")
    client.force_login(people["secretariat_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/workspace/reports/drafts/{draft.pk}/consultations/new/",
            {
                "title": "Women's rights chapter",
                "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
                "themes": [themes["women"].pk],
                "message": "Your comments by the deadline, please.",
            },
        )
    assert response.status_code == 302
    consultation = Consultation.objects.get(title="Women's rights chapter")
    assert set(consultation.stakeholders.all()) == {following, second_org}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people["cso"].email, second.email])
    assert all("Women's rights chapter" in m.subject for m in mailoutbox)


def test_a_theme_nobody_follows_is_refused_and_the_form_kept(client, people, themes):
    draft = ReportDraft.objects.create(title="Report")
    client.force_login(people["secretariat_admin"])
    response = client.post(
        f"/workspace/reports/drafts/{draft.pk}/consultations/new/",
        {
            "title": "Nobody to ask",
            "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "themes": [themes["torture"].pk],
        },
    )
    assert response.status_code == 400
    assert "No registered civil society organisation follows these themes." in (
        response.content.decode()
    )
    assert 'value="Nobody to ask"' in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_request_only_queues_the_invitations(
    client, people, themes, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    """The e-mails go out in the Celery job, not in the request that opens the consultation."""
    from reporting import tasks

    queued = []
    monkeypatch.setattr(
        tasks.send_consultation_invitations, "delay", lambda *args: queued.append(args)
    )
    FollowedTheme.objects.create(stakeholder=stakeholder_of(people["cso"]), theme=themes["women"])
    draft = ReportDraft.objects.create(title="Report")
    client.force_login(people["secretariat_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/workspace/reports/drafts/{draft.pk}/consultations/new/",
            {
                "title": "Queued",
                "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
                "themes": [themes["women"].pk],
            },
        )
    consultation = Consultation.objects.get(title="Queued")
    assert queued == [(consultation.pk, "http://testserver/workspace/reports/consultations/")]
    assert mailoutbox == []
