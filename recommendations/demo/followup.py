"""Demo follow-up data: an open update round, progress updates, activities, an indicator
with values and a national action plan, on whatever recommendations the demo assigned to the
Ministry of Health and the Ministry of Justice.

Idempotent: each record is looked up by a natural key first, so a second run adds nothing.
Called from recommendations.demo.registry after the demo recommendations are loaded and assigned.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from mechanisms.demo import HEALTH, JUSTICE
from mechanisms.models import Institution
from recommendations.followup import plans, rounds
from recommendations.followup import services as followup
from recommendations.models import (
    ActionPlan,
    Activity,
    Assignment,
    Indicator,
    ProgressUpdate,
    Recommendation,
    SdgIndicator,
    UpdateRound,
)

ROUND_NAME = "Mid-term report: updates from ministries"
PLAN_TITLE = "National Human Rights Action Plan 2024-2028"
PLAN_ITEMS = [
    ("1.1", "Universal access to primary health care"),
    ("2.1", "Access to justice and legal aid"),
]


def _assigned(institution: Institution, limit: int = 3) -> list[Recommendation]:
    ids = (
        Assignment.objects.filter(institution=institution)
        .order_by("role", "recommendation__paragraph", "recommendation_id")
        .values_list("recommendation_id", flat=True)[:limit]
    )
    by_id = Recommendation.objects.in_bulk(list(ids))
    return [by_id[pk] for pk in ids]


@dataclass
class _Cast:
    secretariat: object
    focal_health: object
    focal_justice: object
    health: Institution
    justice: Institution
    health_recs: list
    justice_recs: list
    today: datetime.date


def _plan(c: _Cast, created: list[str]):
    secretariat = c.secretariat
    plan = ActionPlan.objects.filter(title=PLAN_TITLE).first()
    if plan is None:
        plan = followup.action_plan_create(
            actor=secretariat,
            title=PLAN_TITLE,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2028, 12, 31),
        )
        for index, (code, title) in enumerate(PLAN_ITEMS):
            followup.action_plan_item_add(
                actor=secretariat,
                plan=plan,
                code=code,
                title=title,
                # The first item is the health ministry's, on its recommendations.
                responsible_institution=c.health if index == 0 else c.justice,
                start_date=datetime.date(2024, 1, 1),
                end_date=datetime.date(2025 + index, 12, 31),
                recommendations=c.health_recs[:2] if index == 0 else c.justice_recs[:1],
                is_published=True,
            )
        plans.action_plan_publish(actor=secretariat, plan=plan, published=True)
        created.append("action plan")
    return plan.items.order_by("code").first()


def _updates(c: _Cast, created: list[str]) -> None:
    secretariat, focal_health, health = c.secretariat, c.focal_health, c.health
    health_recs, today = c.health_recs, c.today
    # Updates made before the round: accepted, so the status over time has a past.
    if not ProgressUpdate.objects.filter(recommendation=health_recs[0]).exists():
        followup.progress_update_create(
            actor=secretariat,
            recommendation=health_recs[0],
            institution=health,
            status="not_started",
            narrative="Baseline recorded at the adoption of the recommendations.",
            date=today - datetime.timedelta(days=400),
        )
        followup.progress_update_create(
            actor=focal_health,
            recommendation=health_recs[0],
            status="in_progress",
            narrative=(
                "What was done: 40 district clinics opened. What is planned: 25 more in 2026. "
                "Obstacles: recruitment of nurses in rural areas."
            ),
            date=today - datetime.timedelta(days=120),
        )
        created.append("progress updates")


def _round(c: _Cast, created: list[str]) -> None:
    secretariat, focal_justice, today = c.secretariat, c.focal_justice, c.today
    health, justice, justice_recs = c.health, c.justice, c.justice_recs
    if not UpdateRound.objects.filter(name=ROUND_NAME).exists():
        rounds.round_open(
            actor=secretariat,
            name=ROUND_NAME,
            deadline=today + datetime.timedelta(days=5),
            institutions=[health, justice],
        )
        followup.progress_update_create(
            actor=focal_justice,
            recommendation=justice_recs[0],
            status="partially_implemented",
            narrative=(
                "The legal aid act was adopted; the legal aid fund starts next year. "
                "Obstacle: too few lawyers outside the capital."
            ),
        )
        created.append("update round")


def _activity(c: _Cast, created: list[str], health_item) -> None:
    focal_health, health, health_recs, today = c.focal_health, c.health, c.health_recs, c.today
    title = "Training of health workers on patients' rights"
    if not Activity.objects.filter(title=title).exists():
        activity = followup.activity_create(
            actor=focal_health,
            title=title,
            description="Two-day training for 600 nurses and doctors in 12 regions.",
            lead_institution=health,
            start_date=today - datetime.timedelta(days=200),
            end_date=today + datetime.timedelta(days=160),
            status=Activity.ActivityStatus.ONGOING,
            budget=Decimal("120000"),
            currency="USD",
            recommendations=health_recs[:2],
            plan_items=[health_item] if health_item else [],
        )
        created.append(f"activity {activity.pk}")


def _indicator(c: _Cast, created: list[str]) -> None:
    focal_health, health_recs = c.focal_health, c.health_recs
    name = "Maternal mortality ratio"
    if not Indicator.objects.filter(name=name).exists():
        indicator = followup.indicator_create(
            actor=focal_health,
            name=name,
            unit="per 100,000 live births",
            baseline=Decimal("120"),
            baseline_date=datetime.date(2020, 12, 31),
            target=Decimal("70"),
            target_date=datetime.date(2030, 12, 31),
            data_source="National statistics office",
            sdg_indicator=SdgIndicator.objects.filter(code="3.1.1").first(),
            recommendations=health_recs[:2],
        )
        for year, value in [(2021, "118"), (2022, "104"), (2023, "96")]:
            followup.indicator_value_add(
                actor=focal_health,
                indicator=indicator,
                date=datetime.date(year, 12, 31),
                value=Decimal(value),
            )
        created.append("indicator")


def seed(*, stdout) -> None:
    users = get_user_model().objects
    secretariat = users.filter(username="secretariat").first()
    focal_health = users.filter(username="focal.health").first()
    focal_justice = users.filter(username="focal.justice").first()
    health = Institution.objects.filter(name=HEALTH).first()
    justice = Institution.objects.filter(name=JUSTICE).first()
    if not all([secretariat, focal_health, focal_justice, health, justice]):
        stdout.write("follow-up demo skipped: demo accounts or institutions missing")
        return
    health_recs, justice_recs = _assigned(health), _assigned(justice)
    if len(health_recs) < 2 or not justice_recs:
        stdout.write("follow-up demo skipped: assign recommendations to Health and Justice first")
        return
    cast = _Cast(
        secretariat,
        focal_health,
        focal_justice,
        health,
        justice,
        health_recs,
        justice_recs,
        timezone.localdate(),
    )
    created: list[str] = []
    health_item = _plan(cast, created)
    _updates(cast, created)
    _round(cast, created)
    _activity(cast, created, health_item)
    _indicator(cast, created)
    stdout.write(f"follow-up demo: {', '.join(created) or 'already there'}")
