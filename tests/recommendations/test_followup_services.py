"""Follow-up services: status rules, optimistic concurrency, evidence checks, rounds and
reminders."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mechanisms.models import Profile
from nrtd.concurrency import RecordChanged
from recommendations.followup import reminders, rounds
from recommendations.followup import services as followup
from recommendations.followup.evidence import evidence_add
from recommendations.models import (
    Assignment,
    ProgressUpdate,
    ReminderLog,
    RoundTask,
    UpdateRound,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def _open_round(people, days=10, **scope):
    return rounds.round_open(
        actor=people["secretariat_admin"],
        name="Round",
        deadline=TODAY + datetime.timedelta(days=days),
        **scope,
    )


# --- status ------------------------------------------------------------------------------


def test_secretariat_update_is_accepted_at_once(people, recs):
    update = followup.progress_update_create(
        actor=people["secretariat_admin"],
        recommendation=recs[0],
        status="in_progress",
        narrative="x",
    )
    assert update.state == ProgressUpdate.State.ACCEPTED
    recs[0].refresh_from_db()
    assert recs[0].status == "in_progress"


def test_focal_point_update_in_round_waits_for_acceptance(people, recs):
    update_round = _open_round(people)
    update = followup.progress_update_create(
        actor=people["focal_own"], recommendation=recs[0], status="fully_implemented", narrative="x"
    )
    assert update.state == ProgressUpdate.State.SUBMITTED
    assert update.update_round == update_round
    recs[0].refresh_from_db()
    assert recs[0].status == ""
    task = RoundTask.objects.get(update=update)
    assert task.state == RoundTask.TaskState.SUBMITTED
    rounds.progress_update_accept(actor=people["secretariat_admin"], update=update)
    recs[0].refresh_from_db()
    assert recs[0].status == "fully_implemented"
    task.refresh_from_db()
    assert task.state == RoundTask.TaskState.ACCEPTED


def test_focal_point_update_outside_a_round_is_accepted(people, recs):
    update = followup.progress_update_create(
        actor=people["focal_own"], recommendation=recs[1], status="in_progress", narrative="x"
    )
    assert update.state == ProgressUpdate.State.ACCEPTED
    assert update.institution.name == "Ministry of Health"


def test_status_follows_latest_accepted_update_by_date(people, recs):
    sec = people["secretariat_admin"]
    followup.progress_update_create(
        actor=sec, recommendation=recs[0], status="in_progress", narrative="a", date=TODAY
    )
    followup.progress_update_create(
        actor=sec,
        recommendation=recs[0],
        status="not_started",
        narrative="old news",
        date=TODAY - datetime.timedelta(days=30),
    )
    recs[0].refresh_from_db()
    assert recs[0].status == "in_progress"
    assert recs[0].progress_updates.count() == 2


def test_sending_back_an_accepted_update_restores_previous_status(people, recs):
    sec = people["secretariat_admin"]
    followup.progress_update_create(
        actor=sec,
        recommendation=recs[1],
        status="in_progress",
        narrative="a",
        date=TODAY - datetime.timedelta(days=1),
    )
    later = followup.progress_update_create(
        actor=people["focal_own"],
        recommendation=recs[1],
        status="fully_implemented",
        narrative="b",
    )
    rounds.progress_update_send_back(actor=sec, update=later, comment="No evidence")
    recs[1].refresh_from_db()
    assert recs[1].status == "in_progress"


def test_focal_point_cannot_update_other_institutions_recommendation(people, recs):
    with pytest.raises(PermissionDenied):
        followup.progress_update_create(
            actor=people["focal_own"], recommendation=recs[2], status="in_progress", narrative="x"
        )


def test_viewer_cannot_write(people, recs):
    with pytest.raises(PermissionDenied):
        followup.progress_update_create(
            actor=people["viewer"], recommendation=recs[0], status="in_progress", narrative="x"
        )


def test_every_update_keeps_author_and_history(people, recs):
    update = followup.progress_update_create(
        actor=people["focal_own"],
        recommendation=recs[1],
        status="in_progress",
        narrative="x",
        submit=False,
    )
    followup.progress_update_edit(
        actor=people["focal_own"],
        update=update,
        expected_version=1,
        status="in_progress",
        narrative="y",
        date=TODAY,
        submit=True,
    )
    update.refresh_from_db()
    assert update.author == people["focal_own"]
    assert update.history.count() == 2


# --- optimistic concurrency ------------------------------------------------------------


@pytest.fixture
def draft_changed_by_secretariat(people, recs):
    """A focal point's draft update (version 1) that the secretariat has since edited."""
    draft = followup.progress_update_create(
        actor=people["focal_own"],
        recommendation=recs[1],
        status="not_started",
        narrative="first words",
        submit=False,
    )
    followup.progress_update_edit(
        actor=people["secretariat_admin"],
        update=draft,
        expected_version=1,
        status="in_progress",
        narrative="the secretariat words",
        date=TODAY,
    )
    return draft


