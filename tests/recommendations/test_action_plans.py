"""National action plan items: the services (validation, versioned edits, history, who may
set a status) and the plan progress view's figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from nrtd.concurrency import RecordChanged
from recommendations.followup import plans
from recommendations.followup import services as followup
from recommendations.models import ActionPlanItem, IndicatorValue

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
Item = ActionPlanItem.ItemStatus


@pytest.fixture
def plan(admin):
    return plans.action_plan_create(actor=admin, title="National human rights action plan")


@pytest.fixture
def item(admin, plan, own_institution, recs):
    return plans.action_plan_item_add(
        actor=admin,
        plan=plan,
        code="2.1",
        title="Free birth registration",
        responsible_institution=own_institution,
        start_date=TODAY - datetime.timedelta(days=400),
        end_date=TODAY - datetime.timedelta(days=1),
        budget=Decimal("125000"),
        currency="usd",
        recommendations=recs[:2],
    )


def test_item_carries_institution_dates_budget_and_links(item, own_institution, recs):
    item.refresh_from_db()
    assert item.responsible_institution == own_institution
    assert item.currency == "USD"
    assert item.status == Item.NOT_STARTED
    assert set(item.recommendations.all()) == set(recs[:2])
    assert set(recs[0].plan_items.all()) == {item}


def test_item_overdue_until_completed(admin, item):
    assert item.is_overdue
    item = plans.action_plan_item_set_status(
        actor=admin, item=item, expected_version=item.version, status=Item.COMPLETED
    )
    assert not item.is_overdue


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"start_date": TODAY, "end_date": TODAY - datetime.timedelta(days=1)}, "end_date"),
        ({"budget": Decimal("10")}, "currency"),
        ({"status": "finished"}, "status"),
    ],
)
def test_bad_item_is_refused_and_nothing_written(admin, plan, fields, error_field):
    with pytest.raises(ValidationError) as exc:
        plans.action_plan_item_add(actor=admin, plan=plan, title="Bad", **fields)
    assert error_field in exc.value.message_dict
    assert not plan.items.exists()


def test_only_the_secretariat_manages_items(people, plan):
    for role in ("focal_own", "viewer", "nhri", "cso"):
        with pytest.raises(PermissionDenied):
            plans.action_plan_item_add(actor=people[role], plan=plan, title="Item")


def test_responsible_focal_point_sets_status_others_cannot(people, item):
    updated = plans.action_plan_item_set_status(
        actor=people["focal_own"], item=item, expected_version=item.version, status=Item.ONGOING
    )
    assert updated.status == Item.ONGOING
    assert updated.history.first().history_user == people["focal_own"]
    # Only the status is written, with the next version and the time of the change.
    stored = ActionPlanItem.objects.get(pk=item.pk)
    assert (stored.status, stored.version) == (Item.ONGOING, item.version + 1)
    assert stored.modified > item.modified
    for role in ("focal_other", "viewer", "cso"):
        with pytest.raises(PermissionDenied):
            plans.action_plan_item_set_status(
                actor=people[role], item=item, expected_version=updated.version, status="delayed"
            )
    with pytest.raises(PermissionDenied):
        plans.action_plan_item_update(
            actor=people["focal_own"], item=item, expected_version=updated.version, title="x"
        )


def test_stale_edit_raises_record_changed_and_writes_nothing(admin, people, item):
    opened = item.version
    plans.action_plan_item_set_status(
        actor=people["focal_own"], item=item, expected_version=opened, status=Item.DELAYED
    )
    with pytest.raises(RecordChanged) as exc:
        plans.action_plan_item_update(
            actor=admin, item=item, expected_version=opened, status=Item.COMPLETED, title="New"
        )
    assert exc.value.changed_fields == ["status"]
    item.refresh_from_db()
    assert (item.status, item.title) == (Item.DELAYED, "Free birth registration")


def test_update_changes_links_and_keeps_history(admin, item, recs):
    indicator = followup.indicator_create(actor=admin, name="Births registered")
    before = item.history.count()
    updated = plans.action_plan_item_update(
        actor=admin,
        item=item,
        expected_version=item.version,
        title="Free and universal birth registration",
        recommendations=[recs[2]],
        indicators=[indicator],
    )
    assert updated.version == item.version + 1
    assert list(updated.recommendations.all()) == [recs[2]]
    assert list(updated.indicators.all()) == [indicator]
    # simple-history writes a record for the save and for each many-to-many change.
    assert updated.history.count() > before
    latest = updated.history.first()
    assert (latest.version, latest.history_user) == (updated.version, admin)
    assert [r.recommendation_id for r in latest.recommendations.all()] == [recs[2].pk]


def test_activity_links_to_item_through_its_service(people, own_institution, item, recs):
    activity = followup.activity_create(
        actor=people["focal_own"],
        title="Mobile registration units",
        description="Units in rural districts",
        lead_institution=own_institution,
        start_date=TODAY,
        recommendations=[recs[0]],
        plan_items=[item],
    )
    assert list(item.activities.all()) == [activity]


def test_progress_counts_statuses_overdue_budget_and_latest_values(admin, plan, item, recs):
    indicator = followup.indicator_create(actor=admin, name="Births registered", unit="%")
    IndicatorValue.objects.create(indicator=indicator, date=TODAY.replace(day=1), value=61)
    IndicatorValue.objects.create(indicator=indicator, date=TODAY, value=72)
    IndicatorValue.objects.create(
        indicator=indicator, date=TODAY, value=99, disaggregation={"sex": "female"}
    )
    plans.action_plan_item_update(
        actor=admin, item=item, expected_version=item.version, indicators=[indicator]
    )
    plans.action_plan_item_add(
        actor=admin,
        plan=plan,
        title="Training of registrars",
        status=Item.COMPLETED,
        budget=Decimal("5000"),
        currency="USD",
        end_date=TODAY - datetime.timedelta(days=3),
    )
    recs[0].status = "in_progress"
    recs[0].save()
    progress = plans.plan_progress(plan)
    totals = {value: count for value, _label, count in progress.totals}
    assert totals[Item.NOT_STARTED] == 1
    assert totals[Item.COMPLETED] == 1
    assert progress.overdue == 1  # the completed one is past its end date but not overdue
    assert progress.budgets == [("USD", Decimal("130000"))]
    row = next(r for r in progress.rows if r.item.pk == item.pk)
    assert row.indicators[0][1].value == 72  # the latest total, not the female category
    assert sum(n for _label, n in row.recommendation_statuses) == 2


def test_public_progress_leaves_out_unpublished(admin, plan, item):
    plans.action_plan_item_add(actor=admin, plan=plan, title="Shown", is_published=True)
    # Nothing of a plan that is not published itself (publishing/selectors.public_plan_items).
    assert plans.plan_progress(plan, public=True).rows == []
    plans.action_plan_publish(actor=admin, plan=plan, published=True)
    progress = plans.plan_progress(plan, public=True)
    assert [row.item.title for row in progress.rows] == ["Shown"]


def test_progress_page_marks_overdue_items(client, admin, plan, item):
    client.force_login(admin)
    response = client.get(reverse("followup:plan_progress", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="table-danger"' in html
    assert "125,000.00" in html


def test_status_form_shown_only_to_who_may_set_it(client, people, plan, item):
    url = reverse("followup:plan", args=[plan.pk])
    status_url = reverse("followup:plan_item_status", args=[item.pk])
    for role, shown in (("focal_own", True), ("focal_other", False), ("viewer", False)):
        client.force_login(people[role])
        assert (status_url in client.get(url).content.decode()) is shown


def test_item_edit_conflict_keeps_input(client, admin, people, item):
    opened = item.version
    plans.action_plan_item_set_status(
        actor=people["focal_own"], item=item, expected_version=opened, status=Item.DELAYED
    )
    client.force_login(admin)
    response = client.post(
        reverse("followup:plan_item_edit", args=[item.pk]),
        {"version": opened, "title": "My new title", "status": "completed"},
    )
    assert response.status_code == 409
    assert "My new title" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Free birth registration"


def test_item_add_bad_input_keeps_what_was_typed(client, admin, plan):
    client.force_login(admin)
    response = client.post(
        reverse("followup:plan_item_add", args=[plan.pk]),
        {"title": "Shelters for victims", "budget": "900"},
    )
    assert response.status_code == 400
    assert "Shelters for victims" in response.content.decode()
    assert not plan.items.exists()


def test_stale_status_post_saves_nothing(client, people, admin, item):
    opened = item.version
    plans.action_plan_item_set_status(
        actor=admin, item=item, expected_version=opened, status=Item.CANCELLED
    )
    client.force_login(people["focal_own"])
    response = client.post(
        reverse("followup:plan_item_status", args=[item.pk]),
        {"version": opened, "status": "ongoing"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Item.CANCELLED


def test_recommendation_follow_up_page_lists_its_plan_items(client, people, item, recs):
    client.force_login(people["focal_own"])
    page = client.get(reverse("followup:followup", args=[recs[0].pk])).content.decode()
    assert "Free birth registration" in page
    assert reverse("followup:plan", args=[item.plan_id]) in page
