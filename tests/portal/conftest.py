"""Demo-like portal data: published recommendations with public follow-up, and beside them
every kind of internal record, each carrying a unique marker string that must never appear
on a public page or in a download."""

import datetime
from types import SimpleNamespace

import pytest

from mechanisms.models import Profile, Stakeholder, StakeholderMember
from recommendations.models import (
    ActionPlan,
    ActionPlanItem,
    Activity,
    AffectedGroup,
    Assessment,
    Assignment,
    Body,
    Comment,
    Indicator,
    IndicatorValue,
    Mechanism,
    ProgressUpdate,
    RecommendationLink,
    Reply,
    ResponseEntry,
    SdgGoal,
    SdgTarget,
    Theme,
)
from tests.factories import (
    ClusterFactory,
    InstitutionFactory,
    RecommendationFactory,
    ReviewFactory,
    StateFactory,
    make_user,
    pdf_evidence,
)

MARKERS = {
    "internal_comment": "MARKERinternalcomment7f3a",
    "draft_update": "MARKERdraftupdate91bc",
    "submitted_update": "MARKERsubmittedupdate4e1f",
    "accepted_unpublished_update": "MARKERacceptedunpublished3c2b",
    "review_comment": "MARKERreviewcomment8d8d",
    "unpublished_assessment": "MARKERunpublishedassessment22de",
    "rejected_assessment": "MARKERrejectedassessment6a6a",
    "pending_comment": "MARKERpendingcomment1b1b",
    "rejected_comment": "MARKERrejectedcomment2c2c",
    "internal_evidence": "MARKERinternalevidence55aa.pdf",
    "internal_update_evidence": "MARKERinternalupdateevidence44bb.pdf",
    "unpublished_update_evidence": "MARKERunpublishedupdateevidence33cc.pdf",
    "focal_email": "marker.focal@ministry-secret.example",
    "focal_name": "Zebulon",
    "focal_surname": "Markerfocal",
    "assessor_surname": "Quillonymous",
    "commenter_surname": "Pendercast",
    "unpublished_recommendation": "MARKERunpublishedrecommendation0d0d",
    "unpublished_activity": "MARKERunpublishedactivity9e9e",
    "pending_reply": "MARKERpendingreply7a7a",
    "rejected_reply": "MARKERrejectedreply8b8b",
    "unpublished_indicator": "MARKERunpublishedindicator6c6c",
    "value_note": "MARKERvaluenote5d5d",
    # Public consultations on drafts (reporting): what waits, what was refused, what is hidden.
    "pending_public_comment": "MARKERpendingpubliccomment3e3e",
    "rejected_public_comment": "MARKERrejectedpubliccomment4f4f",
    "public_commenter_email": "marker.commenter@hidden-mail.example",
    "unopened_section": "MARKERunopenedsection1a2b",
    "unpublished_public_reply": "MARKERunpublishedpublicreply5e6f",
    "private_consultation": "MARKERprivateconsultation7a8b",
    "recipient_comment": "MARKERrecipientcomment9c0d",
    "unpublished_plan": "MARKERunpublishedplan4f4f",
    "unpublished_plan_item": "MARKERunpublishedplanitem3e3e",
}