@pytest.fixture
def activity_changed_by_secretariat(people, recs, own_institution):
    """A focal point's activity "Train" (version 1) that the secretariat has since renamed
    "Train nurses"."""
    activity = followup.activity_create(
        actor=people["focal_own"],
        title="Train",
        description="d",
        lead_institution=own_institution,
        start_date=TODAY,
        recommendations=[recs[0]],
    )
    followup.activity_update(
        actor=people["secretariat_admin"],
        activity=activity,
        expected_version=1,
        title="Train nurses",
    )
    return activity


def test_second_save_of_a_draft_is_refused_with_what_changed(people, draft_changed_by_secretariat):
    draft = draft_changed_by_secretariat
    with pytest.raises(RecordChanged) as exc:
        followup.progress_update_edit(
            actor=people["focal_own"],
            update=draft,
            expected_version=1,
            status="not_started",
            narrative="my words",
            date=TODAY,
        )
    labels = {c.label for c in exc.value.changes}
    assert "status" in labels
    draft.refresh_from_db()
    assert draft.narrative == "the secretariat words"


def test_second_save_of_an_activity_is_refused(people, activity_changed_by_secretariat):
    activity = activity_changed_by_secretariat
    with pytest.raises(RecordChanged) as exc:
        followup.activity_update(
            actor=people["focal_own"], activity=activity, expected_version=1, title="Train staff"
        )
    change = next(c for c in exc.value.changes if c.label == "title")
    assert (change.yours, change.now) == ("Train", "Train nurses")
    assert exc.value.changed_by == people["secretariat_admin"]


def test_second_save_of_an_indicator_is_refused(people, recs):
    indicator = followup.indicator_create(actor=people["focal_own"], name="Beds")
    followup.indicator_update(
        actor=people["focal_own"], indicator=indicator, expected_version=1, unit="per 1,000"
    )
    with pytest.raises(RecordChanged):
        followup.indicator_update(
            actor=people["focal_own"], indicator=indicator, expected_version=1, unit="%"
        )


