"""Every workspace view, for every role: who may see it, who may change (403), who may not
see (404), anonymous (login), and the wrong HTTP method (405)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.followup import rounds
from recommendations.followup import services as followup
from recommendations.followup.evidence import evidence_add
from recommendations.models import (
    ActionPlan,
    Activity,
    Comment,
    ProgressUpdate,
    UpdateRound,
)

pytestmark = pytest.mark.django_db

ROLES = ["secretariat_admin", "focal_own", "focal_other", "viewer", "nhri", "cso"]
GOV = {"secretariat_admin", "focal_own", "focal_other", "viewer"}
SEC = {"secretariat_admin"}
OWN = {"secretariat_admin", "focal_own"}
WRITERS = {"secretariat_admin", "focal_own", "focal_other"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date.today()


@pytest.fixture
def objects(people, recs, own_institution):
    secretariat, focal = people["secretariat_admin"], people["focal_own"]
    first, second, _third = recs
    update_round = rounds.round_open(
        actor=secretariat, name="Mid-term", deadline=TODAY + datetime.timedelta(days=10)
    )
    submitted = followup.progress_update_create(
        actor=focal, recommendation=first, status="in_progress", narrative="Clinics opened"
    )
    draft = followup.progress_update_create(
        actor=focal, recommendation=second, status="not_started", narrative="Plan", submit=False
    )
    activity = followup.activity_create(
        actor=focal,
        title="Train nurses",
        description="Training",
        lead_institution=own_institution,
        start_date=TODAY,
        recommendations=[first],
    )
    indicator = followup.indicator_create(
        actor=focal, name="Clinics per district", recommendations=[first]
    )
    evidence = evidence_add(
        actor=focal, upload=SimpleUploadedFile("report.pdf", PDF), progress_update=submitted
    )
    plan = followup.action_plan_create(actor=secretariat, title="National plan 2025-2029")
    item = followup.action_plan_item_add(
        actor=secretariat,
        plan=plan,
        code="1.1",
        title="Birth registration",
        responsible_institution=own_institution,
        recommendations=[first],
        indicators=[indicator],
    )
    return {
        "item": item,
        "round": update_round,
        "rec": second,
        "submitted": submitted,
        "draft": draft,
        "activity": activity,
        "indicator": indicator,
        "evidence": evidence,
        "plan": plan,
        "institution": own_institution,
    }


def _pk(key):
    return lambda o: [o[key].pk]


def _none(o):
    return []


# name, url args, roles who may read (others: 403 or 404 as given)
PAGES = [
    ("my_work", _none, GOV, 403),
    ("followup", _pk("rec"), GOV, 404),
    ("activity", _pk("activity"), GOV, 404),
    ("indicator", _pk("indicator"), GOV, 404),
    ("evidence", _pk("evidence"), GOV, 404),
    ("rounds", _none, GOV, 403),
    ("round", _pk("round"), GOV, 404),
    ("plans", _none, GOV, 403),
    ("plan", _pk("plan"), GOV, 404),
    ("activity_new", _none, WRITERS, 403),
    ("indicator_new", _none, WRITERS, 403),
    ("activity_edit", _pk("activity"), OWN, None),
    ("indicator_edit", _pk("indicator"), OWN, None),
    ("progress_edit", _pk("draft"), OWN, None),
    ("round_new", _none, SEC, 403),
    ("plan_new", _none, SEC, 403),
    ("plan_item_edit", _pk("item"), SEC, None),
    ("plan_progress", _pk("plan"), SEC, None),
]


def _post_data(name, o):
    rec = o["rec"]
    return {
        "progress_add": {"status": "in_progress", "narrative": "Done", "date": TODAY},
        "comment_add": {"kind": "handover", "body": "Call the statistics office"},
        "activity_link": {"activity": o["activity"].pk},
        "indicator_link": {"indicator": o["indicator"].pk},
        "progress_review": {"action": "accept"},
        "progress_evidence": {"evidence": SimpleUploadedFile("e.pdf", PDF)},
        "activity_evidence": {"evidence": SimpleUploadedFile("e.pdf", PDF)},
        "activity_new": {
            "title": "Campaign",
            "description": "Radio spots",
            "lead_institution": o["institution"].pk,
            "start_date": TODAY,
            "status": "planned",
            "recommendations": [rec.pk],
        },
        "activity_edit": {
            "version": o["activity"].version,
            "title": "Train more nurses",
            "description": "Training",
            "lead_institution": o["institution"].pk,
            "start_date": TODAY,
            "status": "ongoing",
            "recommendations": [r.pk for r in o["activity"].recommendations.all()],
        },
        "indicator_new": {"name": "Beds", "recommendations": [rec.pk]},
        "indicator_edit": {"version": o["indicator"].version, "name": "Clinics per region"},
        "indicator_value_add": {"date": TODAY, "value": "4"},
        "progress_edit": {
            "version": o["draft"].version,
            "status": "in_progress",
            "narrative": "Started",
            "date": TODAY,
        },
        "round_new": {"name": "Annual", "deadline": TODAY + datetime.timedelta(days=30)},
        "round_remind": {"institution": o["institution"].pk},
        "round_close": {},
        "plan_new": {"title": "Plan on children"},
        "plan_item_add": {"code": "1.2", "title": "Late registration", "status": "ongoing"},
        "plan_item_edit": {
            "version": o["item"].version,
            "code": "1.1",
            "title": "Free birth registration",
            "status": "ongoing",
            "responsible_institution": o["institution"].pk,
        },
        "plan_item_status": {"version": o["item"].version, "status": "ongoing"},
        "plan_publish": {"published": "on"},
    }[name]


# name, url args, roles who may change, status for other readers, for non-readers
ACTIONS = [
    ("progress_add", _pk("rec"), OWN, 403, 404),
    ("comment_add", _pk("rec"), OWN, 403, 404),
    ("activity_link", _pk("rec"), OWN, 403, 404),
    ("indicator_link", _pk("rec"), OWN, 403, 404),
    ("progress_review", _pk("submitted"), SEC, 403, 404),
    ("progress_evidence", _pk("submitted"), OWN, 403, 404),
    ("activity_evidence", _pk("activity"), OWN, 403, 404),
    ("activity_new", _none, OWN, 403, 403),
    ("activity_edit", _pk("activity"), OWN, 403, 404),
    ("indicator_new", _none, OWN, 403, 403),
    ("indicator_edit", _pk("indicator"), OWN, 403, 404),
    ("indicator_value_add", _pk("indicator"), OWN, 403, 404),
    ("progress_edit", _pk("draft"), OWN, 403, 404),
    ("round_new", _none, SEC, 403, 403),
    ("round_remind", _pk("round"), SEC, 403, 404),
    ("round_close", _pk("round"), SEC, 403, 404),
    ("plan_new", _none, SEC, 403, 403),
    ("plan_item_add", _pk("plan"), SEC, 403, 404),
    ("plan_item_edit", _pk("item"), SEC, 403, 404),
    ("plan_item_status", _pk("item"), OWN, 403, 404),
    ("plan_publish", _pk("plan"), SEC, 403, 404),
]
GET_ONLY = [name for name, *_ in PAGES if name not in {a for a, *_ in ACTIONS}]
POST_ONLY = [name for name, *_ in ACTIONS if name not in {p for p, *_ in PAGES}]


@pytest.mark.parametrize(("name", "args", "readers", "denied"), PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_page_access_by_role(client, people, objects, role, name, args, readers, denied):
    client.force_login(people[role])
    response = client.get(reverse(f"followup:{name}", args=args(objects)))
    if role in readers:
        assert response.status_code == 200
    else:
        expected = denied or (403 if role in GOV else 404)
        assert response.status_code == expected


@pytest.mark.parametrize(("name", "args", "writers", "reader_status", "other_status"), ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_action_by_role(
    client, people, objects, role, name, args, writers, reader_status, other_status
):
    client.force_login(people[role])
    url = reverse(f"followup:{name}", args=args(objects))
    response = client.post(url, _post_data(name, objects))
    if role in writers:
        assert response.status_code == 302, response.content.decode()[:3000]
    elif role in GOV:
        assert response.status_code == reader_status
    else:
        assert response.status_code == other_status


@pytest.mark.parametrize(("name", "args"), [(n, a) for n, a, *_ in PAGES + ACTIONS])
def test_anonymous_is_sent_to_login(client, objects, name, args):
    url = reverse(f"followup:{name}", args=args(objects))
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args"), [(n, a) for n, a, *_ in PAGES if n in GET_ONLY])
def test_read_only_pages_refuse_post(client, people, objects, name, args):
    client.force_login(people["secretariat_admin"])
    assert client.post(reverse(f"followup:{name}", args=args(objects))).status_code == 405


@pytest.mark.parametrize(("name", "args"), [(n, a) for n, a, *_ in ACTIONS if n in POST_ONLY])
def test_actions_refuse_get(client, people, objects, name, args):
    client.force_login(people["secretariat_admin"])
    assert client.get(reverse(f"followup:{name}", args=args(objects))).status_code == 405


@pytest.mark.parametrize(("name", "args"), [(n, a) for n, a, *_ in PAGES])
def test_pages_refuse_put_and_delete(client, people, objects, name, args):
    client.force_login(people["secretariat_admin"])
    url = reverse(f"followup:{name}", args=args(objects))
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_focal_point_of_other_institution_cannot_update_progress(client, people, objects):
    client.force_login(people["focal_other"])
    url = reverse("followup:progress_add", args=[objects["rec"].pk])
    response = client.post(url, _post_data("progress_add", objects))
    assert response.status_code == 403
    assert not ProgressUpdate.objects.filter(narrative="Done").exists()


def test_viewer_reads_follow_up_but_sees_no_forms(client, people, objects):
    client.force_login(people["viewer"])
    response = client.get(reverse("followup:followup", args=[objects["rec"].pk]))
    assert response.status_code == 200
    assert b"New progress update" not in response.content


def test_evidence_is_served_as_an_attachment_with_sniffed_type(client, people, objects):
    client.force_login(people["viewer"])
    response = client.get(reverse("followup:evidence", args=[objects["evidence"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_evidence_file_has_no_public_url_path(objects):
    name = objects["evidence"].file.name
    assert "report" not in name
    assert name.endswith(".pdf")


def test_secretariat_accepts_from_tracker_and_status_follows(client, people, objects):
    client.force_login(people["secretariat_admin"])
    update = objects["submitted"]
    tracker = client.get(reverse("followup:round", args=[objects["round"].pk]))
    assert b"Clinics opened" in tracker.content
    client.post(reverse("followup:progress_review", args=[update.pk]), {"action": "accept"})
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.ACCEPTED
    update.recommendation.refresh_from_db()
    assert update.recommendation.status == "in_progress"


def test_send_back_needs_a_comment(client, people, objects):
    client.force_login(people["secretariat_admin"])
    update = objects["submitted"]
    client.post(reverse("followup:progress_review", args=[update.pk]), {"action": "send_back"})
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.SUBMITTED
    client.post(
        reverse("followup:progress_review", args=[update.pk]),
        {"action": "send_back", "comment": "Add the number of clinics"},
    )
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.RETURNED


def test_htmx_status_change_returns_only_the_progress_panel(client, people, objects):
    client.force_login(people["focal_own"])
    url = reverse("followup:progress_add", args=[objects["rec"].pk])
    response = client.post(url, _post_data("progress_add", objects), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="progress"')
    assert "<html" not in body
    assert "Done" in body


def test_htmx_add_activity_returns_the_activity_panel(client, people, objects):
    client.force_login(people["focal_own"])
    data = {**_post_data("activity_new", objects), "from_recommendation": objects["rec"].pk}
    response = client.post(reverse("followup:activity_new"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="activities"')
    assert Activity.objects.filter(title="Campaign").exists()


def test_activity_form_without_javascript_shows_clear_messages(client, people, objects):
    client.force_login(people["focal_own"])
    response = client.post(reverse("followup:activity_new"), {"title": ""})
    assert response.status_code == 400
    body = response.content.decode()
    for message in (
        "Give the activity a title.",
        "Describe the activity",
        "Give the date the activity starts.",
        "Link the activity to at least one recommendation.",
    ):
        assert message in body


def test_activity_with_budget_needs_a_currency(client, people, objects):
    client.force_login(people["focal_own"])
    data = {**_post_data("activity_new", objects), "budget": "1000"}
    response = client.post(reverse("followup:activity_new"), data)
    assert response.status_code == 400
    assert "Give the currency of the budget." in response.content.decode()


def test_invalid_progress_form_keeps_what_was_typed(client, people, objects):
    client.force_login(people["focal_own"])
    url = reverse("followup:progress_add", args=[objects["rec"].pk])
    response = client.post(url, {"status": "in_progress", "narrative": "Typed text", "date": ""})
    assert response.status_code == 400
    assert "Typed text" in response.content.decode()


def test_round_reminder_from_tracker_emails_the_institution(client, people, objects, mailoutbox):
    client.force_login(people["secretariat_admin"])
    with_commit = reverse("followup:round_remind", args=[objects["round"].pk])
    response = client.post(with_commit, {"institution": objects["institution"].pk})
    assert response.status_code == 302


def test_comment_and_handover_note_are_listed(client, people, objects):
    client.force_login(people["focal_own"])
    client.post(
        reverse("followup:comment_add", args=[objects["rec"].pk]),
        {"kind": "handover", "body": "Call the statistics office"},
    )
    assert Comment.objects.filter(kind="handover").count() == 1
    page = client.get(reverse("followup:followup", args=[objects["rec"].pk]))
    assert "Call the statistics office" in page.content.decode()


def test_round_opened_from_the_form_creates_tasks(client, people, objects):
    client.force_login(people["secretariat_admin"])
    client.post(reverse("followup:round_new"), _post_data("round_new", objects))
    assert UpdateRound.objects.get(name="Annual").tasks.count() == 4


def test_plan_and_items(client, people, objects):
    client.force_login(people["secretariat_admin"])
    client.post(reverse("followup:plan_new"), {"title": "Plan on children"})
    plan = ActionPlan.objects.get(title="Plan on children")
    client.post(reverse("followup:plan_item_add", args=[plan.pk]), {"title": "Registration"})
    assert plan.items.count() == 1


def test_focal_point_cannot_link_another_institutions_indicator(
    client, people, recs, own_institution
):
    """The attack on issue 19: Justice's focal point posts Health's indicator on a
    recommendation Justice leads. The choice is not offered, and the service refuses it."""
    health_indicator = followup.indicator_create(
        actor=people["focal_own"], name="Beds", institution=own_institution
    )
    client.force_login(people["focal_other"])
    response = client.post(
        reverse("followup:indicator_link", args=[recs[2].pk]),
        {"indicator": health_indicator.pk},
    )
    assert response.status_code == 302
    assert not health_indicator.recommendations.filter(pk=recs[2].pk).exists()
    assert health_indicator.history.filter(history_user=people["focal_other"]).count() == 0
    with pytest.raises(PermissionDenied):
        followup.indicator_link(
            actor=people["focal_other"], indicator=health_indicator, recommendation=recs[2]
        )
    assert not health_indicator.recommendations.filter(pk=recs[2].pk).exists()


def test_focal_point_links_its_own_institutions_indicator(client, people, recs, own_institution):
    indicator = followup.indicator_create(
        actor=people["focal_own"], name="Beds", institution=own_institution
    )
    client.force_login(people["focal_own"])
    client.post(reverse("followup:indicator_link", args=[recs[1].pk]), {"indicator": indicator.pk})
    assert indicator.recommendations.filter(pk=recs[1].pk).exists()


def test_round_banner_wording_follows_the_task_state(client, people, objects):
    import re

    # 115.1: the own institution submitted its update in the round, the other still owes one.
    client.force_login(people["focal_own"])
    rec = objects["submitted"].recommendation
    body = client.get(reverse("followup:followup", args=[rec.pk])).content.decode()
    banners = [
        " ".join(b.split())
        for b in re.findall(r'<div class="alert[^"]*" role="status">(.*?)</div>', body, re.S)
    ]
    own = next(b for b in banners if "Ministry of Health" in b)
    other = next(b for b in banners if "Ministry of Justice" in b)
    assert "Submitted" in own
    assert "owes" not in own
    assert "awaits the secretariat" in own
    assert "To do" in other
    assert "owes an update by" in other


def test_follow_up_page_has_no_duplicate_ids(client, people, objects):
    import re
    from collections import Counter

    for role in ("focal_own", "secretariat_admin"):
        client.force_login(people[role])
        for rec in (objects["rec"], objects["submitted"].recommendation):
            body = client.get(reverse("followup:followup", args=[rec.pk])).content.decode()
            ids = Counter(re.findall(r'\sid="([^"]+)"', body))
            assert ids["id_status"] == 1
            assert [name for name, n in ids.items() if n > 1] == []


def test_follow_up_page_shows_the_latest_indicator_value(client, people, objects):
    followup.indicator_value_add(
        actor=people["focal_own"], indicator=objects["indicator"], date=TODAY, value="7"
    )
    client.force_login(people["focal_own"])
    rec = objects["submitted"].recommendation
    response = client.get(reverse("followup:followup", args=[rec.pk]))
    assert response.status_code == 200
    assert "Latest 7" in response.content.decode()