@pytest.fixture
def portal_data(db):
    slovenia = StateFactory()
    france = StateFactory(iso2="FR", iso3="FRA", name="France")
    review3 = ReviewFactory(state_under_review=slovenia, cycle=3, session=34)
    review2 = ReviewFactory(state_under_review=slovenia, cycle=2, session=20)
    upr = Body.objects.get_or_create(
        code="UPR", defaults={"name": "Universal Periodic Review", "mechanism": Mechanism.UPR}
    )[0]
    cedaw = Body.objects.create(
        code="CEDAW",
        name="Committee on the Elimination of Discrimination against Women",
        mechanism=Mechanism.TREATY_BODY,
    )
    d2 = Theme.objects.create(code="D2", name="Right to physical and moral integrity")
    d25 = Theme.objects.create(code="D25", name="Prohibition of torture", parent=d2)
    f13 = Theme.objects.create(code="F13", name="Violence against women")
    women = AffectedGroup.objects.create(code="women", name="Women")
    goal5 = SdgGoal.objects.create(
        number=5,
        titles={"en": "Achieve gender equality", "fr": "Parvenir à l'égalité des sexes"},
        short_titles={
            "en": "Gender equality",
            "fr": "Égalité entre les sexes",
            "es": "Igualdad de género",
            "ar": "المساواة بين الجنسين",
        },
    )
    goal16 = SdgGoal.objects.create(
        number=16,
        titles={"en": "Peace, justice and strong institutions"},
        short_titles={
            "en": "Peace and justice",
            "fr": "Paix et justice",
            "es": "Paz y justicia",
            "ar": "السلام والعدل",
        },
    )
    t52 = SdgTarget.objects.create(
        code="5.2", goal=goal5, sort_key="05.02", titles={"en": "Eliminate violence against women"}
    )
    t163 = SdgTarget.objects.create(
        code="16.3", goal=goal16, sort_key="16.03", titles={"en": "Rule of law"}
    )
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MOJ")
    health = InstitutionFactory(name="Ministry of Health", acronym="MOH")
    cluster = ClusterFactory(name="Justice and detention")

    secretariat = make_user(Profile.Role.SECRETARIAT_ADMIN, username="secretariat")
    focal = make_user(
        Profile.Role.FOCAL_POINT,
        institution=justice,
        username="focal.justice",
        email=MARKERS["focal_email"],
        first_name=MARKERS["focal_name"],
        last_name=MARKERS["focal_surname"],
    )
    viewer = make_user(Profile.Role.VIEWER, institution=health, username="viewer")

    torture = RecommendationFactory(
        text="Prevent torture and ill-treatment in all places of detention",
        body=upr,
        review=review3,
        response="supported",
        status="in_progress",
        date=datetime.date(2019, 5, 1),
        document_symbol="A/HRC/40/15",
    )
    torture.themes.set([d25])
    torture.sdg_targets.set([t163])
    torture.sdg_goals.set([goal16])
    torture.recommending_states.set([france])
    torture.clusters.set([cluster])
    Assignment.objects.create(recommendation=torture, institution=justice, role="lead")
    Assignment.objects.create(recommendation=torture, institution=health, role="supporting")
    ResponseEntry.objects.create(
        recommendation=torture,
        stage="review",
        value="supported",
        label="Supported",
        date=datetime.date(2019, 5, 1),
    )

    violence = RecommendationFactory(
        text="Combat violence against women and girls, including domestic violence",
        body=cedaw,
        mechanism=Mechanism.TREATY_BODY,
        response="noted",
        status="not_started",
        date=datetime.date(2015, 11, 1),
    )
    violence.themes.set([f13])
    violence.groups.set([women])
    violence.sdg_targets.set([t52])
    violence.sdg_goals.set([goal5])
    Assignment.objects.create(recommendation=violence, institution=health, role="lead")

    older = RecommendationFactory(
        text="Ratify the Optional Protocol to the Convention against Torture",
        body=upr,
        review=review2,
        response="supported",
        date=datetime.date(2014, 10, 1),
    )
    older.themes.set([d25])
    older.sdg_goals.set([goal16])
    RecommendationLink.objects.create(source=torture, target=older, kind="repeated")

    hidden = RecommendationFactory(
        text=f"Abolish something {MARKERS['unpublished_recommendation']}",
        body=upr,
        review=review3,
        is_published=False,
        date=datetime.date(2019, 5, 1),
    )
    hidden.sdg_goals.set([goal16])
    hidden.themes.set([d25])
    RecommendationLink.objects.create(source=torture, target=hidden, kind="similar")

    # Government follow-up: one public update and activity, and internal records beside them.
    public_update = ProgressUpdate.objects.create(
        recommendation=torture,
        institution=justice,
        status="in_progress",
        narrative="A new inspection unit visited every prison in 2024.",
        date=datetime.date(2024, 3, 1),
        state="accepted",
        author=focal,
        review_comment=MARKERS["review_comment"],
        is_published=True,
    )
    ProgressUpdate.objects.create(
        recommendation=torture,
        institution=justice,
        status="fully_implemented",
        narrative=MARKERS["draft_update"],
        date=datetime.date(2024, 6, 1),
        state="draft",
        author=focal,
        is_published=True,  # flagged by mistake: a draft is never public
    )
    submitted_update = ProgressUpdate.objects.create(
        recommendation=torture,
        institution=justice,
        status="in_progress",
        narrative=MARKERS["submitted_update"],
        date=datetime.date(2024, 7, 1),
        state="submitted",
        author=focal,
    )
    ProgressUpdate.objects.create(
        recommendation=violence,
        institution=health,
        status="not_started",
        narrative=MARKERS["accepted_unpublished_update"],
        date=datetime.date(2024, 7, 1),
        state="accepted",
        author=focal,
    )
    activity = Activity.objects.create(
        title="Training of prison staff",
        description="Two-day course for 300 guards.",
        lead_institution=justice,
        start_date=datetime.date(2023, 1, 1),
        status="completed",
        is_published=True,
        created_by=focal,
    )
    activity.recommendations.set([torture])
    hidden_activity = Activity.objects.create(
        title=MARKERS["unpublished_activity"],
        description="internal",
        lead_institution=justice,
        start_date=datetime.date(2023, 1, 1),
        created_by=focal,
    )
    hidden_activity.recommendations.set([torture])
    public_evidence = pdf_evidence(
        "training-report.pdf", activity=activity, is_internal=False, uploaded_by=focal
    )
    internal_evidence = pdf_evidence(
        MARKERS["internal_evidence"], activity=activity, is_internal=True, uploaded_by=focal
    )
    # Evidence of progress updates: public on the published update, internal beside it, and
    # marked public on an update still waiting for review (so not public yet).
    for name, update, internal in [
        ("inspection-report.pdf", public_update, False),
        (MARKERS["internal_update_evidence"], public_update, True),
        (MARKERS["unpublished_update_evidence"], submitted_update, False),
    ]:
        pdf_evidence(name, progress_update=update, is_internal=internal, uploaded_by=focal)
    Comment.objects.create(
        recommendation=torture, body=MARKERS["internal_comment"], author=focal, is_internal=True
    )

    # Independent voices: the NHRI and a CSO.
    nhri_user = make_user(
        Profile.Role.NHRI, username="nhri", first_name="Nadia", last_name="Ombuds"
    )
    nhri_org = nhri_user.stakeholder_memberships.get().stakeholder
    nhri_org.name = "Human Rights Ombudsman"
    nhri_org.save()
    cso_user = make_user(
        Profile.Role.CSO, username="cso", first_name="Olga", last_name=MARKERS["assessor_surname"]
    )
    cso_org = cso_user.stakeholder_memberships.get().stakeholder
    cso_org.name = "Legal Aid Network"
    cso_org.save()
    commenter = make_user(
        Profile.Role.CSO,
        username="cso2",
        first_name="Petra",
        last_name=MARKERS["commenter_surname"],
    )
    StakeholderMember.objects.filter(user=commenter).update(stakeholder=cso_org)
    Stakeholder.objects.filter(name__startswith="Civil society organisation of cso2").delete()

    Assessment.objects.create(
        recommendation=torture,
        stakeholder=nhri_org,
        author=nhri_user,
        status="in_progress",
        narrative="The Ombudsman found overcrowding in two prisons.",
        date=datetime.date(2024, 4, 1),
        organisation_only=False,
        moderation="published",
    )
    Assessment.objects.create(
        recommendation=torture,
        stakeholder=cso_org,
        author=cso_user,
        status="not_started",
        narrative="Lawyers still lack access to detainees.",
        date=datetime.date(2024, 5, 1),
        organisation_only=True,
        moderation="published",
    )
    Assessment.objects.create(
        recommendation=torture,
        stakeholder=cso_org,
        author=cso_user,
        status="not_started",
        narrative=MARKERS["unpublished_assessment"],
        date=datetime.date(2024, 5, 2),
        moderation="pending",
    )
    Assessment.objects.create(
        recommendation=violence,
        stakeholder=cso_org,
        author=cso_user,
        status="not_started",
        narrative=MARKERS["rejected_assessment"],
        date=datetime.date(2024, 5, 2),
        moderation="rejected",
    )
    shelters = Comment.objects.create(
        recommendation=torture,
        body="Shelters need funding.",
        author=commenter,
        is_internal=False,
        moderation="published",
    )
    # The lead institution's answers (the two-way dialogue): one published, the others not.
    for body, moderation in [
        ("Justice answers: funds were voted in March.", "published"),
        (MARKERS["pending_reply"], "pending"),
        (MARKERS["rejected_reply"], "rejected"),
    ]:
        Reply.objects.create(
            comment=shelters, institution=justice, author=focal, body=body, moderation=moderation
        )
    # Indicators: a published one with a breakdown (a value note stays internal), and an
    # unpublished one with a value.
    occupancy = Indicator.objects.create(
        name="Prison occupancy rate", unit="%", institution=justice, is_published=True
    )
    occupancy.recommendations.set([torture])
    IndicatorValue.objects.create(
        indicator=occupancy,
        date=datetime.date(2024, 12, 31),
        value=131,
        note=MARKERS["value_note"],
    )
    IndicatorValue.objects.create(
        indicator=occupancy,
        date=datetime.date(2024, 12, 31),
        value=150,
        disaggregation={"region": "Capital"},
    )
    secret_indicator = Indicator.objects.create(
        name=MARKERS["unpublished_indicator"], institution=justice
    )
    secret_indicator.recommendations.set([torture])
    IndicatorValue.objects.create(
        indicator=secret_indicator, date=datetime.date(2024, 12, 31), value=1
    )
    Comment.objects.create(
        recommendation=torture,
        body=MARKERS["pending_comment"],
        author=commenter,
        is_internal=False,
        moderation="pending",
    )
    Comment.objects.create(
        recommendation=torture,
        body=MARKERS["rejected_comment"],
        author=commenter,
        is_internal=False,
        moderation="rejected",
        moderated_by=secretariat,
    )

    # A published action plan with one published item (linked to public and internal
    # records alike) and one internal item, and an internal plan.
    plan = ActionPlan.objects.create(
        title="National human rights action plan 2024-2028",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2028, 12, 31),
        is_published=True,
    )
    plan_item = ActionPlanItem.objects.create(
        plan=plan,
        code="3.1",
        title="Independent inspection of places of detention",
        responsible_institution=justice,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 6, 30),
        status="ongoing",
        budget=250000,
        currency="EUR",
        is_published=True,
    )
    plan_item.recommendations.set([torture, hidden])
    plan_item.indicators.set([occupancy, secret_indicator])
    activity.plan_items.add(plan_item)
    hidden_activity.plan_items.add(plan_item)
    ActionPlanItem.objects.create(
        plan=plan,
        code="3.2",
        title=MARKERS["unpublished_plan_item"],
        responsible_institution=justice,
    )
    ActionPlan.objects.create(title=MARKERS["unpublished_plan"])

    return SimpleNamespace(
        plan=plan,
        plan_item=plan_item,
        torture=torture,
        violence=violence,
        older=older,
        hidden=hidden,
        justice=justice,
        health=health,
        goal5=goal5,
        goal16=goal16,
        d25=d25,
        d2=d2,
        f13=f13,
        secretariat=secretariat,
        focal=focal,
        viewer=viewer,
        nhri=nhri_user,
        cso=cso_user,
        commenter=commenter,
        cso_org=cso_org,
        nhri_org=nhri_org,
        activity=activity,
        hidden_activity=hidden_activity,
        public_update=public_update,
        public_evidence=public_evidence,
        internal_evidence=internal_evidence,
        cluster=cluster,
    )