def test_conflict_page_shows_changes_and_keeps_input(
    client, people, recs, own_institution, activity_changed_by_secretariat
):
    activity = activity_changed_by_secretariat
    client.force_login(people["focal_own"])
    data = {
        "version": 1,
        "title": "My own title",
        "description": "my long description",
        "lead_institution": own_institution.pk,
        "start_date": TODAY,
        "status": "ongoing",
        "recommendations": [recs[0].pk],
    }
    url = reverse("followup:activity_edit", args=[activity.pk])
    response = client.post(url, data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Train nurses" in body
    assert "My own title" in body
    assert "my long description" in body
    assert 'name="version" value="2"' in body
    # Saving again on purpose applies the user's version.
    assert client.post(url, {**data, "version": 2}).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "My own title"


def test_conflict_on_progress_draft_page(client, people, draft_changed_by_secretariat):
    draft = draft_changed_by_secretariat
    client.force_login(people["focal_own"])
    response = client.post(
        reverse("followup:progress_edit", args=[draft.pk]),
        {"version": 1, "status": "not_started", "narrative": "mine", "date": TODAY},
    )
    assert response.status_code == 409
    assert "the secretariat words" in response.content.decode()
    assert "mine" in response.content.decode()


def _own_draft(people, recs):
    return followup.progress_update_create(
        actor=people["focal_own"],
        recommendation=recs[1],
        status="not_started",
        narrative="first words",
        submit=False,
    )


def _edit_with_a_file(client, people, draft, file):
    """The focal point's edit of their draft, with a new narrative and ``file`` attached."""
    client.force_login(people["focal_own"])
    data = {"version": 1, "status": "in_progress", "narrative": "second words", "date": TODAY}
    return client.post(
        reverse("followup:progress_edit", args=[draft.pk]),
        {**data, "action": "draft", "evidence": file},
    )


def test_a_file_attached_on_the_edit_page_is_kept_with_the_update(client, people, recs):
    draft = _own_draft(people, recs)
    response = _edit_with_a_file(client, people, draft, SimpleUploadedFile("minutes.pdf", PDF))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.narrative == "second words"
    assert [e.original_name for e in draft.evidence.all()] == ["minutes.pdf"]


def test_a_refused_file_on_the_edit_page_saves_nothing_and_keeps_what_was_typed(
    client, people, recs
):
    draft = _own_draft(people, recs)
    refused = SimpleUploadedFile("evil.pdf", b"#!/bin/sh\n")
    response = _edit_with_a_file(client, people, draft, refused)
    assert response.status_code == 400
    assert "second words" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.narrative, draft.version, draft.evidence.count()) == ("first words", 1, 0)


# --- activities and indicators ---------------------------------------------------------


def test_activity_serves_several_recommendations_and_can_be_linked(people, recs, own_institution):
    activity = followup.activity_create(
        actor=people["focal_own"],
        title="Law",
        description="d",
        lead_institution=own_institution,
        start_date=TODAY,
        recommendations=[recs[0]],
    )
    followup.activity_link(actor=people["focal_own"], activity=activity, recommendation=recs[1])
    assert set(activity.recommendations.all()) == {recs[0], recs[1]}


def test_activity_required_fields_have_clear_messages(people, recs):
    with pytest.raises(ValidationError) as exc:
        followup.activity_create(
            actor=people["secretariat_admin"],
            title="",
            description="",
            lead_institution=None,
            start_date=None,
            recommendations=[],
        )
    assert {"title", "description", "lead_institution", "start_date", "recommendations"} <= set(
        exc.value.message_dict
    )


def test_activity_end_before_start_is_refused(people, recs, own_institution):
    with pytest.raises(ValidationError):
        followup.activity_create(
            actor=people["focal_own"],
            title="t",
            description="d",
            lead_institution=own_institution,
            start_date=TODAY,
            end_date=TODAY - datetime.timedelta(days=1),
            recommendations=[recs[0]],
        )


def test_focal_point_cannot_record_other_institutions_activity(people, recs, other_institution):
    with pytest.raises(ValidationError):
        followup.activity_create(
            actor=people["focal_own"],
            title="t",
            description="d",
            lead_institution=other_institution,
            start_date=TODAY,
            recommendations=[recs[0]],
        )


def test_indicator_shared_by_recommendations_with_values(people, recs):
    indicator = followup.indicator_create(
        actor=people["focal_own"],
        name="Maternal deaths",
        baseline=120,
        target=60,
        unit="per 100,000",
        data_source="Statistics office",
        recommendations=[recs[0]],
    )
    followup.indicator_link(actor=people["focal_own"], indicator=indicator, recommendation=recs[1])
    followup.indicator_value_add(
        actor=people["focal_own"], indicator=indicator, date=TODAY, value=100
    )
    assert indicator.recommendations.count() == 2
    assert indicator.values.get().value == 100
    assert indicator.institution.name == "Ministry of Health"


def test_indicator_picks_an_sdg_indicator(people, recs, reference_data):
    from recommendations.models import SdgIndicator

    sdg = SdgIndicator.objects.get(code="3.1.1")
    indicator = followup.indicator_create(
        actor=people["secretariat_admin"], name="MMR", sdg_indicator=sdg, recommendations=[recs[0]]
    )
    assert indicator.sdg_indicator.code == "3.1.1"


def test_other_focal_point_cannot_add_values(people, recs):
    indicator = followup.indicator_create(actor=people["focal_own"], name="Beds")
    with pytest.raises(PermissionDenied):
        followup.indicator_value_add(
            actor=people["focal_other"], indicator=indicator, date=TODAY, value=1
        )


def test_action_plan_is_secretariat_only(people):
    plan = followup.action_plan_create(actor=people["secretariat_admin"], title="NAP")
    followup.action_plan_item_add(actor=people["secretariat_admin"], plan=plan, title="Item")
    with pytest.raises(PermissionDenied):
        followup.action_plan_create(actor=people["focal_own"], title="Mine")


# --- evidence --------------------------------------------------------------------------


@pytest.fixture
def update(people, recs):
    return followup.progress_update_create(
        actor=people["focal_own"], recommendation=recs[0], status="in_progress", narrative="x"
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("renamed.bin", PDF, "application/pdf"),
        (
            "report.docx",
            _ooxml("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "sheet.xlsx",
            _ooxml("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_evidence_type_comes_from_content(people, update, name, content, content_type):
    evidence = evidence_add(
        actor=people["focal_own"], upload=SimpleUploadedFile(name, content), progress_update=update
    )
    assert evidence.content_type == content_type
    assert evidence.original_name == name
    assert evidence.size == len(content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("page.docx", b"<html><script>alert(1)</script></html>"),
        ("archive.docx", _ooxml("other/file.xml")),
        ("fake.xlsx", b"PK\x03\x04not really a zip"),
    ],
)
def test_evidence_with_wrong_content_is_refused(people, update, name, content):
    with pytest.raises(ValidationError):
        evidence_add(
            actor=people["focal_own"],
            upload=SimpleUploadedFile(name, content),
            progress_update=update,
        )


def test_evidence_over_the_size_limit_is_refused(people, update, settings):
    settings.NRTD_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        evidence_add(
            actor=people["focal_own"],
            upload=SimpleUploadedFile("a.pdf", PDF),
            progress_update=update,
        )


def test_other_focal_point_cannot_attach_evidence(people, update):
    with pytest.raises(PermissionDenied):
        evidence_add(
            actor=people["focal_other"],
            upload=SimpleUploadedFile("a.pdf", PDF),
            progress_update=update,
        )


def test_comment_needs_a_body(people, recs):
    with pytest.raises(ValidationError):
        followup.comment_add(actor=people["focal_own"], recommendation=recs[0], body="  ")


# --- rounds ----------------------------------------------------------------------------


def test_round_creates_a_task_per_assigned_institution(people, recs):
    update_round = _open_round(people)
    assert update_round.tasks.count() == 4  # 115.1 × 2 institutions, 115.2, 115.3


def test_round_scope_by_cluster_and_institution(people, recs, own_institution):
    cluster = recs[0].clusters.get()
    update_round = _open_round(people, clusters=[cluster], institutions=[own_institution])
    assert list(
        update_round.tasks.values_list("recommendation__paragraph", "institution__name")
    ) == [("115.1", "Ministry of Health")]


def test_round_deadline_in_the_past_is_refused(people, recs):
    with pytest.raises(ValidationError):
        _open_round(people, days=-1)


def test_tracker_counts_per_institution(people, recs):
    update_round = _open_round(people)
    update = followup.progress_update_create(
        actor=people["focal_own"], recommendation=recs[0], status="in_progress", narrative="x"
    )
    followup.progress_update_create(
        actor=people["focal_own"], recommendation=recs[1], status="in_progress", narrative="x"
    )
    rounds.progress_update_accept(actor=people["secretariat_admin"], update=update)
    rows = {r["institution__name"]: r for r in rounds.round_tracker(update_round)}
    health = rows["Ministry of Health"]
    assert (health["total"], health["submitted"], health["accepted"], health["pending"]) == (
        2,
        1,
        1,
        0,
    )
    assert rows["Ministry of Justice"]["pending"] == 2


def test_only_secretariat_reviews(people, recs):
    _open_round(people)
    update = followup.progress_update_create(
        actor=people["focal_own"], recommendation=recs[0], status="in_progress", narrative="x"
    )
    with pytest.raises(PermissionDenied):
        rounds.progress_update_accept(actor=people["focal_own"], update=update)


# --- reminders -------------------------------------------------------------------------


def test_daily_digest_once_per_day_in_users_language(people, recs, mailoutbox):
    Profile.objects.filter(user=people["focal_own"]).update(language="fr")
    _open_round(people, days=3)
    overdue = UpdateRound.objects.create(
        name="Old round", deadline=TODAY - datetime.timedelta(days=2)
    )
    RoundTask.objects.create(
        update_round=overdue,
        recommendation=recs[1],
        institution=recs[1].assignments.get().institution,
    )
    assert reminders.send_daily_digests() == 2  # focal_own and focal_other
    assert reminders.send_daily_digests() == 0
    assert len(mailoutbox) == 2
    french = next(m for m in mailoutbox if m.to == [people["focal_own"].email])
    assert "Bonjour" in french.body
    assert "115.1" in french.body
    assert "115.2" in french.body
    assert ReminderLog.objects.filter(kind="daily_digest").count() == 2


def _assigned_long_ago():
    Assignment.history.update(history_date=timezone.now() - datetime.timedelta(days=30))


def test_digest_skips_far_deadlines_and_done_items(people, recs, mailoutbox):
    _assigned_long_ago()
    _open_round(people, days=30)
    assert reminders.send_daily_digests() == 0
    assert mailoutbox == []


def test_digest_tells_focal_points_what_was_newly_assigned_once(
    people, recs, own_institution, other_institution, mailoutbox
):
    from recommendations.registry.assignment import recommendation_assign

    _assigned_long_ago()
    recommendation_assign(
        actor=people["secretariat_staff"],
        recommendation=recs[2],
        institution=own_institution,
        role=Assignment.Role.SUPPORTING,
        note="Send the health data",
    )
    assert reminders.send_daily_digests() == 1
    (mail,) = mailoutbox
    assert mail.to == [people["focal_own"].email]
    assert "1 recommendation newly assigned" in mail.subject
    assert "Newly assigned to your institution:" in mail.body
    assert recs[2].paragraph in mail.body
    assert "Send the health data" in mail.body
    # The next day: nothing new since the last digest, so nothing is sent.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert reminders.send_daily_digests(today=tomorrow) == 0


def test_digest_task_runs_through_celery(people, recs, mailoutbox):
    from recommendations.followup.tasks import send_daily_reminders

    _open_round(people, days=1)
    assert send_daily_reminders.delay().get() == 2


def test_institution_reminder_once_a_day(people, recs, own_institution, mailoutbox):
    update_round = _open_round(people)
    kwargs = {
        "actor": people["secretariat_admin"],
        "update_round": update_round,
        "institution": own_institution,
    }
    assert reminders.institution_remind(**kwargs) == 1
    assert reminders.institution_remind(**kwargs) == 0
    assert len(mailoutbox) == 1
    assert "Ministry of Health" in mailoutbox[0].body
    with pytest.raises(PermissionDenied):
        reminders.institution_remind(**{**kwargs, "actor": people["focal_own"]})


def test_one_update_answers_every_open_round_that_asks_for_it(people, recs):
    first = _open_round(people, days=10)
    second = _open_round(people, days=20)
    update = followup.progress_update_create(
        actor=people["focal_own"], recommendation=recs[1], status="in_progress", narrative="x"
    )
    assert update.update_round == first  # the earliest deadline
    tasks = RoundTask.objects.filter(recommendation=recs[1])
    assert {(t.update_round_id, t.state, t.update_id) for t in tasks} == {
        (first.pk, "submitted", update.pk),
        (second.pk, "submitted", update.pk),
    }
    rounds.progress_update_accept(actor=people["secretariat_admin"], update=update)
    assert set(tasks.values_list("state", flat=True)) == {"accepted"}
